import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('OperationAccess', { description: 'The least privileged role that may call one operation.' })
export class OperationAccessModel {
  @Field({ description: 'Query, Mutation or Subscription.' })
  kind!: string;

  @Field()
  name!: string;

  @Field({ description: 'storefront or admin (admin can call everything).' })
  role!: string;
}

@ObjectType('AccessPolicy', { description: 'Effective access control and limits of this instance (never the keys).' })
export class AccessPolicyModel {
  @Field({ description: 'keys: every call needs a key or token; open: anyone can do anything.' })
  mode!: string;

  @Field(() => Int)
  storefrontKeys!: number;

  @Field(() => Int)
  adminKeys!: number;

  @Field({ description: 'Whether signed tokens (ADMIN_TOKEN_SECRET) are accepted.' })
  tokensAccepted!: boolean;

  @Field(() => Int, { description: 'Requests per minute per key or token subject; 0 = off (always 0 in open mode).' })
  rateLimitPerMinute!: number;

  @Field({ description: 'Whether the rate limit is counted in Redis (shared by all instances).' })
  rateLimitShared!: boolean;

  @Field(() => Int)
  maxDepth!: number;

  @Field(() => Int)
  maxComplexity!: number;

  @Field(() => [OperationAccessModel])
  operations!: OperationAccessModel[];
}
