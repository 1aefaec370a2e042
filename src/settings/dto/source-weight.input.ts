import { Field, Float, InputType } from '@nestjs/graphql';
import { MAX_WEIGHT, PLACEMENT_SOURCES } from '../placement-weights.js';

@InputType('PlacementSourceWeightInput', { description: 'How much one candidate source counts in a blend.' })
export class SourceWeightInput {
  @Field({
    description: `A source the placement may use: ${Object.entries(PLACEMENT_SOURCES)
      .map(([placement, sources]) => `${placement} ${sources.join(', ')}`)
      .join('; ')}.`,
  })
  source!: string;

  @Field(() => Float, {
    description: `0..${MAX_WEIGHT}, relative to the other sources' weights; 0 turns the source off (at least one must be above 0).`,
  })
  weight!: number;
}
