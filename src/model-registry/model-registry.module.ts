import { Module } from '@nestjs/common';
import { ModelRegistryResolver } from './model-registry.resolver.js';
import { ModelVersionRepository } from './model-version.repository.js';

@Module({ providers: [ModelVersionRepository, ModelRegistryResolver], exports: [ModelVersionRepository] })
export class ModelRegistryModule {}
