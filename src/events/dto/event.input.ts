import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { EventTypeEnum } from './event-type.enum.js';

@InputType('EventInput', { description: 'One storefront event. Recording the same eventId twice is a no-op.' })
export class EventInput {
  @Field(() => ID, { description: 'Client-generated unique id (e.g. a UUID): the idempotency key for retries.' })
  eventId!: string;

  @Field(() => ID, { description: 'External user id; an unknown user is created.' })
  userId!: string;

  @Field(() => ID, { description: 'External item id; must exist in the catalog.' })
  itemId!: string;

  @Field(() => EventTypeEnum)
  type!: EventTypeEnum;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Positive integer (null = 1).' })
  quantity?: number | null;

  @Field(() => Float, { nullable: true, description: 'Unit price, finite and >= 0.' })
  price?: number | null;

  @Field(() => ID, { nullable: true, description: 'Order / basket id: items of one basket feed "often bought with".' })
  basketId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 8601 with zone, e.g. 2011-12-09T12:50:00Z; default: now. At most 10 min in the future.',
  })
  occurredAt?: string | null;

  @Field(() => ID, { nullable: true, description: 'requestId of the recommendation list that led to this event.' })
  requestId?: string | null;
}
