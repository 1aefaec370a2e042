import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { ContactCapsResolver } from './contact-caps.resolver.js';
import { ContactFrequencyService } from './contact-frequency.service.js';

/** The contact-frequency guard: caps per placement and the impressions they are checked against. */
@Module({
  imports: [SettingsModule],
  providers: [ContactFrequencyService, ContactCapsResolver],
  exports: [ContactFrequencyService],
})
export class ContactFrequencyModule {}
