import { importOnlineRetail } from '../../src/importer/index.js';
import { PurchaseHistoryRepository } from '../../src/training-data/purchase-history.repository.js';
import { loadTrainingEvents } from '../../src/training-data/training-events.loader.js';
import { writeOnlineRetailSample } from '../support/online-retail-sample.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

// The training read path on a real slice of Online Retail in a real PostgreSQL: paged reads give exactly the
// one-query history, and a customer bound reads whole histories of the kept customers only.
describe('loadTrainingEvents (real PostgreSQL)', () => {
  let db: TestDatabase;
  let history: PurchaseHistoryRepository;
  const unbounded = { maxCustomers: null, maxEvents: null, recencyHalfLifeDays: 90, seed: 42 };

  beforeAll(async () => {
    db = await createTestDatabase('training_events');
    await importOnlineRetail(db.dataSource, await writeOnlineRetailSample(8_000));
    history = new PurchaseHistoryRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads every purchase, in the one-query order, a page of customers at a time', async () => {
    const whole = await history.purchases();
    expect(whole.length).toBeGreaterThan(1000);
    const { events, sample } = await loadTrainingEvents(history, {}, unbounded, 333);
    expect(events).toEqual(whole);
    expect(sample).toMatchObject({ sampled: false, events: whole.length, keptEvents: whole.length });
    expect(sample.customers).toBe(new Set(whole.map((e) => e.userId)).size);
  });

  it('keeps the data window on every page', async () => {
    const window = { since: new Date('2010-12-02T00:00:00Z'), until: new Date('2010-12-04T00:00:00Z') };
    const { events } = await loadTrainingEvents(history, window, unbounded, 100);
    expect(events).toEqual(await history.purchases(window));
    expect(events.length).toBeGreaterThan(0);
  });

  it('reads the whole histories of the sampled customers only', async () => {
    const whole = await history.purchases();
    const { events, sample } = await loadTrainingEvents(history, {}, { ...unbounded, maxCustomers: 40 }, 250);
    const kept = new Set(events.map((e) => e.userId));
    expect(kept.size).toBe(40);
    expect(sample).toMatchObject({ sampled: true, keptCustomers: 40, keptEvents: events.length, maxCustomers: 40 });
    expect(sample.customers).toBeGreaterThan(40);
    expect(events).toEqual(whole.filter((e) => kept.has(e.userId)));
  });
});
