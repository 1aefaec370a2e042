import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { EventInput } from './dto/event.input.js';
import { RecordEventsResult } from './record-events-result.model.js';
import { EventsService } from './events.service.js';
import { Roles } from '../auth/roles.js';

@Resolver()
export class EventsResolver {
  constructor(private readonly events: EventsService) {}

  @Roles('storefront')
  @Mutation(() => Boolean, {
    description: 'Records one event. True when stored, false when this eventId was already recorded (nothing changes).',
  })
  recordEvent(@Args('input', { type: () => EventInput }) input: EventInput): Promise<boolean> {
    return this.events.recordOne({ ...input, type: input.type });
  }

  @Roles('storefront')
  @Mutation(() => RecordEventsResult, { description: 'Records up to 1000 events atomically (all validated first).' })
  recordEvents(@Args('inputs', { type: () => [EventInput] }) inputs: EventInput[]): Promise<RecordEventsResult> {
    return this.events.recordMany(inputs);
  }
}
