import { Module } from '@nestjs/common';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { WhatIfResolver } from './what-if.resolver.js';
import { WhatIfService } from './what-if.service.js';

@Module({ providers: [WhatIfService, WhatIfResolver, ModelVersionRepository], exports: [WhatIfService] })
export class WhatIfModule {}
