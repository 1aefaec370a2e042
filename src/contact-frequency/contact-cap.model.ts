import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Placement } from '../placements/placement.enum.js';

@ObjectType('ContactCap', {
  description: 'How often one item may be shown to the same user on a placement (the contact-frequency guard).',
})
export class ContactCapModel {
  @Field(() => Placement, { description: 'The placement the cap applies to.' })
  placement!: Placement;

  @Field(() => Int, {
    nullable: true,
    description: 'Showings of one item allowed per user inside the window; null: no cap on this placement.',
  })
  maxImpressions!: number | null;

  @Field(() => Float, { nullable: true, description: 'Length of the sliding window in hours; null: no cap.' })
  windowHours!: number | null;

  @Field({
    description:
      'Where the cap comes from: operator (set through the API, possibly "no cap"), config (CONTACT_CAPS) or none.',
  })
  origin!: string;

  @Field(() => Int, { description: 'Settings version of the placement’s cap (0 = never set through the API).' })
  version!: number;
}
