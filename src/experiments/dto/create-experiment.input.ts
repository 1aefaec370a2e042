import { Field, Float, InputType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar.js';

@InputType('ExperimentVariantInput')
export class ExperimentVariantInput {
  @Field({ description: 'Unique within the experiment: 1-64 letters, digits, "-" or "_".' })
  name!: string;

  @Field(() => Float, { description: 'Fraction of the targeted users, in (0, 1]; the shares sum to 1.' })
  trafficShare!: number;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Exactly one variant is the control.' })
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

@InputType('CreateExperimentInput')
export class CreateExperimentInput {
  @Field()
  name!: string;

  @Field({ description: 'HOME, PRODUCT, CART or BUY_AGAIN.' })
  placement!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only users in this RFM segment or lifecycle stage (user_segments); null = every user.',
  })
  segment?: string | null;

  @Field(() => [ExperimentVariantInput])
  variants!: ExperimentVariantInput[];
}
