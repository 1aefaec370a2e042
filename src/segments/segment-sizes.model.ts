import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SegmentSize')
export class SegmentSizeModel {
  @Field()
  segment!: string;

  @Field(() => Int)
  users!: number;
}

@ObjectType('LifecycleStageSize')
export class LifecycleStageSizeModel {
  @Field()
  stage!: string;

  @Field(() => Int)
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

  @Field(() => [LifecycleStageSizeModel], { description: 'new, active, at-risk, lapsed.' })
  lifecycle!: LifecycleStageSizeModel[];
}
