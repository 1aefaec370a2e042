import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { UserProfileModel } from '../segments/user-profile.model.js';
import type { UserProfile } from '../segments/segments.service.js';
import { CustomerValueModel } from './customer-value.model.js';
import { CustomerValueRepository, type StoredCustomerValue } from './customer-value.repository.js';

/** Adds the customer-value predictions to the admin's userProfile. */
@Resolver(() => UserProfileModel)
export class CustomerValueResolver {
  constructor(private readonly repository: CustomerValueRepository) {}

  @ResolveField(() => CustomerValueModel, {
    nullable: true,
    description:
      'P(alive), expected orders and CLV from the last training run; null before one, for a customer without orders then, or who refused personalisation.',
  })
  value(@Parent() profile: UserProfile): Promise<StoredCustomerValue | null> {
    return this.repository.find(profile.userId);
  }
}
