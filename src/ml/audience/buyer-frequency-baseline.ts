// The baseline audiences are compared with: the most frequent buyers first, whatever the product ("send it to
// our best customers"). Pure.

export interface BuyerFrequency {
  userId: string;
  orders: number;
}

/** User ids by order count, most first; ties to the smaller user id. Customers in `excluded` are left out. */
export function buyerFrequencyAudience(
  buyers: readonly BuyerFrequency[],
  size: number,
  excluded: ReadonlySet<string> = new Set(),
): string[] {
  return buyers
    .filter((b) => b.orders > 0 && !excluded.has(b.userId))
    .sort((a, b) => b.orders - a.orders || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .slice(0, size)
    .map((b) => b.userId);
}
