import { registerEnumType } from '@nestjs/graphql';

/** Where the list is shown. The values are the API contract (see placement.ts; each placement's baseline sources are in recommendations/ranking/placement-plan.ts). */
export enum Placement {
  HOME = 'HOME',
  PRODUCT = 'PRODUCT',
  CART = 'CART',
  BUY_AGAIN = 'BUY_AGAIN',
}

registerEnumType(Placement, {
  name: 'Placement',
  description:
    'Where the list is shown; each placement has its own mix of candidate sources and weights (placementWeights shows them). Without a trained model every placement but BUY_AGAIN serves popular and trending items.',
  valuesMap: {
    HOME: {
      description: '"For you" on the home page: the trained models\' blend over the user\'s whole history.',
    },
    PRODUCT: {
      description:
        'A product page, seeded with the user’s latest purchase: co-purchase, item-item, collaborative and content similarity (similarItems takes the item shown instead).',
    },
    CART: {
      description:
        'The cart, read from the user’s latest basket: the sequence model and co-purchase (complementaryItems takes the basket instead).',
    },
    BUY_AGAIN: {
      description:
        "The user's own purchases, most likely needed again first, then popular items; excludePurchased does not apply.",
    },
  },
});
