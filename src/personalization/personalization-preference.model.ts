import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('PersonalizationPreference', {
  description: "A customer's switch for personalisation: when off, lists use no data about them.",
})
export class PersonalizationPreferenceModel {
  @Field(() => ID, { description: 'The external user id.' })
  userId!: string;

  @Field({ description: 'False once the customer refused personalisation; true by default.' })
  personalized!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the switch was last changed; null if it never was.' })
  changedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'What changed it last, e.g. "storefront-settings" or "cli"; null if it never was changed.',
  })
  source!: string | null;
}

@ObjectType('PersonalizationChange', { description: 'The outcome of setPersonalization.' })
export class PersonalizationChangeModel extends PersonalizationPreferenceModel {
  @Field({ description: 'False when the switch already had this value: nothing was recorded.' })
  changed!: boolean;
}
