import { Args, Context, Float, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { principalId, type AuthContext } from '../auth/principal.js';
import { Placement } from '../recommendations/dto/placement.enum.js';
import { ContactCapModel } from './contact-cap.model.js';
import { ContactFrequencyService, type PlacementCap } from './contact-frequency.service.js';

// Admin only (no @Roles marking): how often shoppers see an item is a marketing decision.
@Resolver(() => ContactCapModel)
export class ContactCapsResolver {
  constructor(private readonly contactFrequency: ContactFrequencyService) {}

  @Query(() => [ContactCapModel], { description: 'The contact-frequency cap of every placement.' })
  contactCaps(): ContactCapModel[] {
    return this.contactFrequency.all().map(toModel);
  }

  @Mutation(() => ContactCapModel, {
    description:
      'Caps how often one item is shown to the same user on a placement: at most maxImpressions times within windowHours (on every instance within SETTINGS_POLL_SECONDS).',
  })
  async setContactCap(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('maxImpressions', { type: () => Int }) maxImpressions: number,
    @Args('windowHours', { type: () => Float }) windowHours: number,
    @Args('comment', { type: () => String, nullable: true }) comment: string | null | undefined,
    @Context() ctx: AuthContext,
  ): Promise<ContactCapModel> {
    return toModel(
      await this.contactFrequency.set(placement, { maxImpressions, windowHours }, principalId(ctx), comment ?? null),
    );
  }

  @Mutation(() => ContactCapModel, {
    description: 'Removes the cap of a placement (a CONTACT_CAPS default included): items may be shown again freely.',
  })
  async removeContactCap(
    @Args('placement', { type: () => Placement }) placement: Placement,
    @Args('comment', { type: () => String, nullable: true }) comment: string | null | undefined,
    @Context() ctx: AuthContext,
  ): Promise<ContactCapModel> {
    return toModel(await this.contactFrequency.set(placement, null, principalId(ctx), comment ?? null));
  }
}

function toModel(c: PlacementCap): ContactCapModel {
  return {
    placement: c.placement as Placement,
    maxImpressions: c.cap?.maxImpressions ?? null,
    windowHours: c.cap?.windowHours ?? null,
    origin: c.origin,
    version: c.version,
  };
}
