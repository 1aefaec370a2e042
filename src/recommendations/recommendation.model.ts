import { Field, Float, ObjectType } from '@nestjs/graphql';
import type { CatalogItem } from '../catalog/catalog-item.js';
import { ItemModel } from '../catalog/item.model.js';

@ObjectType('Recommendation', { description: 'One recommended item, with where it came from and why.' })
export class RecommendationModel {
  @Field(() => ItemModel, { description: 'The item recommended (available, and passing the filter).' })
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
    description:
      'Human-readable why, e.g. "Because you bought WHITE METAL LANTERN" or "Popular this month"; null when the source gives none.',
  })
  reason!: string | null;

  @Field(() => ItemModel, {
    nullable: true,
    description:
      'The item the reason refers to (a purchase, the product shown, a basket item); null when the reason names none.',
  })
  anchorItem?: CatalogItem | null;
}
