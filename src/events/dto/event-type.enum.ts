import { registerEnumType } from '@nestjs/graphql';

/** Kinds of storefront events (stored lower-case in events.type). */
export enum EventTypeEnum {
  VIEW = 'VIEW',
  CLICK = 'CLICK',
  ADD_TO_CART = 'ADD_TO_CART',
  PURCHASE = 'PURCHASE',
}

registerEnumType(EventTypeEnum, {
  name: 'EventType',
  description: 'What the user did with the item.',
  valuesMap: {
    VIEW: { description: 'Saw the item (e.g. opened its page); stored, not used for ranking.' },
    CLICK: {
      description: 'Clicked the item in a recommendation list; with requestId it counts for the CTR of experiments.',
    },
    ADD_TO_CART: { description: 'Put the item in the basket; counted per experiment variant.' },
    PURCHASE: {
      description:
        'Bought it: feeds the models, popularity and buy-again, converts in experiments, and drops the user’s cached lists.',
    },
  },
});
