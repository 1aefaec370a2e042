import { ArgsType, Field, ID, Int } from '@nestjs/graphql';

const FROM = 'First UTC day, YYYY-MM-DD (null: the range ends at `to` and spans the default length).';
const TO =
  'Last UTC day, included, YYYY-MM-DD (null: the newest day with activity, or `from` + the default length). At most 366 days in all.';

@ArgsType()
export class AnalyticsRangeArgs {
  @Field(() => String, { nullable: true, description: `${FROM} Default length: 30 days.` })
  from?: string | null;

  @Field(() => String, { nullable: true, description: TO })
  to?: string | null;
}

@ArgsType()
export class TopItemsArgs {
  @Field(() => String, { nullable: true, description: `${FROM} Default length: 30 days.` })
  from?: string | null;

  @Field(() => String, { nullable: true, description: TO })
  to?: string | null;

  @Field(() => Int, { defaultValue: 10, description: 'At most this many items, 1..50.' })
  limit!: number;
}

@ArgsType()
export class ItemRangeArgs {
  @Field(() => ID, { description: 'External item id.' })
  itemId!: string;

  @Field(() => String, { nullable: true, description: `${FROM} Default length: 90 days.` })
  from?: string | null;

  @Field(() => String, { nullable: true, description: TO })
  to?: string | null;
}

@ArgsType()
export class CustomerSearchArgs {
  @Field({
    description: 'Start of the customer id (case-sensitive, up to 64 characters); empty: the biggest spenders first.',
  })
  search!: string;

  @Field(() => Int, { defaultValue: 20, description: 'At most this many customers, 1..50.' })
  limit!: number;
}

@ArgsType()
export class ItemSearchArgs {
  @Field({
    description:
      'Start of an item id, or words that all start a word of the title (case-insensitive), 1..64 characters.',
  })
  search!: string;

  @Field(() => Int, { defaultValue: 20, description: 'At most this many items, 1..50.' })
  limit!: number;
}

@ArgsType()
export class CustomerPurchasesArgs {
  @Field(() => ID, { description: 'External user id.' })
  userId!: string;

  @Field(() => Int, { defaultValue: 100, description: 'At most this many purchase lines, newest first, 1..200.' })
  limit!: number;
}
