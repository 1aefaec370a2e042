import { Field, Float, ID, InputType } from '@nestjs/graphql';
import type { RecommendationFilterValues } from '../ranking/recommendation-filter.js';

@InputType('RecommendationFilter', { description: 'Restricts a list. Unavailable items are always excluded.' })
export class RecommendationFilterInput implements RecommendationFilterValues {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: "Leave out items the user already bought (false enables 'buy again').",
  })
  excludePurchased?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only items in at least one of these categories (case-insensitive).',
  })
  categories?: string[] | null;

  @Field(() => Float, { nullable: true, description: 'Minimum price (inclusive); items without a price are excluded.' })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true, description: 'Maximum price (inclusive); items without a price are excluded.' })
  maxPrice?: number | null;

  @Field(() => [ID], { nullable: true, description: 'External ids never to return (e.g. items already shown).' })
  excludeItemIds?: string[] | null;
}
