import { Module } from '@nestjs/common';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { PlacementWeightsResolver } from './placement-weights.resolver.js';
import { PlacementWeightsService } from './placement-weights.service.js';
import { SettingsRepository } from './settings.repository.js';

@Module({
  imports: [ModelServingModule],
  providers: [SettingsRepository, PlacementWeightsService, PlacementWeightsResolver],
  exports: [PlacementWeightsService, SettingsRepository],
})
export class SettingsModule {}
