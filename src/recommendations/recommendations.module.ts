import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { CacheModule } from '../cache/cache.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { PopularitySnapshotService } from './popularity-snapshot.service.js';
import { PurchaseHistoryService } from './purchase-history.service.js';
import { RecommendationsRepository } from './recommendations.repository.js';
import { RecommendationsResolver } from './recommendations.resolver.js';
import { RecommendationsService } from './recommendations.service.js';
import { BuyAgainSource } from './sources/buy-again.source.js';
import { CANDIDATE_SOURCES, type CandidateSource } from './sources/candidate-source.js';
import { CandidateSourceRegistry } from './sources/candidate-source.registry.js';
import { CoPurchaseSource } from './sources/co-purchase.source.js';
import { PopularSource } from './sources/popular.source.js';
import { TrendingSource } from './sources/trending.source.js';
import { MODEL_SOURCE_CLASSES } from './sources/model-sources.js';
import { ApplyRulesStage } from './pipeline/apply-rules.stage.js';
import { DeliverStage } from './pipeline/deliver.stage.js';
import { ExplainStage } from './pipeline/explain.stage.js';
import { FillListStage } from './pipeline/fill-list.stage.js';
import { GatherCandidatesStage } from './pipeline/gather-candidates.stage.js';
import { RankStage } from './pipeline/rank.stage.js';
import { RecommendationPipeline } from './pipeline/recommendation-pipeline.js';
import { ResolveContextStage } from './pipeline/resolve-context.stage.js';
import { ServingSnapshotService } from './serving-snapshot.service.js';
import { ModelServingModule } from '../model-serving/model-serving.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ExperimentsModule } from '../experiments/experiments.module.js';
import { ContactFrequencyModule } from '../contact-frequency/contact-frequency.module.js';
import { AnalyticsModule } from '../analytics/analytics.module.js';

// Adding a source = one class implementing CandidateSource, listed here, named in a placement plan.
const SOURCE_CLASSES = [PopularSource, TrendingSource, BuyAgainSource, CoPurchaseSource, ...MODEL_SOURCE_CLASSES];

@Module({
  imports: [
    CatalogModule,
    CacheModule,
    HealthModule,
    ModelServingModule,
    SettingsModule,
    ExperimentsModule,
    ContactFrequencyModule,
    AnalyticsModule,
  ],
  providers: [
    RecommendationsRepository,
    PurchaseHistoryService,
    PopularitySnapshotService,
    ...SOURCE_CLASSES,
    { provide: CANDIDATE_SOURCES, inject: SOURCE_CLASSES, useFactory: (...sources: CandidateSource[]) => sources },
    CandidateSourceRegistry,
    ServingSnapshotService,
    ResolveContextStage,
    GatherCandidatesStage,
    RankStage,
    ApplyRulesStage,
    ExplainStage,
    FillListStage,
    DeliverStage,
    RecommendationPipeline,
    RecommendationsService,
    RecommendationsResolver,
  ],
  exports: [RecommendationsService, PopularitySnapshotService, CandidateSourceRegistry],
})
export class RecommendationsModule {}
