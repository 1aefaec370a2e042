import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { principalId, type AuthContext } from '../auth/principal.js';
import { Roles } from '../auth/roles.js';
import { parseExternalId } from '../graphql/external-id.js';
import { UserProfileModel } from '../segments/user-profile.model.js';
import type { UserProfile } from '../segments/segments.service.js';
import { parseSource, type PersonalizationPreference } from './personalization-preference.js';
import { PersonalizationChangeModel, PersonalizationPreferenceModel } from './personalization-preference.model.js';
import { PersonalizationService, type PreferenceOutcome } from './personalization.service.js';

/** Default `source` of a change made through the API without one. */
export const API_SOURCE = 'api';

// The storefront relays the customer's own choice (a settings page, a consent banner), so both roles may
// read and set the switch.
@Resolver()
export class PersonalizationResolver {
  constructor(private readonly preferences: PersonalizationService) {}

  @Roles('storefront')
  @Query(() => PersonalizationPreferenceModel, {
    description: "A customer's personalisation switch (personalised unless they refused).",
  })
  personalization(
    @Args('userId', { type: () => ID, description: 'The external user id.' }) userId: string,
  ): Promise<PersonalizationPreference> {
    return this.preferences.get(parseExternalId(userId, 'userId'));
  }

  @Roles('storefront')
  @Mutation(() => PersonalizationChangeModel, {
    description:
      'Turns personalisation off (the customer refuses it) or back on; recorded with time and source. Off: lists use no data about the customer, no profile is computed, and they are left out of experiments, audiences and exports.',
  })
  setPersonalization(
    @Args('userId', { type: () => ID, description: 'The external user id.' }) userId: string,
    @Args('personalized', { description: 'False: the customer refuses personalisation.' }) personalized: boolean,
    @Args('source', {
      type: () => String,
      nullable: true,
      defaultValue: API_SOURCE,
      description: `Where the customer made the choice, e.g. "storefront-settings"; null or left out = "${API_SOURCE}".`,
    })
    source: string | null,
    @Context() context?: AuthContext,
  ): Promise<PreferenceOutcome> {
    return this.preferences.set(
      parseExternalId(userId, 'userId'),
      personalized,
      parseSource(source ?? API_SOURCE),
      context ? principalId(context) : 'unknown',
    );
  }
}

/** Adds the switch to the admin's userProfile, so a missing profile is explained. */
@Resolver(() => UserProfileModel)
export class UserProfilePersonalizationResolver {
  constructor(private readonly personalization: PersonalizationService) {}

  @ResolveField(() => Boolean, {
    description: 'False when the customer refused personalisation: then no segment or prediction is computed.',
  })
  async personalized(@Parent() profile: UserProfile): Promise<boolean> {
    return this.personalization.allows(profile.userId);
  }
}
