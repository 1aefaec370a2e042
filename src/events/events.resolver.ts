import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { EventInput } from './dto/event.input.js';
import { MAX_BATCH_EVENTS } from './event-validation.js';
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
  recordEvent(
    @Args('input', { type: () => EventInput, description: 'The event; see EventInput for each field’s rules.' })
    input: EventInput,
  ): Promise<boolean> {
    return this.events.recordOne({ ...input, type: input.type });
  }

  @Roles('storefront')
  @Mutation(() => RecordEventsResult, {
    description: `Records up to ${MAX_BATCH_EVENTS} events atomically: all are validated first, then all or none are stored.`,
  })
  recordEvents(
    @Args('inputs', {
      type: () => [EventInput],
      description: `The events, at most ${MAX_BATCH_EVENTS}; an eventId already recorded or repeated in the list counts as a duplicate.`,
    })
    inputs: EventInput[],
  ): Promise<RecordEventsResult> {
    return this.events.recordMany(inputs);
  }
}
