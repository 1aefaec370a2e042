import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

@ObjectType('Item', { description: 'A catalog item. `id` is the storefront (external) id.' })
export class ItemModel {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  categories!: string[];

  @Field(() => Float, { nullable: true })
  price!: number | null;

  @Field()
  available!: boolean;

  @Field(() => JSONScalar, { description: 'Free-form attributes (JSON object).' })
  attributes!: Record<string, unknown>;
}
