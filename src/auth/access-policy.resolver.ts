import { Query, Resolver } from '@nestjs/graphql';
import { AccessPolicyModel } from './access-policy.model.js';
import { AccessPolicyService, type AccessPolicy } from './access-policy.service.js';

/** Admin only (no @Roles): lets operators audit which operations a storefront key reaches. */
@Resolver(() => AccessPolicyModel)
export class AccessPolicyResolver {
  constructor(private readonly policy: AccessPolicyService) {}

  @Query(() => AccessPolicyModel, {
    description: 'Admin: the access mode, key counts, limits and the role each operation needs.',
  })
  accessPolicy(): AccessPolicy {
    return this.policy.policy();
  }
}
