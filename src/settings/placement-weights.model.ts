import { Extensions, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { MAX_ITEMS_EXTENSION } from '../graphql/list-size.estimator.js';
import { MAX_WEIGHT } from './placement-weights.js';
import { Placement } from '../placements/placement.enum.js';

/** A placement blends a handful of sources: lists of weights are bounded by this for the complexity estimate. */
export const MAX_SOURCES = 16;

@ObjectType('PlacementSourceWeight', { description: 'How much one candidate source counts in a blend.' })
export class SourceWeightModel {
  @Field({
    description:
      'Candidate source, e.g. collaborative, sequence, item-item, repeat, co-purchase, popularity, trending.',
  })
  source!: string;

  @Field(() => Float, { description: `0..${MAX_WEIGHT}, relative to the other sources' weights; 0 = off.` })
  weight!: number;
}

@ObjectType('PlacementWeights', { description: 'The blend weights a placement uses now.' })
export class PlacementWeightsModel {
  @Field(() => Placement, { description: 'The placement.' })
  placement!: Placement;

  @Field(() => String, {
    nullable: true,
    description:
      'The customer segment (RFM segment or lifecycle stage) these weights are for; null: the placement as a whole.',
  })
  segment!: string | null;

  @Field(() => [SourceWeightModel], { description: 'The weight of each source in the blend.' })
  @Extensions({ [MAX_ITEMS_EXTENSION]: MAX_SOURCES })
  weights!: SourceWeightModel[];

  @Field({
    description:
      'Where the weights come from: segment (set through the API for this segment), operator (set for the placement), config (PLACEMENT_WEIGHTS), model (the artifact fitted blend) or built-in.',
  })
  origin!: string;

  @Field(() => Int, {
    description:
      'Settings version of the placement, or of the segment’s setting when a segment is given (0 = never set); moves on every change.',
  })
  version!: number;
}

@ObjectType('PlacementWeightsVersion', { description: 'One stored version of a placement’s weights.' })
export class PlacementWeightsVersionModel {
  @Field(() => Int, { description: 'The settings version this change created (1, 2, …).' })
  version!: number;

  @Field(() => [SourceWeightModel], {
    nullable: true,
    description: 'The weights this version set; null: it reset the placement (or segment) to its defaults.',
  })
  @Extensions({ [MAX_ITEMS_EXTENSION]: MAX_SOURCES })
  weights!: SourceWeightModel[] | null;

  @Field({ description: 'When the change was made (UTC).' })
  updatedAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'Who made the change: the caller (key id or token subject) or experiment:<id> for a shipped variant; null: not recorded.',
  })
  updatedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why, as given with the change; null: no comment.' })
  comment!: string | null;
}
