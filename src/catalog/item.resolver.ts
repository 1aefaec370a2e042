import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { parseExternalId } from '../graphql/external-id.js';
import type { CatalogItem } from './catalog-item.js';
import { CatalogService } from './catalog.service.js';
import { ItemModel } from './item.model.js';
import { Roles } from '../auth/roles.js';

@Resolver(() => ItemModel)
export class ItemResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Roles('storefront')
  @Query(() => ItemModel, { nullable: true, description: 'One item by its external id; null when unknown.' })
  item(
    @Args('id', { type: () => ID, description: 'The item’s external id.' }) id: string,
  ): Promise<CatalogItem | null> {
    return this.catalog.findItem(parseExternalId(id, 'id'));
  }
}
