import { Extensions, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { MAX_ITEMS_EXTENSION } from '../graphql/list-size.estimator.js';
import { Placement } from '../recommendations/dto/placement.enum.js';

/** A placement blends a handful of sources: lists of weights are bounded by this for the complexity estimate. */
export const MAX_SOURCES = 16;

@ObjectType('PlacementSourceWeight')
export class SourceWeightModel {
  @Field({
    description:
      'Candidate source, e.g. collaborative, sequence, item-item, repeat, co-purchase, popularity, trending.',
  })
  source!: string;

  @Field(() => Float)
  weight!: number;
}

@ObjectType('PlacementWeights', { description: 'The blend weights a placement uses now.' })
export class PlacementWeightsModel {
  @Field(() => Placement)
  placement!: Placement;

  @Field(() => String, {
    nullable: true,
    description:
      'The customer segment (RFM segment or lifecycle stage) these weights are for; null: the placement as a whole.',
  })
  segment!: string | null;

  @Field(() => [SourceWeightModel])
  @Extensions({ [MAX_ITEMS_EXTENSION]: MAX_SOURCES })
  weights!: SourceWeightModel[];

  @Field({
    description:
      'segment (set through the API for this segment), operator (set for the placement), config (PLACEMENT_WEIGHTS), model (the artifact fitted blend) or built-in.',
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
  @Field(() => Int)
  version!: number;

  @Field(() => [SourceWeightModel], {
    nullable: true,
    description: 'null: this version reset the placement to its defaults.',
  })
  @Extensions({ [MAX_ITEMS_EXTENSION]: MAX_SOURCES })
  weights!: SourceWeightModel[] | null;

  @Field()
  updatedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The caller that made the change (key id or token subject).' })
  updatedBy!: string | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;
}
