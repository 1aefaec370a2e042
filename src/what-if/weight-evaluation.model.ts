import { Extensions, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Placement } from '../placements/placement.enum.js';
import { MAX_ITEMS_EXTENSION } from '../graphql/list-size.estimator.js';
import { MAX_SOURCES, SourceWeightModel } from '../settings/placement-weights.model.js';

@ObjectType({ description: "Held-out metrics of one weight set (the protocol of the model version's manifest)." })
export class WeightMetrics {
  @Field(() => Float, { description: 'NDCG@10, repeat purchases counting.' })
  ndcgAt10!: number;

  @Field(() => Float, {
    description: 'Recall@10: share of the held-out basket found in the top 10, averaged over users.',
  })
  recallAt10!: number;

  @Field(() => Float, { description: 'NDCG@10 on items new to each user.' })
  ndcgAt10New!: number;

  @Field(() => Float, { description: 'Share of the catalog appearing in some top 10.' })
  coverageAt10!: number;

  @Field(() => Float, { description: 'Share of recommended items the user had already bought.' })
  repeatShare!: number;
}

@ObjectType({ description: 'Proposed blend weights against the current ones, replayed on held-out purchases.' })
export class WeightEvaluation {
  @Field(() => Placement, { description: 'The placement evaluated.' })
  placement!: Placement;

  @Field(() => String, {
    nullable: true,
    description: 'The segment whose held-out customers were replayed; null: all of them.',
  })
  segment!: string | null;

  @Field({ description: 'The active model version whose held-out split and sources were replayed.' })
  modelVersion!: string;

  @Field(() => Int, { description: 'Held-out users replayed (a seeded sample; of the segment when one is given).' })
  users!: number;

  @Field(() => WeightMetrics, { description: 'Metrics with the proposed weights.' })
  proposed!: WeightMetrics;

  @Field(() => WeightMetrics, { description: 'Metrics with the weights the placement uses now.' })
  current!: WeightMetrics;

  @Field(() => [SourceWeightModel], { description: 'The proposed weights, as validated.' })
  @Extensions({ [MAX_ITEMS_EXTENSION]: MAX_SOURCES })
  proposedWeights!: SourceWeightModel[];

  @Field(() => [SourceWeightModel], { description: 'The weights the placement uses now.' })
  @Extensions({ [MAX_ITEMS_EXTENSION]: MAX_SOURCES })
  currentWeights!: SourceWeightModel[];

  @Field(() => Float, {
    description:
      'Seconds this evaluation took (right after a version is swapped in, waiting for its replay to be prepared).',
  })
  seconds!: number;
}
