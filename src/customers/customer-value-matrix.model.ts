import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { countedByParentLimit } from '../graphql/list-size.estimator.js';

@ObjectType('CustomerValueCell', { description: 'Customers in one RFM segment × value tier × risk cell.' })
export class CustomerValueCellModel {
  @Field({ description: 'The RFM segment.' })
  segment!: string;

  @Field({ description: 'The predicted-CLV tier: high, medium or low.' })
  valueTier!: string;

  @Field({ description: 'True for customers at risk (low P(alive)).' })
  atRisk!: boolean;

  @Field(() => Int, { description: 'Customers in the cell; at least 1 (empty cells are not listed).' })
  users!: number;
}

@ObjectType('CustomerValueCellMember', { description: 'One customer of a cell with their predictions.' })
export class CustomerValueCellMemberModel {
  @Field({ description: 'The external user id.' })
  userId!: string;

  @Field(() => Float, { description: 'Discounted CLV over the last training run’s horizon.' })
  clv!: number;

  @Field(() => Float, { description: 'P(alive), 0..1.' })
  probabilityAlive!: number;

  @Field(() => Float, { description: 'Expected orders within the horizon.' })
  expectedPurchases!: number;

  @Field(() => Float, { description: 'Past spend (Σ quantity × unit price).' })
  monetary!: number;

  @Field(() => String, { nullable: true, description: 'The value segment: high-value, high-value-at-risk, or null.' })
  valueSegment!: string | null;
}

@ObjectType('CustomerValueCellMembers', { description: 'The customers of one cell, highest CLV first.' })
export class CustomerValueCellMembersModel {
  @Field(() => Int, { description: 'Customers in the cell (the list may be shorter: see limit).' })
  total!: number;

  // The query's `limit` sizes this list (countedByParentLimit, sizedByLimit).
  @Field(() => [CustomerValueCellMemberModel], {
    complexity: countedByParentLimit,
    description: 'At most `limit` customers of the cell, highest predicted CLV first.',
  })
  members!: CustomerValueCellMemberModel[];
}
