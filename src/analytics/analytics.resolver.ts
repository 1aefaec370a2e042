import { Args, Query, Resolver } from '@nestjs/graphql';
import {
  AnalyticsRangeArgs,
  CustomerPurchasesArgs,
  CustomerSearchArgs,
  TopItemsArgs,
  ItemRangeArgs,
  ItemSearchArgs,
} from './dto/analytics.args.js';
import { AnalyticsOverviewModel, TopItemModel } from './analytics-overview.model.js';
import { CustomerPurchaseModel, CustomerSummaryModel } from './customer.model.js';
import { ItemAppearanceModel, ItemSalesModel } from './item-analytics.model.js';
import { ItemModel } from '../catalog/item.model.js';
import { AnalyticsService } from './analytics.service.js';

/** The dashboard's analytics. Admin only (no @Roles): they are about customers and the business. */
@Resolver()
export class AnalyticsResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @Query(() => AnalyticsOverviewModel, {
    description:
      'Admin: requests, cache hit ratio, clicks, add-to-carts, purchases and revenue per UTC day, and CTR and conversion per placement and day, over a range (default: the 30 days up to the newest activity).',
  })
  analyticsOverview(@Args() args: AnalyticsRangeArgs) {
    return this.analytics.overview(args.from, args.to);
  }

  @Query(() => [TopItemModel], {
    description: 'Admin: the best sellers of a range by units sold (default: the 30 days up to the newest activity).',
  })
  topItems(@Args() args: TopItemsArgs) {
    return this.analytics.topItems(args.from, args.to, args.limit);
  }

  @Query(() => [CustomerSummaryModel], {
    description:
      'Admin: customers whose id starts with the search text (id order), or the biggest spenders for an empty search.',
  })
  customers(@Args() args: CustomerSearchArgs) {
    return this.analytics.customers(args.search, args.limit);
  }

  @Query(() => [CustomerPurchaseModel], {
    description: 'Admin: a customer’s purchase lines, newest first (empty for an unknown customer).',
  })
  customerPurchases(@Args() args: CustomerPurchasesArgs) {
    return this.analytics.customerPurchases(args.userId, args.limit);
  }

  @Query(() => [ItemModel], {
    description: 'Admin: items whose id starts with the search text, then items whose title has all its words.',
  })
  searchItems(@Args() args: ItemSearchArgs) {
    return this.analytics.searchItems(args.search, args.limit);
  }

  @Query(() => ItemSalesModel, {
    description:
      'Admin: an item’s units, orders and revenue per UTC day over a range (default: the 90 days up to its latest sale, or up to the newest activity when it never sold). NOT_FOUND for an unknown item.',
  })
  itemSales(@Args() args: ItemRangeArgs) {
    return this.analytics.itemSales(args.itemId, args.from, args.to);
  }

  @Query(() => [ItemAppearanceModel], {
    description:
      'Admin: on which placements an item was shown, from the lists logged as experiment exposures over a range (default: 90 days up to the newest activity); most lists first.',
  })
  itemAppearances(@Args() args: ItemRangeArgs) {
    return this.analytics.itemAppearances(args.itemId, args.from, args.to);
  }
}
