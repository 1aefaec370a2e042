import { Module } from '@nestjs/common';
import { ContactFrequencyModule } from '../contact-frequency/contact-frequency.module.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { AudiencesRepository } from './audiences.repository.js';
import { AudiencesResolver } from './audiences.resolver.js';
import { AudiencesService } from './audiences.service.js';

/** Campaign audiences (admin API and `tailor export audience`). */
@Module({
  imports: [ModelServingModule, ContactFrequencyModule],
  providers: [AudiencesRepository, AudiencesService, AudiencesResolver],
  exports: [AudiencesService],
})
export class AudiencesModule {}
