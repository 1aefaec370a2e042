import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ItemModel } from '../catalog/item.model.js';

@ObjectType('CustomerSummary', { description: 'A customer found by the dashboard’s search, with their segment.' })
export class CustomerSummaryModel {
  @Field(() => ID, { description: 'External user id.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'RFM segment; null until segments are computed after a purchase.',
  })
  segment!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Lifecycle stage (new, active, at-risk, lapsed); null as segment.',
  })
  lifecycle!: string | null;

  @Field(() => Int, { nullable: true, description: 'Distinct orders; null as segment.' })
  orders!: number | null;

  @Field(() => Int, { nullable: true, description: 'Purchase events (order lines); null as segment.' })
  purchaseLines!: number | null;

  @Field(() => Float, { nullable: true, description: 'Σ quantity × unit price of all purchases; null as segment.' })
  monetary!: number | null;

  @Field(() => Date, { nullable: true, description: 'Time of the last purchase; null as segment.' })
  lastPurchaseAt!: Date | null;
}

@ObjectType('CustomerPurchase', { description: 'One purchase line of a customer.' })
export class CustomerPurchaseModel {
  @Field(() => ItemModel, { description: 'The item bought.' })
  item!: ItemModel;

  @Field(() => Int, { description: 'Units bought.' })
  quantity!: number;

  @Field(() => Float, { nullable: true, description: 'Unit price paid; null when the event had none.' })
  unitPrice!: number | null;

  @Field(() => Date, { description: 'When the purchase happened.' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Order (basket) id; null when the event had none.' })
  orderId!: string | null;
}
