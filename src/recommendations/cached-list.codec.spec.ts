import type { CatalogItem } from '../catalog/catalog-item.js';
import { CachedListCodec, type CatalogLookup } from './cached-list.codec.js';
import type { RecommendationListView } from './recommendation-view.js';

const item = (id: string, title: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  internalId: `i${id}`,
  id,
  title,
  description: null,
  categories: [],
  price: 1,
  available: true,
  attributes: {},
  isPlaceholder: false,
  ...over,
});

/** A snapshot whose all() changes identity on every change, like CatalogSnapshotService. */
class Catalog implements CatalogLookup {
  private items: CatalogItem[];
  lookups = 0;
  constructor(items: CatalogItem[]) {
    this.items = items;
  }
  byExternalId(id: string): CatalogItem | undefined {
    this.lookups++;
    return this.items.find((i) => i.id === id);
  }
  all(): readonly CatalogItem[] {
    return this.items;
  }
  replace(next: CatalogItem): void {
    this.items = this.items.map((i) => (i.id === next.id ? next : i));
  }
}

const lantern = item('71053', 'WHITE METAL LANTERN');
const heart = item('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER');
const list: RecommendationListView = {
  requestId: 'r1',
  modelVersion: 'v1',
  cached: false,
  coldStart: false,
  personalized: true,
  items: [
    {
      item: lantern,
      score: 0.9,
      source: 'collaborative',
      reason: 'Because you bought WHITE HANGING HEART T-LIGHT HOLDER',
      anchorItem: heart,
    },
    { item: heart, score: 0.5, source: 'popularity', reason: 'Popular this week', anchorItem: null },
  ],
};

describe('CachedListCodec', () => {
  it('decodes what it encoded, as a cache hit, with items from the catalog', () => {
    const catalog = new Catalog([lantern, heart]);
    const codec = new CachedListCodec(catalog);
    const decoded = codec.decode(codec.encode(list))!;
    expect(decoded).toEqual({ modelVersion: 'v1', cached: true, coldStart: false, items: list.items });
    expect(decoded.items[0].item).toBe(lantern);
    expect(decoded.items[0].anchorItem).toBe(heart);
  });

  it('decodes a cached text once per catalog snapshot and reuses the result', () => {
    const catalog = new Catalog([lantern, heart]);
    const codec = new CachedListCodec(catalog);
    const raw = codec.encode(list);
    const first = codec.decode(raw);
    const lookups = catalog.lookups;
    expect(codec.decode(raw)).toBe(first);
    expect(codec.decode(`${raw}`)).toBe(first); // an equal text read again from Redis
    expect(catalog.lookups).toBe(lookups);
  });

  it('decodes again when the catalog changed: an item no longer available makes the hit unusable', () => {
    const catalog = new Catalog([lantern, heart]);
    const codec = new CachedListCodec(catalog);
    const raw = codec.encode(list);
    expect(codec.decode(raw)).not.toBeNull();
    catalog.replace({ ...heart, available: false });
    expect(codec.decode(raw)).toBeNull();
    catalog.replace({ ...heart, available: true, title: 'HEART HOLDER' });
    expect(codec.decode(raw)!.items[1].item.title).toBe('HEART HOLDER');
  });

  it('treats an unknown item or unreadable text as a miss', () => {
    const codec = new CachedListCodec(new Catalog([lantern]));
    expect(codec.decode(codec.encode(list))).toBeNull();
    expect(codec.decode('{"m":')).toBeNull();
  });

  it('keeps at most maxDecoded texts, dropping the oldest', () => {
    const catalog = new Catalog([lantern, heart]);
    const codec = new CachedListCodec(catalog, 2);
    const texts = [0.1, 0.2, 0.3].map((score) => codec.encode({ ...list, items: [{ ...list.items[1], score }] }));
    const decoded = texts.map((t) => codec.decode(t));
    const lookups = catalog.lookups;
    expect(codec.decode(texts[2])).toBe(decoded[2]);
    expect(codec.decode(texts[1])).toBe(decoded[1]);
    expect(catalog.lookups).toBe(lookups);
    expect(codec.decode(texts[0])).not.toBe(decoded[0]); // dropped, decoded anew
    expect(codec.decode(texts[0])).toEqual(decoded[0]);
    expect(catalog.lookups).toBeGreaterThan(lookups);
  });
});
