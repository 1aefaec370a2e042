// In-memory aggregates an import keeps while streaming (pure; one entry per user or item, not per row).

/** First and last time each user was seen in the file. */
export class UserWindows {
  readonly byUser = new Map<string, { first: number; last: number }>();

  observe(userId: string, at: Date): void {
    const t = at.getTime();
    const w = this.byUser.get(userId);
    if (!w) this.byUser.set(userId, { first: t, last: t });
    else if (t < w.first) w.first = t;
    else if (t > w.last) w.last = t;
  }

  window(userId: string): { firstSeenAt: Date; lastSeenAt: Date } {
    const w = this.byUser.get(userId);
    if (!w) throw new Error(`user ${userId} was never observed`);
    return { firstSeenAt: new Date(w.first), lastSeenAt: new Date(w.last) };
  }

  get size(): number {
    return this.byUser.size;
  }
}

interface RetailItemState {
  title: string | null;
  titleAt: number;
  price: number | null;
  priceAt: number;
}

/**
 * Online Retail items: the title is the most recent non-empty Description, the price the most recent
 * positive UnitPrice (a 0.00 line is a free gift or correction, not the item's price; an item
 * seen only on such lines gets 0). "Most recent"
 * is by InvoiceDate; on a tie the later row of the file wins.
 */
export class RetailItemCatalog {
  readonly byCode = new Map<string, RetailItemState>();

  observe(stockCode: string, description: string | null, unitPrice: number, at: Date): void {
    const t = at.getTime();
    let s = this.byCode.get(stockCode);
    if (!s) {
      s = { title: null, titleAt: -Infinity, price: null, priceAt: -Infinity };
      this.byCode.set(stockCode, s);
    }
    if (description && t >= s.titleAt) {
      s.title = description;
      s.titleAt = t;
    }
    if (unitPrice > 0 && t >= s.priceAt) {
      s.price = unitPrice;
      s.priceAt = t;
    } else if (s.price === null) {
      s.price = unitPrice; // only free lines so far: 0 until a priced line shows up
    }
  }

  /** Title (the stock code when no row had a description) and price. */
  current(stockCode: string): { title: string; price: number | null } {
    const s = this.byCode.get(stockCode);
    return { title: s?.title ?? stockCode, price: s?.price ?? null };
  }

  get size(): number {
    return this.byCode.size;
  }
}
