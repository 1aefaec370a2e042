import { Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  MAX_FILTER_CATEGORIES,
  MAX_FILTER_EXCLUDED_ITEMS,
  type RecommendationFilterValues,
} from '../ranking/recommendation-filter.js';

@InputType('RecommendationFilter', {
  description:
    'Restricts a list; a field left out or null restricts nothing (but excludePurchased defaults to true). Unavailable items are always excluded.',
})
export class RecommendationFilterInput implements RecommendationFilterValues {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description:
      "Leave out items the user already bought (null or left out = true; false enables 'buy again'). BUY_AGAIN ignores it; without a user it has no effect.",
  })
  excludePurchased?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: `Only items in at least one of these categories, matched case-insensitively; 1..${MAX_FILTER_CATEGORIES} names; null = any category.`,
  })
  categories?: string[] | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Lowest unit price (inclusive), ≥ 0, in the catalog’s currency; items without a price are then excluded. null = no lower bound.',
  })
  minPrice?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Highest unit price (inclusive), ≥ minPrice, in the catalog’s currency; items without a price are then excluded. null = no upper bound.',
  })
  maxPrice?: number | null;

  @Field(() => [ID], {
    nullable: true,
    description: `External ids never to return (e.g. items already shown), at most ${MAX_FILTER_EXCLUDED_ITEMS}; null = none.`,
  })
  excludeItemIds?: string[] | null;
}
