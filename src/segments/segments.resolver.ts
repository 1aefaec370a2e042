import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { parseExternalId } from '../graphql/external-id.js';
import { SegmentSizesModel } from './segment-sizes.model.js';
import { UserProfileModel } from './user-profile.model.js';
import { SegmentsService, type SegmentSizes, type UserProfile } from './segments.service.js';

/** Admin-only (no @Roles): segment data is about customers, not for storefront clients. */
@Resolver()
export class SegmentsResolver {
  constructor(private readonly segments: SegmentsService) {}

  @Query(() => UserProfileModel, {
    nullable: true,
    description:
      "A customer's RFM segment, lifecycle stage and next-purchase window; null for an unknown user. Admin only.",
  })
  userProfile(
    @Args('userId', { type: () => ID, description: 'The external user id.' }) userId: string,
  ): Promise<UserProfile | null> {
    return this.segments.profile(parseExternalId(userId, 'userId'));
  }

  @Query(() => SegmentSizesModel, { description: 'Customers per RFM segment and lifecycle stage. Admin only.' })
  segmentSizes(): Promise<SegmentSizes> {
    return this.segments.sizes();
  }
}
