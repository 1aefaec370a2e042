import { Args, Context, Float, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { principalId, type AuthContext } from '../auth/principal.js';
import { Placement } from '../placements/placement.enum.js';
import { MAX_CAP_IMPRESSIONS, MAX_CAP_WINDOW_HOURS } from './contact-caps.js';
import { ContactCapModel } from './contact-cap.model.js';
import { ContactFrequencyService, type PlacementCap } from './contact-frequency.service.js';

const PLACEMENT_ARG = { type: () => Placement, description: 'The placement whose cap changes.' } as const;
const COMMENT_ARG = {
  type: () => String,
  nullable: true,
  description: 'Why, kept in the settings history; null: no comment.',
} as const;

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
    @Args('placement', PLACEMENT_ARG) placement: Placement,
    @Args('maxImpressions', {
      type: () => Int,
      description: `Showings of one item allowed per user inside the window, 1..${MAX_CAP_IMPRESSIONS}.`,
    })
    maxImpressions: number,
    @Args('windowHours', {
      type: () => Float,
      description: `Length of the sliding window in hours, above 0 and at most ${MAX_CAP_WINDOW_HOURS} (90 days).`,
    })
    windowHours: number,
    @Args('comment', COMMENT_ARG) comment: string | null | undefined,
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
    @Args('placement', PLACEMENT_ARG) placement: Placement,
    @Args('comment', COMMENT_ARG) comment: string | null | undefined,
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
