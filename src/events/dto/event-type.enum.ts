import { registerEnumType } from '@nestjs/graphql';

/** Kinds of storefront events (stored lower-case in events.type). */
export enum EventTypeEnum {
  VIEW = 'VIEW',
  CLICK = 'CLICK',
  ADD_TO_CART = 'ADD_TO_CART',
  PURCHASE = 'PURCHASE',
}

registerEnumType(EventTypeEnum, { name: 'EventType', description: 'What the user did with the item.' });
