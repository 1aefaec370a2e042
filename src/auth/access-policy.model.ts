import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('OperationAccess', { description: 'The least privileged role that may call one operation.' })
export class OperationAccessModel {
  @Field({ description: 'Query, Mutation or Subscription.' })
  kind!: string;

  @Field({ description: 'The root field, e.g. recommendations.' })
  name!: string;

  @Field({ description: 'The role it needs: storefront or admin (an admin may call everything).' })
  role!: string;
}

@ObjectType('AccessPolicy', { description: 'Effective access control and limits of this instance (never the keys).' })
export class AccessPolicyModel {
  @Field({ description: 'The access mode: keys (every call needs a key or token) or open (anyone can do anything).' })
  mode!: string;

  @Field(() => Int, { description: 'Storefront API keys configured (STOREFRONT_API_KEYS); 0 or more.' })
  storefrontKeys!: number;

  @Field(() => Int, { description: 'Admin API keys configured (ADMIN_API_KEYS); 0 or more.' })
  adminKeys!: number;

  @Field({ description: 'Whether signed tokens (ADMIN_TOKEN_SECRET) are accepted.' })
  tokensAccepted!: boolean;

  @Field(() => Int, { description: 'Requests per minute per key or token subject; 0 = off (always 0 in open mode).' })
  rateLimitPerMinute!: number;

  @Field({ description: 'Whether the rate limit is counted in Redis (shared by all instances).' })
  rateLimitShared!: boolean;

  @Field(() => Int, { description: 'Deepest field nesting an operation may have (GRAPHQL_MAX_DEPTH).' })
  maxDepth!: number;

  @Field(() => Int, {
    description:
      'Highest estimated cost an operation may have (GRAPHQL_MAX_COMPLEXITY): 1 per field, times the list sizes above it.',
  })
  maxComplexity!: number;

  @Field(() => [OperationAccessModel], { description: 'Every root operation with the role it needs.' })
  operations!: OperationAccessModel[];
}
