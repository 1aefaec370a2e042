import { Field, Float, InputType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar.js';
import { MAX_VARIANTS, MIN_VARIANTS } from '../experiment-validation.js';

@InputType('ExperimentVariantInput', { description: 'One arm of a new experiment.' })
export class ExperimentVariantInput {
  @Field({ description: 'Unique within the experiment: 1-64 letters, digits, "-" or "_".' })
  name!: string;

  @Field(() => Float, { description: 'Fraction of the targeted users, in (0, 1]; the shares sum to 1.' })
  trafficShare!: number;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Whether this is the control; exactly one variant is. null or left out = false.',
  })
  control?: boolean | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'Blend weights, source → weight (e.g. {"popular": 1, "trending": 0.3}); null = the placement\'s weights.',
  })
  weights?: unknown;

  @Field(() => String, { nullable: true, description: 'A registered model version to serve; null = the active one.' })
  modelVersion?: string | null;
}

@InputType('CreateExperimentInput', { description: 'A new experiment, created as a draft.' })
export class CreateExperimentInput {
  @Field({ description: 'Free text, 1-200 characters (trimmed).' })
  name!: string;

  @Field({ description: 'HOME, PRODUCT, CART or BUY_AGAIN.' })
  placement!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only users in this RFM segment, lifecycle stage or value segment; null = every user.',
  })
  segment?: string | null;

  @Field(() => [ExperimentVariantInput], {
    description: `${MIN_VARIANTS} to ${MAX_VARIANTS} variants, exactly one of them the control.`,
  })
  variants!: ExperimentVariantInput[];
}
