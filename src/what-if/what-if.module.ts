import { Module } from '@nestjs/common';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import { WhatIfResolver } from './what-if.resolver.js';
import { WhatIfEngineService } from './what-if-engine.service.js';
import { WhatIfService } from './what-if.service.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';

// SegmentsModule: the members of a segment, for a what-if restricted to it. ModelServingModule: the version
// served, whose engine is prepared when it is swapped in.
@Module({
  imports: [SegmentsModule, ModelServingModule],
  providers: [WhatIfEngineService, WhatIfService, WhatIfResolver, ModelVersionRepository],
  exports: [WhatIfService],
})
export class WhatIfModule {}
