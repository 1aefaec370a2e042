import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

@ObjectType('Item', { description: 'A catalog item. `id` is the storefront (external) id.' })
export class ItemModel {
  @Field(() => ID, { description: 'The storefront’s item id (e.g. a stock code), as imported.' })
  id!: string;

  @Field({ description: 'Display title (the latest one imported).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Longer text; null when the catalog has none.' })
  description!: string | null;

  @Field(() => [String], {
    description: 'Category names as imported, in their order; empty when the catalog has none.',
  })
  categories!: string[];

  @Field(() => Float, {
    nullable: true,
    description: 'Unit price in the catalog’s currency (the latest one imported); null when unknown.',
  })
  price!: number | null;

  @Field({ description: 'False: the item is never recommended (it can still be looked up and bought).' })
  available!: boolean;

  @Field(() => JSONScalar, {
    description: 'Free-form attributes: a JSON object of the catalog’s extra columns ({} when none).',
  })
  attributes!: Record<string, unknown>;
}
