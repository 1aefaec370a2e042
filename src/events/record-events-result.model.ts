import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RecordEventsResult', { description: 'What one recordEvents call stored.' })
export class RecordEventsResult {
  @Field(() => Int, { description: 'Events stored by this call.' })
  accepted!: number;

  @Field(() => Int, { description: 'Events whose eventId was already recorded (or repeated in the batch): ignored.' })
  duplicates!: number;
}
