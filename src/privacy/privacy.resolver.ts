import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { PRINCIPAL_CONTEXT_KEY, type AuthContext } from '../auth/principal.js';
import { parseExternalId } from '../graphql/external-id.js';
import { ForgetUserResultModel } from './forget-user-result.model.js';
import { PrivacyService, type ForgetUserOutcome } from './privacy.service.js';

/** Admin-only (no @Roles). */
@Resolver()
export class PrivacyResolver {
  constructor(private readonly privacy: PrivacyService) {}

  @Mutation(() => ForgetUserResultModel, {
    description:
      'Deletes everything stored about a user: events, segment profile, cached lists, experiment data. Idempotent (an unknown user gives deleted: false). Admin only.',
  })
  forgetUser(
    @Args('userId', { type: () => ID, description: 'The external user id.' }) userId: string,
    @Context() context?: AuthContext,
  ): Promise<ForgetUserOutcome> {
    return this.privacy.forgetUser(parseExternalId(userId, 'userId'), context?.[PRINCIPAL_CONTEXT_KEY]?.id);
  }
}
