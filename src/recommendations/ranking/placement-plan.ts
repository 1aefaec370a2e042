import type { NormalizedFilter } from './recommendation-filter.js';

export const PLACEMENTS = ['HOME', 'PRODUCT', 'CART', 'BUY_AGAIN'] as const;
export type PlacementName = (typeof PLACEMENTS)[number];

export interface PlanStep {
  /** A name in the candidate-source registry. */
  source: string;
  weight: number;
}

/**
 * Which sources feed a placement, with their weights. Data, not code: the trained sources of the
 * next issue ("collaborative", "sequence"...) are added here without touching resolvers or services.
 * Buy-again only appears when the caller allows purchased items (excludePurchased: false).
 * PRODUCT and CART behave like HOME until placement-specific behaviour lands.
 */
export function planFor(placement: PlacementName, filter: NormalizedFilter): PlanStep[] {
  const buyAgain = filter.excludePurchased ? [] : [{ source: 'buy-again', weight: 1 }];
  switch (placement) {
    case 'BUY_AGAIN':
      return [...buyAgain, { source: 'popular', weight: 0.2 }];
    case 'HOME':
    case 'PRODUCT':
    case 'CART':
      return [
        { source: 'popular', weight: 1 },
        { source: 'trending', weight: 0.9 },
        ...buyAgain.map((s) => ({ ...s, weight: 0.8 })),
      ];
  }
}
