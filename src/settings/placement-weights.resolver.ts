import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { Placement } from '../recommendations/dto/placement.enum.js';
import type { PlacementName } from '../recommendations/ranking/placement-plan.js';
import { PlacementWeightsModel } from './dto/placement-weights.model.js';
import { SourceWeightInput } from './dto/source-weight.input.js';
import { PlacementWeightsService } from './placement-weights.service.js';

// Admin only (no @Roles marking): changing what every storefront shows is an operator's decision.
@Resolver(() => PlacementWeightsModel)
export class PlacementWeightsResolver {
  constructor(
    private readonly weights: PlacementWeightsService,
    private readonly serving: ModelServingService,
  ) {}

  @Query(() => PlacementWeightsModel, { description: 'The blend weights a placement uses now, and where they come from.' })
  placementWeights(@Args('placement', { type: () => Placement }) placement: Placement): PlacementWeightsModel {
    return this.view(placement);
  }

  @Mutation(() => PlacementWeightsModel, {
    description: 'Sets the blend weights of a placement on every instance (within SETTINGS_POLL_SECONDS); cached lists of the old weights are not served again.',
  })
  async setPlacementWeights(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('weights', { type: () => [SourceWeightInput] }) weights: SourceWeightInput[],
    @Args('comment', { type: () => String, nullable: true }) comment?: string | null,
  ): Promise<PlacementWeightsModel> {
    await this.weights.set(placement, Object.fromEntries(weights.map((w) => [w.source, w.weight])), 'graphql', comment ?? null);
    return this.view(placement);
  }

  @Mutation(() => PlacementWeightsModel, { description: "Drops the operator's weights of a placement: config, model or built-in defaults apply again." })
  async resetPlacementWeights(@Args('placement', { type: () => Placement }) placement: Placement): Promise<PlacementWeightsModel> {
    await this.weights.reset(placement, 'graphql');
    return this.view(placement);
  }

  private view(placement: PlacementName): PlacementWeightsModel {
    const resolved = this.weights.resolve(placement, this.serving.current()?.bundle.manifest.blend ?? null);
    return {
      placement: placement as Placement,
      weights: Object.entries(resolved.weights).map(([source, weight]) => ({ source, weight })),
      origin: resolved.origin,
      version: this.weights.version(placement),
    };
  }
}
