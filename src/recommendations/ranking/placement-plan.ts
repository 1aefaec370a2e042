import type { PlacementName } from '../../placements/placement.js';
import type { NormalizedFilter } from './recommendation-filter.js';

export interface PlanStep {
  /** A name in the candidate-source registry. */
  source: string;
  weight: number;
}

/**
 * The baseline sources of a shopper's list on a placement while no trained model serves (with one, the
 * placement's weights pick the sources: settings/placement-weights.ts). Buy-again only appears when the caller
 * allows purchased items (excludePurchased: false). Without a model PRODUCT and CART have no seed to work from
 * here, so they serve HOME's plan; similarItems and complementaryItems use co-purchase around the given items.
 */
/** The list that uses nothing about the shopper (no personalisation): popular and trending items. */
export function nonPersonalizedPlan(): PlanStep[] {
  return [
    { source: 'popular', weight: 1 },
    { source: 'trending', weight: 0.9 },
  ];
}

export function planFor(placement: PlacementName, filter: NormalizedFilter): PlanStep[] {
  const buyAgain = filter.excludePurchased ? [] : [{ source: 'buy-again', weight: 1 }];
  switch (placement) {
    case 'BUY_AGAIN':
      return [...buyAgain, { source: 'popular', weight: 0.2 }];
    case 'HOME':
    case 'PRODUCT':
    case 'CART':
      return [...nonPersonalizedPlan(), ...buyAgain.map((s) => ({ ...s, weight: 0.8 }))];
  }
}
