import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AudienceMember', { description: 'A customer in an audience.' })
export class AudienceMemberModel {
  @Field(() => ID, { description: 'External user id.' })
  userId!: string;

  @Field(() => Float, {
    description:
      'Expected orders in the horizon × Σ over the target items of min(1, items per order / (1 + rank of the item in the customer’s list)); higher = more likely to buy soon. Comparable within one audience.',
  })
  score!: number;

  @Field(() => ID, { description: 'The target item ranked highest for this customer: the one to pitch.' })
  itemId!: string;

  @Field({ description: 'Why the customer is in the audience, for people.' })
  reason!: string;
}

@ObjectType('AudienceExclusions', { description: 'Customers left out of an audience, by reason.' })
export class AudienceExclusionsModel {
  @Field(() => Int, { description: 'Bought one of the target items within horizonDays before the newest event.' })
  recentPurchase!: number;

  @Field(() => Int, { description: 'Refused personalisation.' })
  optedOut!: number;

  @Field(() => Int, {
    description: 'The pitched item reached its contact cap on a placement (checked for the best candidates only).',
  })
  contactCap!: number;
}

@ObjectType('Audience', { description: 'The customers most likely to buy given items or a category soon.' })
export class AudienceModel {
  @Field({ description: 'The model version that scored the customers.' })
  modelVersion!: string;

  @Field(() => Int, { description: 'The horizon in days.' })
  horizonDays!: number;

  @Field(() => [AudienceMemberModel], { description: 'Best first; at most `size` customers.' })
  members!: AudienceMemberModel[];

  @Field(() => AudienceExclusionsModel, { description: 'Customers left out, by reason.' })
  excluded!: AudienceExclusionsModel;

  @Field(() => Int, { description: 'Customers with purchases that were scored.' })
  customersScored!: number;
}
