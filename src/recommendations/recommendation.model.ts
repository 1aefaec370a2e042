import { Field, Float, ObjectType } from '@nestjs/graphql';
import type { CatalogItem } from '../catalog/catalog-item.js';
import { ItemModel } from '../catalog/item.model.js';

@ObjectType('Recommendation')
export class RecommendationModel {
  @Field(() => ItemModel)
  item!: CatalogItem;

  @Field(() => Float, { description: 'Blended score in [0, 1]; non-increasing down the list.' })
  score!: number;

  @Field({
    description:
      'The candidate source: collaborative, content, sequence, item-item, repeat, popularity (trained model); popular, trending, buy-again, co-purchase, catalog.',
  })
  source!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Human-readable why, e.g. "Because you bought WHITE METAL LANTERN".',
  })
  reason!: string | null;

  @Field(() => ItemModel, {
    nullable: true,
    description: 'The item the reason refers to (a purchase, the product shown, a basket item), when there is one.',
  })
  anchorItem?: CatalogItem | null;
}
