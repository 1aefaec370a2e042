import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ErasedRows', { description: "Rows one feature's eraser deleted (e.g. experiment exposures)." })
export class ErasedRowsModel {
  @Field({ description: 'What was erased, e.g. experiment-exposures.' })
  name!: string;

  @Field(() => Int, { description: 'Rows deleted; 0 or more.' })
  rows!: number;
}

@ObjectType('ForgetUserResult', { description: 'What forgetUser deleted about one user.' })
export class ForgetUserResultModel {
  @Field(() => ID, { description: 'The external user id, as sent (trimmed).' })
  userId!: string;

  @Field({ description: 'False when nothing was stored about the user (unknown, or already forgotten).' })
  deleted!: boolean;

  @Field(() => Int, { description: 'Events deleted.' })
  events!: number;

  @Field(() => Int, { description: 'Segment profiles deleted (0 or 1).' })
  profiles!: number;

  @Field(() => [ErasedRowsModel], { description: 'Rows deleted by other features (experiments, ...).' })
  erased!: ErasedRowsModel[];

  @Field({
    description:
      'False when the cache was unreachable: cached lists then expire within CACHE_TTL_SECONDS, remembered impressions within their cap window.',
  })
  cacheInvalidated!: boolean;
}
