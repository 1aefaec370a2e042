import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SegmentSize', { description: 'Customers in one RFM segment.' })
export class SegmentSizeModel {
  @Field({ description: 'The RFM segment, e.g. champions or hibernating.' })
  segment!: string;

  @Field(() => Int, { description: 'Customers in it; 0 or more.' })
  users!: number;
}

@ObjectType('LifecycleStageSize', { description: 'Customers in one lifecycle stage.' })
export class LifecycleStageSizeModel {
  @Field({ description: 'The stage: new, active, at-risk or lapsed.' })
  stage!: string;

  @Field(() => Int, { description: 'Customers in it; 0 or more.' })
  users!: number;
}

@ObjectType('ValueSegmentSize', { description: 'Customers in one value segment.' })
export class ValueSegmentSizeModel {
  @Field({ description: 'The value segment: high-value or high-value-at-risk.' })
  segment!: string;

  @Field(() => Int, { description: 'Customers in it; 0 or more.' })
  users!: number;
}

@ObjectType('SegmentSizes', {
  description: 'Customers per RFM segment, lifecycle stage and value segment (empty groups included).',
})
export class SegmentSizesModel {
  @Field(() => Int, { description: 'Customers with a segment (at least one purchase).' })
  total!: number;

  @Field(() => [SegmentSizeModel], { description: 'Every RFM segment, best first.' })
  segments!: SegmentSizeModel[];

  @Field(() => [LifecycleStageSizeModel], { description: 'Every lifecycle stage: new, active, at-risk, lapsed.' })
  lifecycle!: LifecycleStageSizeModel[];

  @Field(() => [ValueSegmentSizeModel], {
    description:
      'Every value segment from the last training run (customers outside both are not listed, so these need not sum to total).',
  })
  value!: ValueSegmentSizeModel[];
}
