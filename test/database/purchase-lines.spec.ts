// The purchase history serving reads per uncached request (RecommendationsRepository.userPurchaseLines), on a
// real PostgreSQL: purchases only, newest first, however many other events the user has.
import { RecommendationsRepository } from '../../src/recommendations/recommendations.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

describe('purchase lines of a user (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repository: RecommendationsRepository;
  const DAY = 86_400_000;
  const t0 = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    db = await createTestDatabase('purchase_lines');
    repository = new RecommendationsRepository(db.dataSource);
    await db.dataSource.query(
      `INSERT INTO users (external_id, first_seen_at, last_seen_at) VALUES ('buyer', now(), now()), ('other', now(), now())`,
    );
    await db.dataSource.query(`INSERT INTO items (external_id, title) VALUES ('a', 'A'), ('b', 'B'), ('c', 'C')`);
    const event = (key: string, user: string, item: string, type: string, ms: number, basket: string | null) =>
      db.dataSource.query(
        `INSERT INTO events (event_key, user_id, item_id, type, occurred_at, basket_id)
         SELECT $1, u.id, i.id, $4, to_timestamp($5::float8 / 1000), $6
           FROM users u, items i WHERE u.external_id = $2 AND i.external_id = $3`,
        [key, user, item, type, ms, basket],
      );
    await event('p1', 'buyer', 'a', 'purchase', t0, 'order-1');
    await event('p2', 'buyer', 'b', 'purchase', t0, 'order-1');
    await event('p3', 'buyer', 'c', 'purchase', t0 + DAY, null);
    await event('p4', 'other', 'a', 'purchase', t0 + 2 * DAY, 'order-9');
    // Later browsing, more than the 1,000 lines read: it must not hide the purchases.
    await db.dataSource.query(
      `INSERT INTO events (event_key, user_id, item_id, type, occurred_at)
       SELECT 'v' || g, u.id, i.id, CASE WHEN g % 3 = 0 THEN 'add_to_cart' ELSE 'view' END,
              to_timestamp(${(t0 + 3 * DAY) / 1000} + g)
         FROM generate_series(1, 1500) g, users u, items i WHERE u.external_id = 'buyer' AND i.external_id = 'a'`,
    );
    await db.dataSource.query('ANALYZE events');
  });

  afterAll(async () => db?.drop());

  it('returns the purchases only, newest first, with their baskets (an event id for a line without one)', async () => {
    const lines = await repository.userPurchaseLines('buyer');
    const [c, ...order1] = lines;
    expect(lines).toHaveLength(3);
    const itemIds = new Map(
      (await db.dataSource.query(`SELECT id::text, external_id FROM items`)).map(
        (r: { id: string; external_id: string }) => [r.id, r.external_id],
      ),
    );
    expect(itemIds.get(c.itemId)).toBe('c');
    expect(c.basket).toMatch(/^event:\d+$/);
    expect(c.ms).toBe(t0 + DAY);
    expect(order1.map((l) => itemIds.get(l.itemId)).sort()).toEqual(['a', 'b']);
    expect(order1.map((l) => [l.basket, l.ms])).toEqual([
      ['order-1', t0],
      ['order-1', t0],
    ]);
  });

  it('reads at most `max` lines, the newest', async () => {
    const lines = await repository.userPurchaseLines('buyer', 1);
    expect(lines.map((l) => l.ms)).toEqual([t0 + DAY]);
  });

  it('knows nothing of an unknown user', async () => {
    expect(await repository.userPurchaseLines('nobody')).toEqual([]);
  });

  it('reads them through the purchases-only index', async () => {
    const plan: { 'QUERY PLAN': string }[] = await db.dataSource.query(
      `EXPLAIN SELECT e.item_id, e.basket_id, e.id, e.occurred_at FROM events e
        WHERE e.user_id = (SELECT id FROM users WHERE external_id = 'buyer') AND e.type = 'purchase'
        ORDER BY e.occurred_at DESC LIMIT 1000`,
    );
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/events_user_purchase_time_idx/);
  });
});
