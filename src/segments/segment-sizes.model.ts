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

@ObjectType('SegmentSizes', {
  description: 'Customers per RFM segment and per lifecycle stage (empty groups included).',
})
export class SegmentSizesModel {
  @Field(() => Int, { description: 'Customers with a segment (at least one purchase).' })
  total!: number;

  @Field(() => [SegmentSizeModel], { description: 'Every RFM segment, best first.' })
  segments!: SegmentSizeModel[];

  @Field(() => [LifecycleStageSizeModel], { description: 'Every lifecycle stage: new, active, at-risk, lapsed.' })
  lifecycle!: LifecycleStageSizeModel[];
}
