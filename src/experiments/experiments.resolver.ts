import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateExperimentInput } from './dto/create-experiment.input.js';
import {
  ExperimentModel,
  ExperimentReportModel,
  ExperimentStatusEnum,
  ExperimentVariantModel,
  type ExperimentVerdictEnum,
  ServedModelVersionModel,
  VariantReportModel,
} from './experiment.model.js';
import { MAX_VARIANTS } from './experiment-validation.js';
import type { ExperimentRecord } from './experiment.types.js';
import { ExperimentsService, MAX_LIST, type ExperimentReportView } from './experiments.service.js';

// `first` on the variant lists lets the complexity estimate (src/graphql/list-size.estimator.ts) count them
// as at most MAX_VARIANTS instead of its default 100 for an unbounded list. Leave it out to get all of them.
const FIRST_VARIANTS = {
  type: () => Int,
  nullable: true,
  defaultValue: MAX_VARIANTS,
  description: `At most this many variants (an experiment has at most ${MAX_VARIANTS}); null or left out = ${MAX_VARIANTS}.`,
};

const ID_ARG = { type: () => ID, description: 'The experiment’s id.' } as const;

// Admin only (no @Roles marking): experiments change what storefronts show.
@Resolver(() => ExperimentModel)
export class ExperimentsResolver {
  constructor(private readonly service: ExperimentsService) {}

  @Query(() => [ExperimentModel], { description: 'Experiments, newest first.' })
  async experiments(
    @Args('limit', {
      type: () => Int,
      nullable: true,
      defaultValue: 20,
      description: `At most this many, 1..${MAX_LIST}; null or left out = 20.`,
    })
    limit: number,
    @Args('status', {
      type: () => ExperimentStatusEnum,
      nullable: true,
      description: 'Only experiments in this status; null or left out: all.',
    })
    status?: ExperimentStatusEnum | null,
  ): Promise<ExperimentModel[]> {
    return (await this.service.list(limit ?? 20, status ?? null)).map(toModel);
  }

  @Query(() => ExperimentModel, {
    description:
      'One experiment (NOT_FOUND when unknown); ask for `report` to get per-variant results and the verdict.',
  })
  async experiment(@Args('id', ID_ARG) id: string): Promise<ExperimentModel> {
    return toModel(await this.service.get(id));
  }

  @Mutation(() => ExperimentModel, {
    description: 'Creates a draft experiment (validated); start it with startExperiment.',
  })
  async createExperiment(
    @Args('input', { type: () => CreateExperimentInput, description: 'The experiment to create.' })
    input: CreateExperimentInput,
  ): Promise<ExperimentModel> {
    return toModel(await this.service.create(input));
  }

  @Mutation(() => ExperimentModel, {
    description:
      'Starts a draft (draft → running); CONFLICT when another experiment runs on the placement (and segment).',
  })
  async startExperiment(@Args('id', ID_ARG) id: string): Promise<ExperimentModel> {
    return toModel(await this.service.start(id));
  }

  @Mutation(() => ExperimentModel, {
    description: "Stops a running experiment (running → stopped); users get the placement's weights again.",
  })
  async stopExperiment(@Args('id', ID_ARG) id: string): Promise<ExperimentModel> {
    return toModel(await this.service.stop(id));
  }

  @Mutation(() => ExperimentModel, {
    description:
      "Makes the variant's weights the placement's weights (a variant without weights leaves them) and marks the running or stopped experiment shipped (stopping it).",
  })
  async shipVariant(
    @Args('experimentId', ID_ARG) experimentId: string,
    @Args('variant', { description: 'The name of the variant to ship.' }) variant: string,
  ): Promise<ExperimentModel> {
    return toModel(await this.service.ship(experimentId, variant));
  }

  @ResolveField(() => [ExperimentVariantModel], { description: 'Its variants, in the order created.' })
  variants(
    @Parent() experiment: ExperimentModel,
    @Args('first', FIRST_VARIANTS) first: number,
  ): ExperimentVariantModel[] {
    return experiment.variants.slice(0, first ?? MAX_VARIANTS);
  }

  @ResolveField(() => ExperimentReportModel, {
    description:
      'Results so far, computed from the exposures and events on each request (admin dashboards: ask on demand).',
  })
  async report(@Parent() experiment: ExperimentModel & { record: ExperimentRecord }): Promise<ExperimentReportModel> {
    return toReport(await this.service.report(experiment.record));
  }
}

function toModel(e: ExperimentRecord): ExperimentModel & { record: ExperimentRecord } {
  return {
    record: e,
    id: e.id,
    name: e.name,
    placement: e.placement,
    segment: e.segment,
    status: e.status as ExperimentStatusEnum,
    variants: e.variants,
    createdAt: e.createdAt,
    startedAt: e.startedAt,
    stoppedAt: e.stoppedAt,
    shippedVariant: e.shippedVariant,
    shippedAt: e.shippedAt,
  };
}

function toReport(r: ExperimentReportView): ExperimentReportModel {
  return {
    experimentId: r.experimentId,
    verdict: r.verdict as ExperimentVerdictEnum,
    verdictVariant: r.verdictVariant,
    reason: r.reason,
    primaryMetric: r.primaryMetric,
    alpha: r.alpha,
    comparisonAlpha: r.comparisonAlpha,
    minUsersPerVariant: r.minUsersPerVariant,
    variants: r.variants.map((v): VariantReportModel => ({
      name: v.name,
      control: v.control,
      users: v.users,
      impressions: v.impressions,
      clicks: v.clicks,
      addToCarts: v.addToCarts,
      converters: v.converters,
      revenue: v.revenue,
      ctr: v.ctr,
      ctrInterval: v.ctrInterval,
      conversionRate: v.conversionRate,
      conversionInterval: v.conversionInterval,
      revenuePerUser: v.revenuePerUser.mean,
      revenuePerUserInterval: v.revenuePerUser.interval,
      conversionDifference: v.conversionTest?.difference ?? null,
      conversionDifferenceInterval: v.conversionTest?.differenceInterval ?? null,
      conversionPValue: v.conversionTest?.pValue ?? null,
      ctrPValue: v.ctrTest?.pValue ?? null,
      revenuePValue: v.revenueTest?.pValue ?? null,
      servedBy: r.servedBy[v.name] ?? [],
    })),
  };
}

const FIRST_MODEL_VERSIONS = {
  type: () => Int,
  nullable: true,
  defaultValue: 5,
  description:
    'At most this many versions (usually one; more after a version change while running); null or left out = 5.',
};

@Resolver(() => VariantReportModel)
export class VariantReportResolver {
  @ResolveField(() => [ServedModelVersionModel], {
    description:
      "This variant's responses by the model version that served them, most first. A variant naming a version " +
      'that could not be loaded was served by the active one: it shows here.',
  })
  servedBy(
    @Parent() variant: VariantReportModel,
    @Args('first', FIRST_MODEL_VERSIONS) first: number,
  ): ServedModelVersionModel[] {
    return variant.servedBy.slice(0, first ?? FIRST_MODEL_VERSIONS.defaultValue);
  }
}

@Resolver(() => ExperimentReportModel)
export class ExperimentReportResolver {
  @ResolveField(() => [VariantReportModel], { description: 'Per-variant results, in the experiment’s order.' })
  variants(
    @Parent() report: ExperimentReportModel,
    @Args('first', FIRST_VARIANTS) first: number,
  ): VariantReportModel[] {
    return report.variants.slice(0, first ?? MAX_VARIANTS);
  }
}
