import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { SourceWeightInput } from '../../settings/dto/source-weight.input.js';
import { Placement } from '../../placements/placement.enum.js';
import { RecommendationFilterInput } from './recommendation-filter.input.js';

/**
 * The `limit` of every recommendation list, declared once: the argument's default and description, the
 * service's check and the query-complexity estimate all read it.
 */
export const LIST_LIMIT = { min: 1, max: 100, default: 10 } as const;

/** How many items `complementaryItems` accepts in a basket. */
export const BASKET_ITEMS = { min: 1, max: 100 } as const;

/** The `limit` argument of the three list queries; null or left out means the default. */
const LimitField = () =>
  Field(() => Int, {
    nullable: true,
    defaultValue: LIST_LIMIT.default,
    description: `Number of items, ${LIST_LIMIT.min}..${LIST_LIMIT.max}; null or left out = ${LIST_LIMIT.default}.`,
  });

@ArgsType()
export class RecommendationsArgs {
  @Field(() => ID, { description: "The storefront's user id; unknown users get the cold-start list." })
  userId!: string;

  @LimitField()
  limit!: number | null;

  @Field(() => Placement, {
    nullable: true,
    defaultValue: Placement.HOME,
    description: 'Where the list is shown; null or left out = HOME.',
  })
  placement!: Placement | null;

  @Field(() => RecommendationFilterInput, { nullable: true, description: 'Restricts the list; null = no filter.' })
  filter?: RecommendationFilterInput | null;

  @Field(() => [SourceWeightInput], {
    nullable: true,
    description:
      'Admin only: preview the list with these blend weights instead of the placement’s (never cached, no experiment); null = the placement’s weights.',
  })
  weights?: SourceWeightInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description:
      'False: a non-personalised list for this request (popular and trending, no data about the user read or kept); null or left out = true. A customer who refused personalisation always gets one.',
  })
  personalized?: boolean | null;
}

@ArgsType()
export class SimilarItemsArgs {
  @Field(() => ID, { description: 'External id of the item shown.' })
  itemId!: string;

  @LimitField()
  limit!: number | null;

  @Field(() => RecommendationFilterInput, {
    nullable: true,
    description: 'Restricts the list; null = no filter. excludePurchased has no effect here (no user).',
  })
  filter?: RecommendationFilterInput | null;
}

@ArgsType()
export class ComplementaryItemsArgs {
  @Field(() => [ID], {
    description: `External ids of the items in the basket (${BASKET_ITEMS.min}..${BASKET_ITEMS.max}); they are never returned.`,
  })
  itemIds!: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      'The shopper, when known: their history informs the sequence model and excludePurchased applies; null: an anonymous basket.',
  })
  userId?: string | null;

  @LimitField()
  limit!: number | null;

  @Field(() => RecommendationFilterInput, {
    nullable: true,
    description: 'Restricts the list; null = no filter. excludePurchased applies only with a userId.',
  })
  filter?: RecommendationFilterInput | null;
}
