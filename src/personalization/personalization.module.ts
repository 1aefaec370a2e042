import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module.js';
import { UserDataErasers } from '../privacy/user-data-eraser.js';
import { PersonalizationPreferencesEraser } from './personalization-preferences.eraser.js';
import { PersonalizationRepository } from './personalization.repository.js';
import { PersonalizationResolver, UserProfilePersonalizationResolver } from './personalization.resolver.js';
import { PersonalizationService } from './personalization.service.js';

/**
 * The customer's switch for personalisation. Global so that recommendations, experiments, audiences and
 * exports can ask PersonalizationService without importing this module.
 */
@Global()
@Module({
  imports: [CacheModule],
  providers: [
    PersonalizationRepository,
    PersonalizationService,
    PersonalizationPreferencesEraser,
    PersonalizationResolver,
    UserProfilePersonalizationResolver,
  ],
  exports: [PersonalizationService],
})
export class PersonalizationModule implements OnModuleInit {
  constructor(
    private readonly erasers: UserDataErasers,
    private readonly eraser: PersonalizationPreferencesEraser,
  ) {}

  onModuleInit(): void {
    this.erasers.register(this.eraser);
  }
}
