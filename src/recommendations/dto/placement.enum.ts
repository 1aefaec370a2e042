import { registerEnumType } from '@nestjs/graphql';

/** Where the list is shown. The values are the API contract (see ranking/placement-plan.ts). */
export enum Placement {
  HOME = 'HOME',
  PRODUCT = 'PRODUCT',
  CART = 'CART',
  BUY_AGAIN = 'BUY_AGAIN',
}

registerEnumType(Placement, {
  name: 'Placement',
  description: 'Where the list is shown; each placement has its own mix of sources.',
  valuesMap: {
    HOME: { description: 'Home page: popular and trending (plus buy-again when excludePurchased is false).' },
    PRODUCT: { description: 'Product page (currently as HOME).' },
    CART: { description: 'Cart page (currently as HOME).' },
    BUY_AGAIN: { description: "The user's repeat purchases first; send excludePurchased: false." },
  },
});
