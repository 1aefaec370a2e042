import { Args, Query, Resolver } from '@nestjs/graphql';
import { Placement } from '../placements/placement.enum.js';
import { SourceWeightInput } from '../settings/dto/source-weight.input.js';
import { WeightEvaluation } from './weight-evaluation.model.js';
import { WhatIfService, type WeightEvaluationView } from './what-if.service.js';

/** Admin only (no @Roles). */
@Resolver(() => WeightEvaluation)
export class WhatIfResolver {
  constructor(private readonly whatIf: WhatIfService) {}

  @Query(() => WeightEvaluation, {
    description:
      "Admin: replays the active model version's held-out evaluation with the proposed blend weights, beside the current ones (for every held-out customer, or one segment's).",
  })
  evaluateWeights(
    @Args('placement', { type: () => Placement, description: 'The placement whose blend is replayed.' })
    placement: Placement,
    @Args('weights', {
      type: () => [SourceWeightInput],
      description: 'The proposed weights, validated as setPlacementWeights validates them.',
    })
    weights: SourceWeightInput[],
    @Args('segment', {
      type: () => String,
      nullable: true,
      description:
        'An RFM segment or lifecycle stage: replay only its held-out customers (null: all of them). NOT_FOUND when none of them is held out.',
    })
    segment?: string | null,
  ): Promise<WeightEvaluationView> {
    return this.whatIf.evaluateWeights(placement, weights, segment ?? null);
  }
}
