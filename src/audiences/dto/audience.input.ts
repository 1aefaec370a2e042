import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { AUDIENCE_HORIZON_DAYS, AUDIENCE_MAX_ITEMS, AUDIENCE_SIZE } from '../audience-request.js';

@InputType('AudienceInput', { description: 'What an audience is for: exactly one of itemIds or category.' })
export class AudienceInput {
  @Field(() => [ID], {
    nullable: true,
    description: `Catalog item ids (1..${AUDIENCE_MAX_ITEMS}); null when a category is given.`,
  })
  itemIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A catalog category (exact name); null when itemIds are given.' })
  category?: string | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: AUDIENCE_HORIZON_DAYS.default,
    description: `Days ahead the purchase is expected in, ${AUDIENCE_HORIZON_DAYS.min}..${AUDIENCE_HORIZON_DAYS.max}; also how far back a purchase of the items excludes a customer. null or left out = ${AUDIENCE_HORIZON_DAYS.default}.`,
  })
  horizonDays?: number | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: AUDIENCE_SIZE.default,
    description: `Customers returned at most, ${AUDIENCE_SIZE.min}..${AUDIENCE_SIZE.max}. null or left out = ${AUDIENCE_SIZE.default}.`,
  })
  size?: number | null;
}
