import { Field, Float, InputType } from '@nestjs/graphql';

@InputType('PlacementSourceWeightInput')
export class SourceWeightInput {
  @Field()
  source!: string;

  @Field(() => Float, { description: '0..1000; 0 turns the source off.' })
  weight!: number;
}
