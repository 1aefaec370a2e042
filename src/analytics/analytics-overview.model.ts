import { Extensions, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { PLACEMENTS } from '../placements/placement.js';
import { ItemModel } from '../catalog/item.model.js';

// Series are columns (one array per measure, aligned with AnalyticsOverview.days): a chart reads them as they
// are, and a list of scalars costs 1 in the complexity estimate however many days it holds.

@ObjectType('DailySeries', {
  description: 'Measures over all placements, one entry per day of AnalyticsOverview.days (0 on quiet days).',
})
export class DailySeriesModel {
  @Field(() => [Int], {
    description:
      'Lists served to the storefront (recommendations, similarItems, complementaryItems); weight previews and cache-bypassing calls are not counted.',
  })
  requests!: number[];

  @Field(() => [Int], { description: 'Of those, lists answered from the per-user cache.' })
  cacheHits!: number[];

  @Field(() => [Float], {
    nullable: 'items',
    description: 'Cache hits / requests, 0..1; null on a day without requests.',
  })
  cacheHitRatio!: (number | null)[];

  @Field(() => [Int], { description: 'VIEW events recorded.' })
  views!: number[];

  @Field(() => [Int], { description: 'CLICK events recorded.' })
  clicks!: number[];

  @Field(() => [Int], { description: 'ADD_TO_CART events recorded.' })
  addToCarts!: number[];

  @Field(() => [Int], { description: 'PURCHASE events (order lines) recorded.' })
  purchases!: number[];

  @Field(() => [Int], { description: 'Distinct orders (baskets) among those purchases.' })
  orders!: number[];

  @Field(() => [Float], {
    description: 'Σ quantity × unit price of the purchases (a missing price counts 0), in the catalog currency.',
  })
  revenue!: number[];

  @Field(() => [Int], { description: 'Distinct customers who bought.' })
  buyers!: number[];
}

@ObjectType('PlacementSeries', {
  description:
    'One placement, one entry per day of AnalyticsOverview.days. requests, cacheHits and itemsServed count all lists served; the other measures come from lists logged as experiment exposures (they record the placement and the items shown) and the events sent back with their requestId on an item of the list.',
})
export class PlacementSeriesModel {
  @Field({ description: 'HOME, PRODUCT, CART or BUY_AGAIN.' })
  placement!: string;

  @Field(() => [Int], { description: 'Lists served on the placement.' })
  requests!: number[];

  @Field(() => [Int], { description: 'Of those, lists answered from the per-user cache.' })
  cacheHits!: number[];

  @Field(() => [Float], { nullable: 'items', description: 'Cache hits / requests, 0..1; null without requests.' })
  cacheHitRatio!: (number | null)[];

  @Field(() => [Int], { description: 'Items in all lists served (impressions of all traffic).' })
  itemsServed!: number[];

  @Field(() => [Int], { description: 'Lists logged as experiment exposures: the base of the rates.' })
  loggedLists!: number[];

  @Field(() => [Int], { description: 'Distinct users the logged lists went to.' })
  users!: number[];

  @Field(() => [Int], { description: 'Items shown in the logged lists.' })
  impressions!: number[];

  @Field(() => [Int], { description: 'Distinct (list, item) pairs clicked among the items shown.' })
  clicks!: number[];

  @Field(() => [Int], { description: 'ADD_TO_CART events on items shown, carrying the list’s requestId.' })
  addToCarts!: number[];

  @Field(() => [Int], { description: 'PURCHASE events (order lines) on items shown, carrying the list’s requestId.' })
  purchases!: number[];

  @Field(() => [Int], { description: 'Users with at least one such purchase.' })
  converters!: number[];

  @Field(() => [Float], { nullable: 'items', description: 'Clicks / impressions, 0..1; null without logged lists.' })
  ctr!: (number | null)[];

  @Field(() => [Float], { nullable: 'items', description: 'Converters / users, 0..1; null without logged lists.' })
  conversionRate!: (number | null)[];
}

@ObjectType('AnalyticsOverview', { description: 'Activity over a range of UTC days, for the dashboard.' })
export class AnalyticsOverviewModel {
  @Field({ description: 'First day of the range, YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last day of the range (included), YYYY-MM-DD.' })
  to!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The newest day with any stored activity (the default range ends there); null when nothing is stored.',
  })
  latestActivityDay!: string | null;

  @Field(() => [String], { description: 'Every day of the range, YYYY-MM-DD, oldest first: the x axis of the series.' })
  days!: string[];

  @Field(() => DailySeriesModel, { description: 'Measures over all placements.' })
  total!: DailySeriesModel;

  @Field(() => [PlacementSeriesModel], {
    description:
      'One entry per placement that served or logged lists in the range (HOME, PRODUCT, CART, BUY_AGAIN order).',
  })
  // One per placement at most: the complexity estimate counts that many, not an unsized list's 100.
  @Extensions({ maxItems: PLACEMENTS.length })
  placements!: PlacementSeriesModel[];
}

@ObjectType('ItemSalesSummary', { description: 'An item with its sales over a range.' })
export class TopItemModel {
  @Field(() => ItemModel, { description: 'The item sold.' })
  item!: ItemModel;

  @Field(() => Int, { description: 'Units sold (Σ quantity) in the range.' })
  units!: number;

  @Field(() => Float, { description: 'Σ quantity × unit price in the range, in the catalog currency.' })
  revenue!: number;
}
