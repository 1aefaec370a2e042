import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module.js';
import { ContactFrequencyModule } from '../contact-frequency/contact-frequency.module.js';
import { ExperimentExposuresEraser } from './erasers/experiment-exposures.eraser.js';
import { EventRetentionService } from './event-retention.service.js';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyResolver } from './privacy.resolver.js';
import { PrivacyService } from './privacy.service.js';
import { UserDataErasers } from './user-data-eraser.js';

/**
 * forgetUser and event retention. Global so that any feature storing per-user data can inject
 * UserDataErasers and register its eraser without importing this module (see user-data-eraser.ts).
 */
@Global()
@Module({
  imports: [CacheModule, ContactFrequencyModule],
  providers: [
    UserDataErasers,
    ExperimentExposuresEraser,
    PrivacyRepository,
    PrivacyService,
    EventRetentionService,
    PrivacyResolver,
  ],
  exports: [UserDataErasers, PrivacyService, EventRetentionService],
})
export class PrivacyModule implements OnModuleInit {
  constructor(
    private readonly erasers: UserDataErasers,
    private readonly experimentExposures: ExperimentExposuresEraser,
  ) {}

  onModuleInit(): void {
    this.erasers.register(this.experimentExposures);
  }
}
