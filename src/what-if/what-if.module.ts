import { Module } from '@nestjs/common';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { WhatIfResolver } from './what-if.resolver.js';
import { WhatIfEngineService } from './what-if-engine.service.js';
import { WhatIfService } from './what-if.service.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { SettingsModule } from '../settings/settings.module.js';

// SegmentsModule: the members of a segment, for a what-if restricted to it. ModelServingModule: the version
// served, whose engine is prepared when it is swapped in. SettingsModule: the placement and segment weights in
// force, the "current" side of a what-if.
@Module({
  imports: [SegmentsModule, ModelServingModule, SettingsModule],
  providers: [WhatIfEngineService, WhatIfService, WhatIfResolver, ModelVersionRepository],
  exports: [WhatIfService],
})
export class WhatIfModule {}
