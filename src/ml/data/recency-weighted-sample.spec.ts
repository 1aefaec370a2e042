import { recencyWeightedSample, type CustomerActivity } from './recency-weighted-sample.js';

const DAY = 86_400_000;
const now = Date.UTC(2011, 11, 9);
const customer = (id: number, ageDays: number, events = 10): CustomerActivity<number> => ({
  id,
  lastPurchase: now - ageDays * DAY,
  events,
});
const options = { maxCustomers: null, maxEvents: null, recencyHalfLifeDays: 30, seed: 42 };

describe('recencyWeightedSample', () => {
  it('keeps every customer, unsampled, while the bounds hold', () => {
    const all = [customer(1, 0), customer(2, 400), customer(3, 10)];
    const s = recencyWeightedSample(all, { ...options, maxCustomers: 3, maxEvents: 30 });
    expect(s).toEqual({ kept: [1, 2, 3], customers: 3, events: 30, keptEvents: 30, sampled: false });
  });

  it('keeps maxCustomers customers, in input order, favouring recent ones, the same for a seed', () => {
    // 100 who bought today and 100 whose last purchase is a year old: weight 0.5^(365/30) ≈ 0.0002.
    const all = [...Array.from({ length: 100 }, (_, i) => customer(i, 365)), ...Array.from({ length: 100 }, (_, i) => customer(100 + i, 0))];
    const s = recencyWeightedSample(all, { ...options, maxCustomers: 100 });
    expect(s.sampled).toBe(true);
    expect(s.kept).toHaveLength(100);
    expect(s.kept).toEqual([...s.kept].sort((a, b) => a - b));
    expect(s.kept.filter((id) => id >= 100).length).toBeGreaterThanOrEqual(95);
    expect(s.keptEvents).toBe(1000);
    expect(s.events).toBe(2000);
    expect(recencyWeightedSample(all, { ...options, maxCustomers: 100 }).kept).toEqual(s.kept);
  });

  it('draws equally recent customers uniformly', () => {
    const all = Array.from({ length: 1000 }, (_, i) => customer(i, 5));
    const s = recencyWeightedSample(all, { ...options, maxCustomers: 500 });
    const firstHalf = s.kept.filter((id) => id < 500).length;
    expect(firstHalf).toBeGreaterThan(200);
    expect(firstHalf).toBeLessThan(300);
    expect(recencyWeightedSample(all, { ...options, maxCustomers: 500, seed: 7 }).kept).not.toEqual(s.kept);
  });

  it('stops before the kept customers exceed maxEvents', () => {
    const all = Array.from({ length: 10 }, (_, i) => customer(i, 0, 30));
    const s = recencyWeightedSample(all, { ...options, maxEvents: 100 });
    expect(s.kept).toHaveLength(3);
    expect(s.keptEvents).toBe(90);
  });

  it('keeps one customer even when they alone exceed maxEvents', () => {
    const s = recencyWeightedSample([customer(1, 0, 500), customer(2, 0, 500)], { ...options, maxEvents: 100 });
    expect(s.kept).toHaveLength(1);
    expect(s.keptEvents).toBe(500);
  });
});
