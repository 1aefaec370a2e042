import { DataSource } from 'typeorm';
import { CatalogSnapshotService } from '../../src/catalog/catalog-snapshot.service.js';
import { PopularitySnapshotService } from '../../src/recommendations/popularity-snapshot.service.js';
import { seedRetailSlice } from '../support/retail-slice.js';
import { startE2eApp, type E2eApp } from './support/e2e-app.js';

// The zero-setup path: no DATABASE_URL (embedded PGlite in memory), no REDIS_URL. Every query of the
// API must behave as on PostgreSQL (array parameters, FILTER, bigint casts).
describe('storefront API on embedded PGlite (e2e)', () => {
  let api: E2eApp;

  beforeAll(async () => {
    api = await startE2eApp({ DATABASE_URL: '', REDIS_URL: '', TAILOR_DATA_DIR: 'memory://' });
    await seedRetailSlice(api.app.get(DataSource));
    await api.app.get(CatalogSnapshotService).refresh();
    await api.app.get(PopularitySnapshotService).refresh(true);
  });
  afterAll(async () => api?.close());

  it('answers recommendations, buy-again and similar items, and records events', async () => {
    const res = await api.gql(`{
      home: recommendations(userId: "17243", limit: 5) { coldStart items { source item { id } } }
      again: recommendations(userId: "17243", limit: 3, placement: BUY_AGAIN, filter: { excludePurchased: false }) { items { source } }
      similar: similarItems(itemId: "22086", limit: 4) { items { source } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.home.coldStart).toBe(false);
    expect(res.data!.home.items).toHaveLength(5);
    expect(res.data!.again.items.map((r: { source: string }) => r.source)).toEqual([
      'buy-again',
      'buy-again',
      'buy-again',
    ]);
    expect(res.data!.similar.items[0].source).toBe('co-purchase');

    const rec = await api.gql(`mutation { recordEvents(inputs: [
      { eventId: "p-1", userId: "new-user", itemId: "22086", type: PURCHASE, price: 2.5, basketId: "b1" },
      { eventId: "p-1", userId: "new-user", itemId: "22086", type: PURCHASE }
    ]) { accepted duplicates } }`);
    expect(rec).toEqual({ data: { recordEvents: { accepted: 1, duplicates: 1 } } });
    const after = await api.gql(
      `{ recommendations(userId: "new-user", limit: 3, placement: BUY_AGAIN, filter: { excludePurchased: false }) { coldStart items { source item { id } } } }`,
    );
    expect(after.data!.recommendations.coldStart).toBe(false);
    expect(after.data!.recommendations.items[0]).toEqual({ source: 'buy-again', item: { id: '22086' } });
  });
});
