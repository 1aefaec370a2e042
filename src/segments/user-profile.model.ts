import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RfmScores', {
  description: 'Recency, frequency and monetary value, each scored 1..5 by quintile (5 = best).',
})
export class RfmScoresModel {
  @Field(() => Int, { description: 'Recency score 1..5 (5 = most recent).' })
  r!: number;

  @Field(() => Int, { description: 'Frequency score 1..5 (5 = most orders).' })
  f!: number;

  @Field(() => Int, { description: 'Monetary score 1..5 (5 = highest spend).' })
  m!: number;

  @Field({ description: 'The three scores as one code, e.g. "543".' })
  code!: string;

  @Field(() => Int, { description: 'Whole days between the last order and the reference time.' })
  recencyDays!: number;

  @Field(() => Int, { description: 'Distinct orders (baskets).' })
  frequency!: number;

  @Field(() => Float, { description: 'Sum of quantity × unit price over all purchases.' })
  monetary!: number;
}

@ObjectType('PurchaseWindow', {
  description: 'When the next order is expected: last order + p25 … p75 of the intervals.',
})
export class PurchaseWindowModel {
  @Field(() => Date, { description: 'Earliest expected date (UTC).' })
  from!: Date;

  @Field(() => Date, { description: 'Latest expected date (UTC).' })
  to!: Date;
}

@ObjectType('UserProfile', {
  description: "A customer's RFM segment and lifecycle (admin). Fields are null until the first purchase.",
})
export class UserProfileModel {
  @Field(() => ID, { description: 'External user id.' })
  userId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'RFM segment: champions, loyal, potential-loyalist, new-customers, promising, needs-attention, about-to-sleep, at-risk, cant-lose, hibernating; null before the first purchase.',
  })
  segment!: string | null;

  @Field(() => RfmScoresModel, {
    nullable: true,
    description: 'The scores behind the segment; null before a purchase.',
  })
  rfm!: RfmScoresModel | null;

  @Field(() => String, {
    nullable: true,
    description: 'Lifecycle stage: new, active, at-risk or lapsed; null before the first purchase.',
  })
  lifecycle!: string | null;

  @Field(() => Int, { description: 'Purchase events (order lines); rfm.frequency counts orders.' })
  purchaseCount!: number;

  @Field(() => Date, { nullable: true, description: 'First purchase (UTC); null: none yet.' })
  firstPurchaseAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Latest purchase (UTC); null: none yet.' })
  lastPurchaseAt!: Date | null;

  @Field(() => PurchaseWindowModel, { nullable: true, description: 'Null for one-time buyers.' })
  nextPurchaseWindow!: PurchaseWindowModel | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "The data's reference time (newest purchase) recency and lifecycle were computed against; null before the first purchase.",
  })
  referenceAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When this row was computed (UTC); null before the first purchase.',
  })
  computedAt!: Date | null;
}
