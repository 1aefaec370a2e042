import { Field, Float, ObjectType } from '@nestjs/graphql';
import { Placement } from '../../recommendations/dto/placement.enum.js';

@ObjectType('PlacementSourceWeight')
export class SourceWeightModel {
  @Field({ description: 'Candidate source, e.g. collaborative, sequence, repeat, co-purchase, popularity, trending.' })
  source!: string;

  @Field(() => Float)
  weight!: number;
}

@ObjectType('PlacementWeights', { description: 'The blend weights a placement uses now.' })
export class PlacementWeightsModel {
  @Field(() => Placement)
  placement!: Placement;

  @Field(() => [SourceWeightModel])
  weights!: SourceWeightModel[];

  @Field({ description: 'operator (set through the API), config (PLACEMENT_WEIGHTS), model (the artifact fitted blend) or built-in.' })
  origin!: string;

  @Field({ description: 'Settings version of the placement (0 = never set); moves on every change.' })
  version!: number;
}
