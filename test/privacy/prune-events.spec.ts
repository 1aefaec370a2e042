// Event retention on the real PostgreSQL: EventRetentionService / PrivacyRepository and the
// `tailor prune-events` command. "Now" is passed explicitly to the service (no wall-clock assertions);
// the CLI counts from the real clock, and the fixture data (2011 and "yesterday") is far from any edge.
import { jest } from '@jest/globals';
import { MemoryCacheStore } from '../../src/cache/memory-cache.store.js';
import { RedisCacheStore } from '../../src/cache/redis-cache.store.js';
import { createProgram, runCli } from '../../src/cli/program.js';
import { registerPruneEventsCommand } from '../../src/cli/commands/prune-events.command.js';
import { EventRetentionService, retentionCutoff } from '../../src/privacy/event-retention.service.js';
import { PrivacyRepository } from '../../src/privacy/privacy.repository.js';
import { ExperimentExposuresEraser } from '../../src/privacy/erasers/experiment-exposures.eraser.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { connectedCacheStore } from '../support/cache-store.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';

const DAY = 86_400_000;

describe('event retention', () => {
  let db: TestDatabase;
  let slice: RetailSlice;
  let repository: PrivacyRepository;
  const NOW = new Date('2012-03-01T00:00:00Z');

  const count = async (sql: string) =>
    Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`))[0].n);

  beforeEach(async () => {
    db = await createTestDatabase('privacy_prune_events');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    repository = new PrivacyRepository(db.dataSource);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await db?.drop();
  });

  const service = (days: number, sweep = 0) =>
    new EventRetentionService(repository, { EVENT_RETENTION_DAYS: days, RETENTION_SWEEP_MINUTES: sweep });

  it('deletes exactly the events before the cutoff, in batches, and the users left without events', async () => {
    const cutoff = new Date('2011-11-20T00:00:00Z');
    const expectedEvents = slice.purchases.filter((p) => p.occurredAt < cutoff).length;
    const survivors = new Set(slice.purchases.filter((p) => p.occurredAt >= cutoff).map((p) => p.customerId));
    const goneUsers = slice.customers.filter((c) => !survivors.has(c)).length;
    expect(expectedEvents).toBeGreaterThan(20);
    expect(expectedEvents).toBeLessThan(slice.purchases.length);
    await db.dataSource.query(
      `INSERT INTO user_segments (user_id, recency_days, frequency, monetary, r_score, f_score, m_score, rfm_code, segment,
                                  lifecycle, purchase_count, first_purchase_at, last_purchase_at, reference_at)
       SELECT id, 1, 1, 1, 1, 1, 1, '111', 'hibernating', 'lapsed', 1, first_seen_at, last_seen_at, last_seen_at FROM users`,
    );

    // A batch of 7 rows forces many DELETE statements.
    const counts = await repository.pruneBefore(cutoff, 7);
    expect(counts.events).toBe(expectedEvents);
    expect(await count(`events WHERE occurred_at < '2011-11-20T00:00:00Z'`)).toBe(0);
    expect(await count(`events`)).toBe(slice.purchases.length - expectedEvents);
    expect(counts.users).toBe(goneUsers);
    expect(await count(`users`)).toBe(survivors.size);
    expect(await count(`user_segments`)).toBe(survivors.size); // cascaded with their users
  });

  it('counts days back from "now"; a dry run deletes nothing; a second run finds nothing', async () => {
    // A recent user, one day before NOW: inside any retention.
    await db.dataSource.query(
      `INSERT INTO users (external_id, first_seen_at, last_seen_at) VALUES ('recent', $1, $1)`,
      [new Date(NOW.getTime() - DAY).toISOString()],
    );
    await db.dataSource.query(
      `INSERT INTO events (event_key, user_id, item_id, type, occurred_at)
       SELECT 'recent-1', u.id, i.id, 'view', $1 FROM users u, (SELECT id FROM items LIMIT 1) i WHERE u.external_id = 'recent'`,
      [new Date(NOW.getTime() - DAY).toISOString()],
    );
    const retention = service(30);
    const dry = await retention.prune({ now: NOW, dryRun: true });
    expect(dry).toMatchObject({ events: slice.purchases.length, users: 0, dryRun: true, retentionDays: 30 });
    expect(dry.cutoff.toISOString()).toBe('2012-01-31T00:00:00.000Z');
    expect(await count(`events`)).toBe(slice.purchases.length + 1);

    const run = await retention.prune({ now: NOW });
    expect(run).toMatchObject({ events: slice.purchases.length, users: slice.customers.length, dryRun: false });
    expect(await count(`events`)).toBe(1);
    expect(await count(`users`)).toBe(1);
    expect((await retention.prune({ now: NOW })).events).toBe(0);
  });

  it('drops the cached lists after deleting events, not on a dry run nor when nothing was deleted', async () => {
    const bounds = { ttlSeconds: 60, maxUsers: 10, maxEntriesPerUser: 10 };
    const cache = new MemoryCacheStore(bounds);
    await cache.set('12347', 'HOME|10|d|v1|r2', '[]');
    await cache.set('12348', 'history|v1', '[]');
    const withCache = new EventRetentionService(
      repository,
      { EVENT_RETENTION_DAYS: 30, RETENTION_SWEEP_MINUTES: 0 },
      cache,
    );
    const dry = await withCache.prune({ now: NOW, dryRun: true });
    expect(dry.cache).toBeUndefined();
    expect(await cache.get('12347', 'HOME|10|d|v1|r2')).toBe('[]');
    const run = await withCache.prune({ now: NOW });
    expect(run.events).toBe(slice.purchases.length);
    expect(run.cache).toEqual({ dropped: 2 });
    expect(await cache.get('12347', 'HOME|10|d|v1|r2')).toBeNull();
    // Nothing deleted: nothing to drop.
    expect((await withCache.prune({ now: NOW })).cache).toBeUndefined();
  });

  it('deletes the events all the same when the cache cannot be reached, and says so', async () => {
    const bounds = { ttlSeconds: 60, maxUsers: 10, maxEntriesPerUser: 10 };
    const unreachable = new RedisCacheStore({
      ...bounds,
      url: 'redis://127.0.0.1:1',
      keyPrefix: 'unused:',
      commandTimeoutMs: 100,
    });
    try {
      const failing = new EventRetentionService(
        repository,
        { EVENT_RETENTION_DAYS: 30, RETENTION_SWEEP_MINUTES: 0 },
        unreachable,
      );
      const s = await failing.prune({ now: NOW });
      expect(s.events).toBe(slice.purchases.length); // the events are deleted all the same
      expect(s.cache).toEqual({ error: expect.any(String) });
    } finally {
      await unreachable.close();
    }
  });

  it('refuses a retention of 0 days (keep forever) and a sweep without retention', () => {
    expect(() => retentionCutoff(0, NOW)).toThrow(/≥ 1/);
    expect(() => service(0, 60)).toThrow(/RETENTION_SWEEP_MINUTES is set but EVENT_RETENTION_DAYS is 0/);
    expect(() => service(0)).not.toThrow();
  });

  describe('tailor prune-events', () => {
    const saved = { ...process.env };
    let out = '';
    let err = '';
    beforeEach(() => {
      out = '';
      err = '';
      jest.spyOn(process.stdout, 'write').mockImplementation((t: string | Uint8Array) => ((out += String(t)), true));
      process.env.DATABASE_URL = db.url;
      delete process.env.EVENT_RETENTION_DAYS;
    });
    afterEach(() => {
      process.env = { ...saved };
    });
    const run = (...argv: string[]) =>
      runCli(
        argv,
        { stdout: (t) => (out += t), stderr: (t) => (err += t) },
        createProgram([registerPruneEventsCommand]),
      );

    it('is a usage error while retention is off (the default keeps the 2011 demo data)', async () => {
      expect(await run('prune-events')).toBe(2);
      expect(err).toMatch(/retention is off \(EVENT_RETENTION_DAYS=0/);
      expect(await count(`events`)).toBe(slice.purchases.length);
    });

    it('--dry-run counts, then EVENT_RETENTION_DAYS deletes everything older (all of 2011 here)', async () => {
      process.env.EVENT_RETENTION_DAYS = '365';
      expect(await run('prune-events', '--dry-run')).toBe(0);
      expect(out).toMatch(new RegExp(`^Would delete ${slice.purchases.length} events before \\d{4}-`));
      expect(await count(`events`)).toBe(slice.purchases.length);
      expect(await run('prune-events')).toBe(0);
      expect(out).toMatch(
        new RegExp(`Deleted ${slice.purchases.length} events before .* and ${slice.customers.length} users`),
      );
      expect(await count(`events`)).toBe(0);
      expect(await count(`users`)).toBe(0);
    });

    it('drops the cached lists of every user in Redis (REDIS_URL, REDIS_KEY_PREFIX) after deleting events', async () => {
      const prefix = testKeyPrefix('prune-events-cli');
      const store = await connectedCacheStore(prefix);
      try {
        await store.set('12347', 'HOME|10|d|v1|r2', '[]');
        await store.set('12348', 'history|v1', '[]');
        Object.assign(process.env, {
          EVENT_RETENTION_DAYS: '365',
          REDIS_URL: REDIS_TEST_URL,
          REDIS_KEY_PREFIX: prefix,
        });
        expect(await run('prune-events')).toBe(0);
        expect(out).toMatch(/Dropped the cached lists and purchase histories of 2 users \(Redis\)/);
        expect(await store.get('12347', 'HOME|10|d|v1|r2')).toBeNull();
        expect(await store.get('12348', 'history|v1')).toBeNull();
        expect(err).toBe('');
      } finally {
        await store.close();
      }
    });

    it('rejects a bad --days', async () => {
      expect(await run('prune-events', '--days', '0')).toBe(2);
      expect(await run('prune-events', '--days', 'ten')).toBe(2);
    });
  });
});

describe('experiment exposures eraser', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('privacy_exposures_eraser');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("deletes the user's exposures when the table exists, and is a no-op when it does not", async () => {
    const eraser = new ExperimentExposuresEraser();
    // Only the column the eraser relies on; the experiments migration may or may not be present here.
    await db.dataSource.query(`DROP TABLE IF EXISTS experiment_exposures CASCADE`);
    expect(await db.dataSource.transaction((tx) => eraser.eraseUser(tx, { externalId: 'u1', internalId: null }))).toBe(
      0,
    );
    await db.dataSource.query(`CREATE TABLE experiment_exposures (request_id text PRIMARY KEY, user_id text NOT NULL)`);
    await db.dataSource.query(`INSERT INTO experiment_exposures VALUES ('r1', 'u1'), ('r2', 'u1'), ('r3', 'u2')`);
    expect(await db.dataSource.transaction((tx) => eraser.eraseUser(tx, { externalId: 'u1', internalId: '5' }))).toBe(
      2,
    );
    const rows: { user_id: string }[] = await db.dataSource.query(`SELECT user_id FROM experiment_exposures`);
    expect(rows).toEqual([{ user_id: 'u2' }]);
  });
});
