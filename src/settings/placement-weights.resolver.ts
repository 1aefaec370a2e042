import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { principalId as author, type AuthContext } from '../auth/principal.js';
import { badInput } from '../common/errors/domain-error.js';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { Placement } from '../placements/placement.enum.js';
import type { PlacementName } from '../placements/placement.js';
import { PlacementWeightsModel, PlacementWeightsVersionModel } from './placement-weights.model.js';
import { SourceWeightInput } from './dto/source-weight.input.js';
import { MAX_WEIGHT } from './placement-weights.js';
import { PlacementWeightsService } from './placement-weights.service.js';
import { SEGMENT_TARGETS } from '../ml/segments/segment-target.js';
import { servedBlend, type BundleManifest } from '../ml/artifact/model-bundle.js';

const servedBlendOf = (manifest: BundleManifest | undefined) => (manifest ? servedBlend(manifest) : null);

const SEGMENT_ARG = {
  type: () => String,
  nullable: true,
  description: `An RFM segment, lifecycle stage or value segment (${SEGMENT_TARGETS.join(', ')}): its own weights on the placement; null or left out: the placement's.`,
} as const;
const PLACEMENT_ARG = { type: () => Placement, description: 'The placement.' } as const;
const COMMENT_ARG = {
  type: () => String,
  nullable: true,
  description: 'Why, kept in the history; null: no comment.',
} as const;
/** Default and largest length of `placementWeightsHistory`. */
const HISTORY = { default: 50, max: 500 } as const;

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
    @Args('placement', PLACEMENT_ARG) placement: Placement,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
  ): PlacementWeightsModel {
    return this.view(placement, segment ?? null);
  }

  @Query(() => [PlacementWeightsModel], {
    description: 'Every segment with its own weights in force (on one placement, or on all of them).',
  })
  segmentWeights(
    @Args('placement', {
      type: () => Placement,
      nullable: true,
      description: 'Only this placement; null or left out: every placement.',
    })
    placement: Placement | null | undefined,
  ): PlacementWeightsModel[] {
    return this.weights.segmentOverrides(placement ?? undefined).map((o) => this.view(o.placement, o.target));
  }

  @Mutation(() => PlacementWeightsModel, {
    description:
      'Sets the blend weights of a placement on every instance (within SETTINGS_POLL_SECONDS); cached lists of the old weights are not served again.',
  })
  async setPlacementWeights(
    @Args('placement', PLACEMENT_ARG) placement: Placement,
    @Args('weights', {
      type: () => [SourceWeightInput],
      description: `The new weights (sources left out are not used): sources the placement may use, 0..${MAX_WEIGHT}, at least one above 0.`,
    })
    weights: SourceWeightInput[],
    @Args('comment', COMMENT_ARG) comment: string | null | undefined,
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
    @Args('placement', PLACEMENT_ARG) placement: Placement,
    @Args('limit', {
      type: () => Int,
      defaultValue: HISTORY.default,
      description: `At most this many versions, 1..${HISTORY.max}; left out = ${HISTORY.default}.`,
    })
    limit: number,
    @Args('segment', SEGMENT_ARG) segment: string | null | undefined,
  ): Promise<PlacementWeightsVersionModel[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY.max) {
      throw badInput(`limit must be an integer between 1 and ${HISTORY.max} (got ${limit})`, { argument: 'limit' });
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
    @Args('placement', PLACEMENT_ARG) placement: Placement,
    @Args('version', {
      type: () => Int,
      description: 'A version from placementWeightsHistory (BAD_USER_INPUT when there is none).',
    })
    version: number,
    @Args('comment', COMMENT_ARG) comment: string | null | undefined,
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
    @Args('placement', PLACEMENT_ARG) placement: Placement,
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
      : this.weights.resolve(placement, servedBlendOf(this.serving.current()?.bundle.manifest));
    return {
      placement: placement as Placement,
      segment,
      weights: Object.entries(resolved.weights).map(([source, weight]) => ({ source, weight })),
      origin: resolved.origin,
      version: own ? own.version : this.weights.version(placement),
    };
  }
}
