// Item content → sparse token bags for the content model: words of the title and description, categories, and a
// price band (log-scale quantile of the catalog's prices). The vocabulary is learnt from the catalog and kept in
// the artifact, so that new items can be embedded at serving time.
import type { ItemFeatures } from '../dataset.js';

export interface ContentVocabulary {
  /** Token → index. Tokens: "w:<word>", "c:<category>", "p:<band>". */
  tokens: string[];
  /** Ascending price-band upper bounds (log-price quantiles). */
  priceBounds: number[];
  /** Inverse document frequency of each token over the training catalog: log(1 + N/df). */
  idf: number[];
}

export interface TokenBags {
  /** Flattened token ids, their weights and the item each belongs to. */
  tokens: Int32Array;
  weights: Float32Array;
  items: Int32Array;
}

const STOP = new Set(['OF', 'AND', 'THE', 'IN', 'WITH', 'A', 'FOR', 'TO', 'ON', 'SET', 'OR']);

function words(text: string | null): string[] {
  if (!text) return [];
  return text
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length >= 2 && !STOP.has(w) && !/^\d+$/.test(w));
}

function priceBand(price: number | null, bounds: number[]): string | null {
  if (price === null || !(price > 0)) return null;
  const lp = Math.log(price);
  let band = 0;
  while (band < bounds.length && lp > bounds[band]) band++;
  return `p:${band}`;
}

function rawTokens(item: ItemFeatures, bounds: number[]): string[] {
  const out = new Set<string>();
  for (const w of words(item.title)) out.add(`w:${w}`);
  for (const w of words(item.description)) out.add(`w:${w}`);
  for (const c of item.categories ?? []) if (c.trim()) out.add(`c:${c.trim().toUpperCase()}`);
  const band = priceBand(item.price, bounds);
  if (band) out.add(band);
  return [...out];
}

/**
 * @param minCount tokens seen on fewer items are dropped (they cannot generalise); default 2
 * @param priceBands number of price quantile bands; default 8
 */
export function buildContentVocabulary(items: ItemFeatures[], minCount = 2, priceBands = 8): ContentVocabulary {
  const prices = items
    .map((i) => i.price)
    .filter((p): p is number => p !== null && p > 0)
    .map(Math.log)
    .sort((a, b) => a - b);
  const priceBounds: number[] = [];
  for (let b = 1; b < priceBands && prices.length; b++) priceBounds.push(prices[Math.floor((b * prices.length) / priceBands)]);
  const counts = new Map<string, number>();
  for (const item of items) for (const t of rawTokens(item, priceBounds)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const tokens = [...counts].filter(([, c]) => c >= minCount).map(([t]) => t).sort();
  const idf = tokens.map((t) => Math.log(1 + items.length / counts.get(t)!));
  return { tokens, priceBounds, idf };
}

/** Token bags with weights idf/‖idf of the bag‖ (so every item's bag has unit norm). Items without a known token get an empty bag. */
export function tokenBags(items: ItemFeatures[], vocab: ContentVocabulary): TokenBags {
  const index = new Map(vocab.tokens.map((t, i) => [t, i]));
  const tokens: number[] = [];
  const weights: number[] = [];
  const owners: number[] = [];
  items.forEach((item, owner) => {
    const bag = rawTokens(item, vocab.priceBounds).filter((t) => index.has(t)).map((t) => index.get(t)!);
    const idf = bag.map((t) => vocab.idf[t]);
    const norm = Math.sqrt(idf.reduce((s, v) => s + v * v, 0)) || 1;
    bag.forEach((t, k) => {
      tokens.push(t);
      weights.push(idf[k] / norm);
      owners.push(owner);
    });
  });
  return { tokens: Int32Array.from(tokens), weights: Float32Array.from(weights), items: Int32Array.from(owners) };
}
