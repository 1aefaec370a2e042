import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { principalId as author, type AuthContext } from '../auth/principal.js';
import { badInput } from '../common/errors/domain-error.js';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { Placement } from '../recommendations/dto/placement.enum.js';
import type { PlacementName } from '../recommendations/ranking/placement-plan.js';
import { PlacementWeightsModel, PlacementWeightsVersionModel } from './placement-weights.model.js';
import { SourceWeightInput } from './dto/source-weight.input.js';
import { PlacementWeightsService } from './placement-weights.service.js';

const SEGMENT_ARG = {
  type: () => String,
  nullable: true,
  description: 'An RFM segment or lifecycle stage: its own weights on the placement (omit: the placement).',
} as const;

// Admin only (no @Roles marking): changing what every storefront shows is an operator's decision.
@Resolver(() => PlacementWeightsModel)
export class PlacementWeightsResolver {
  constructor(
    private readonly weights: PlacementWeightsService,
    private readonly serving: ModelServingService,
  ) {}

  @Query(() => PlacementWeightsModel, {
    description: 'The blend weights a placement uses now, and where they come from.',
  })
  placementWeights(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
  ): PlacementWeightsModel {
    return this.view(placement, segment ?? null);
  }

  @Query(() => [PlacementWeightsModel], {
    description: 'Every segment with its own weights in force (on one placement, or on all of them).',
  })
  segmentWeights(
    @Args('placement', { type: () => Placement, nullable: true }) placement: Placement | null | undefined,
  ): PlacementWeightsModel[] {
    return this.weights.segmentOverrides(placement ?? undefined).map((o) => this.view(o.placement, o.target));
  }

  @Mutation(() => PlacementWeightsModel, {
    description:
      'Sets the blend weights of a placement on every instance (within SETTINGS_POLL_SECONDS); cached lists of the old weights are not served again.',
  })
  async setPlacementWeights(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('weights', { type: () => [SourceWeightInput] }) weights: SourceWeightInput[],
    @Args('comment', { type: () => String, nullable: true }) comment: string | null | undefined,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
    @Context() ctx: AuthContext,
  ): Promise<PlacementWeightsModel> {
    await this.weights.set(
      placement,
      Object.fromEntries(weights.map((w) => [w.source, w.weight])),
      author(ctx),
      comment ?? null,
      segment ?? null,
    );
    return this.view(placement, segment ?? null);
  }

  @Query(() => [PlacementWeightsVersionModel], {
    description: 'Every stored version of a placement’s weights, newest first: who changed them, when and why.',
  })
  async placementWeightsHistory(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
  ): Promise<PlacementWeightsVersionModel[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw badInput(`limit must be an integer between 1 and 500 (got ${limit})`, { argument: 'limit' });
    }
    return (await this.weights.history(placement, limit, segment ?? null)).map((v) => ({
      ...v,
      weights: v.weights && Object.entries(v.weights).map(([source, weight]) => ({ source, weight })),
    }));
  }

  @Mutation(() => PlacementWeightsModel, {
    description: 'Makes an earlier version’s weights current again (recorded as a new version; history is kept).',
  })
  async rollbackPlacementWeights(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('version', { type: () => Int }) version: number,
    @Args('comment', { type: () => String, nullable: true }) comment: string | null | undefined,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
    @Context() ctx: AuthContext,
  ): Promise<PlacementWeightsModel> {
    await this.weights.rollback(placement, version, author(ctx), comment ?? null, segment ?? null);
    return this.view(placement, segment ?? null);
  }

  @Mutation(() => PlacementWeightsModel, {
    description:
      "Drops the operator's weights of a placement (config, model or built-in defaults apply again) or of one segment on it (the placement's weights apply to it again).",
  })
  async resetPlacementWeights(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
    @Context() ctx: AuthContext,
  ): Promise<PlacementWeightsModel> {
    await this.weights.reset(placement, author(ctx), undefined, segment ?? null);
    return this.view(placement, segment ?? null);
  }

  /** The weights that apply on a placement — to customers of `segment` when one is given. */
  private view(placement: PlacementName, segment: string | null = null): PlacementWeightsModel {
    const own = segment === null ? null : this.weights.segmentSetting(placement, segment);
    const resolved = own?.weights
      ? { weights: own.weights, origin: 'segment' }
      : this.weights.resolve(placement, this.serving.current()?.bundle.manifest.blend ?? null);
    return {
      placement: placement as Placement,
      segment,
      weights: Object.entries(resolved.weights).map(([source, weight]) => ({ source, weight })),
      origin: resolved.origin,
      version: own ? own.version : this.weights.version(placement),
    };
  }
}
