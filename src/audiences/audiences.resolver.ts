import { Args, Query, Resolver } from '@nestjs/graphql';
import { AudienceModel } from './audience.model.js';
import { AudiencesService, type Audience } from './audiences.service.js';
import { AudienceInput } from './dto/audience.input.js';

// Admin only (no @Roles marking): an audience lists customers for a campaign.
@Resolver(() => AudienceModel)
export class AudiencesResolver {
  constructor(private readonly audiences: AudiencesService) {}

  @Query(() => AudienceModel, {
    description:
      'The customers most likely to buy the items (or a category) within horizonDays, from the served model read in reverse; without customers who refused personalisation, bought the items recently or reached a contact cap.',
  })
  audience(
    @Args('input', { type: () => AudienceInput, description: 'The target items or category, horizon and size.' })
    input: AudienceInput,
  ): Promise<Audience> {
    return this.audiences.build(input);
  }
}
