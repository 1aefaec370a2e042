import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { MAX_EXTERNAL_ID_LENGTH } from '../../graphql/external-id.js';
import { MAX_FUTURE_SKEW_MS, MAX_PRICE, MAX_QUANTITY } from '../event-validation.js';
import { EventTypeEnum } from './event-type.enum.js';

const ID_RULE = `trimmed, 1..${MAX_EXTERNAL_ID_LENGTH} characters, no control characters`;

@InputType('EventInput', { description: 'One storefront event. Recording the same eventId twice is a no-op.' })
export class EventInput {
  @Field(() => ID, {
    description: `Client-generated unique id (e.g. a UUID; ${ID_RULE}): the idempotency key for retries.`,
  })
  eventId!: string;

  @Field(() => ID, { description: `External user id (${ID_RULE}); an unknown user is created.` })
  userId!: string;

  @Field(() => ID, { description: `External item id (${ID_RULE}); must exist in the catalog (else BAD_USER_INPUT).` })
  itemId!: string;

  @Field(() => EventTypeEnum, { description: 'What the user did.' })
  type!: EventTypeEnum;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: `Units, an integer 1..${MAX_QUANTITY}; null or left out = 1.`,
  })
  quantity?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: `Unit price in the catalog’s currency, finite, 0..${MAX_PRICE}; null: unknown (revenue counts 0).`,
  })
  price?: number | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Order / basket id: items of one basket feed "often bought with"; null: the event is a basket of its own.',
  })
  basketId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `When it happened: ISO 8601 with a zone, e.g. 2011-12-09T12:50:00Z, a real date from 1970 on, at most ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of the server; null = now.`,
  })
  occurredAt?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'requestId of the recommendation list that led to this event (experiment attribution); null: none.',
  })
  requestId?: string | null;
}
