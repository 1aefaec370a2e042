import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ItemSales', {
  description:
    'An item’s sales over a range of UTC days; the series are aligned with `days` (0 on days without sales).',
})
export class ItemSalesModel {
  @Field(() => ID, { description: 'External item id.' })
  itemId!: string;

  @Field({ description: 'First day of the range, YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last day of the range (included), YYYY-MM-DD.' })
  to!: string;

  @Field(() => [String], { description: 'Every day of the range, YYYY-MM-DD, oldest first.' })
  days!: string[];

  @Field(() => [Int], { description: 'Units sold (Σ quantity) per day.' })
  unitsPerDay!: number[];

  @Field(() => [Int], { description: 'Orders (baskets) with the item per day.' })
  ordersPerDay!: number[];

  @Field(() => [Float], { description: 'Σ quantity × unit price per day, in the catalog currency.' })
  revenuePerDay!: number[];

  @Field(() => Int, { description: 'Units sold in the range.' })
  units!: number;

  @Field(() => Int, { description: 'Orders with the item in the range.' })
  orders!: number;

  @Field(() => Float, { description: 'Revenue of the item in the range, in the catalog currency.' })
  revenue!: number;

  @Field(() => Int, { description: 'Distinct customers who bought it in the range.' })
  customers!: number;
}

@ObjectType('ItemAppearance', {
  description: 'How often an item was shown on one placement, from the lists logged as experiment exposures.',
})
export class ItemAppearanceModel {
  @Field({ description: 'HOME, PRODUCT, CART or BUY_AGAIN.' })
  placement!: string;

  @Field(() => Int, { description: 'Logged lists that showed the item.' })
  lists!: number;

  @Field(() => Int, { description: 'Distinct users those lists went to.' })
  users!: number;

  @Field(() => Int, { description: 'Of those lists, the ones whose requestId came back with a click on the item.' })
  clicks!: number;

  @Field(() => Int, { description: 'Purchase events of the item carrying one of those lists’ requestId.' })
  purchases!: number;
}
