import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('CustomerValue', {
  description:
    'Predictions of the customer-value model (BG/NBD + Gamma–Gamma), written by the last training run as of its newest purchase.',
})
export class CustomerValueModel {
  @Field(() => Float, { description: 'Probability the customer is still active, 0..1.' })
  probabilityAlive!: number;

  @Field(() => Float, { description: 'Expected orders within horizonDays.' })
  expectedPurchases!: number;

  @Field(() => Float, { description: 'Expected value of one order (Σ quantity × unit price).' })
  expectedOrderValue!: number;

  @Field(() => Float, { description: 'Discounted value of the expected orders within horizonDays.' })
  clv!: number;

  @Field(() => Int, { description: 'The horizon of expectedPurchases and clv, in days.' })
  horizonDays!: number;

  @Field(() => Float, { description: 'Yearly discount rate of clv (0.1 = 10 %).' })
  annualDiscountRate!: number;

  @Field({
    description: 'Predicted-CLV tier against this run’s customers: high (top decile), medium (upper half), low.',
  })
  valueTier!: string;

  @Field({ description: 'P(alive) in the lowest fifth of this run’s customers (and below 1).' })
  atRisk!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The value segment weights and experiments can target: high-value, high-value-at-risk, or null.',
  })
  valueSegment!: string | null;

  @Field(() => Date, { description: 'The data’s "now" of the prediction (the newest purchase at training time).' })
  referenceAt!: Date;

  @Field(() => Date, { description: 'When the training run wrote the prediction.' })
  computedAt!: Date;
}
