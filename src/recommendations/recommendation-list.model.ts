import { Field, ID, ObjectType } from '@nestjs/graphql';
import { countedByParentLimit } from '../graphql/list-size.estimator.js';
import { RecommendationModel } from './recommendation.model.js';

@ObjectType('RecommendationList', { description: 'A ranked list of recommendations answering one request.' })
export class RecommendationListModel {
  @Field(() => ID, {
    description: 'Unique per response (also on a cache hit); send it back with events for attribution.',
  })
  requestId!: string;

  // The query's `limit` sizes this list: its cost counts `limit` elements (countedByParentLimit, sizedByLimit).
  @Field(() => [RecommendationModel], {
    complexity: countedByParentLimit,
    description:
      'Best first, exactly `limit` items unless fewer catalog items pass the rules and the filter (filled from popular items, then the catalog).',
  })
  items!: RecommendationModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Version of the trained model used; null while serving non-model baselines.',
  })
  modelVersion!: string | null;

  @Field({ description: 'True when the list came from the per-user cache.' })
  cached!: boolean;

  @Field({ description: 'True when the user has no purchase history (unknown or new user).' })
  coldStart!: boolean;

  @Field({
    description:
      'False for a non-personalised list (popular and trending items): the customer refused personalisation, or the request asked for one.',
  })
  personalized!: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'The running experiment this list was served in; null outside experiments.',
  })
  experimentId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The experiment variant that produced this list; null outside experiments.',
  })
  variant?: string | null;
}
