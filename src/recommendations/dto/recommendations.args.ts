import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { SourceWeightInput } from '../../settings/dto/source-weight.input.js';
import { Placement } from './placement.enum.js';
import { RecommendationFilterInput } from './recommendation-filter.input.js';

@ArgsType()
export class RecommendationsArgs {
  @Field(() => ID, { description: "The storefront's user id; unknown users get the cold-start list." })
  userId!: string;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'Number of items, 1..100 (null = 10).' })
  limit!: number | null;

  @Field(() => Placement, { nullable: true, defaultValue: Placement.HOME })
  placement!: Placement | null;

  @Field(() => RecommendationFilterInput, { nullable: true })
  filter?: RecommendationFilterInput | null;

  @Field(() => [SourceWeightInput], {
    nullable: true,
    description:
      'Admin only: preview the list with these blend weights instead of the placement’s (never cached, no experiment).',
  })
  weights?: SourceWeightInput[] | null;
}

@ArgsType()
export class SimilarItemsArgs {
  @Field(() => ID, { description: 'External id of the item shown.' })
  itemId!: string;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'Number of items, 1..100 (null = 10).' })
  limit!: number | null;

  @Field(() => RecommendationFilterInput, {
    nullable: true,
    description: 'excludePurchased has no effect here (no user).',
  })
  filter?: RecommendationFilterInput | null;
}

@ArgsType()
export class ComplementaryItemsArgs {
  @Field(() => [ID], { description: 'External ids of the items in the basket (1..100); they are never returned.' })
  itemIds!: string[];

  @Field(() => ID, {
    nullable: true,
    description: 'The shopper, when known: their history informs the sequence model and excludePurchased applies.',
  })
  userId?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'Number of items, 1..100 (null = 10).' })
  limit!: number | null;

  @Field(() => RecommendationFilterInput, { nullable: true })
  filter?: RecommendationFilterInput | null;
}
