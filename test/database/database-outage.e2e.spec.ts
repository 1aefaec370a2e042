// PostgreSQL that refuses or stops answering, played by a TCP proxy in front of the real server: requests
// and /health answer with a retryable error instead of hanging (a frozen server never answers: without the
// deadlines these calls would wait for the test's timeout), and start-up waits a bounded number of attempts with a
// log line per attempt. Durations are not asserted: a loaded machine stretches them. Response bodies are untyped
// JSON navigated freely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { jest } from '@jest/globals';
import { startFaultProxy, type FaultProxy } from '../../bench/chaos/fault-proxy.js';
import { createApp } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from '../e2e/support/e2e-app.js';

const TIMEOUTS = {
  DATABASE_CONNECT_TIMEOUT_MS: '500',
  DATABASE_STATEMENT_TIMEOUT_MS: '800',
  HEALTH_TIMEOUT_MS: '700',
};
const RECORD = 'mutation R($e: EventInput!) { recordEvent(input: $e) }';

describe('PostgreSQL outages (e2e, through a fault proxy)', () => {
  let db: TestDatabase;
  let proxy: FaultProxy;
  let api: E2eApp;
  let sent = 0;
  const proxiedUrl = () => {
    const u = new URL(db.url);
    u.port = String(proxy.port);
    return u.toString();
  };
  const record = async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: RECORD,
        variables: { e: { eventId: `outage-${++sent}`, userId: 'u1', itemId: 'i1', type: 'VIEW' } },
      }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  };

  beforeAll(async () => {
    db = await createTestDatabase('database_outage');
    await db.dataSource.query(`INSERT INTO items (external_id, title) VALUES ('i1', 'An item')`);
    proxy = await startFaultProxy('127.0.0.1', Number(new URL(db.url).port || 5432));
    api = await startE2eApp({ DATABASE_URL: proxiedUrl(), ...TIMEOUTS });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.close();
    await db?.drop();
  });
  afterEach(async () => {
    await proxy.heal();
  });

  it('answers a frozen database with 503 SERVICE_UNAVAILABLE and Retry-After within the statement deadline, logging no stack', async () => {
    expect((await record()).body).toEqual({ data: { recordEvent: true } });
    const logged: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) =>
      jest.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      }),
    );
    proxy.freeze();
    try {
      const r = await record();
      expect(r.status).toBe(503);
      expect(r.retryAfter).toMatch(/^\d+$/);
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(logged.join('')).not.toMatch(/\n\s+at /);
  });

  it('keeps /health within its own deadline: 503 down while frozen, 200 once healed', async () => {
    proxy.freeze();
    const down = await api.get('/health');
    expect(down.status).toBe(503);
    expect(down.body.components.database.status).toBe('down');
    await proxy.heal();
    await new Promise((r) => setTimeout(r, 2000)); // the frozen statements finish or time out
    expect((await api.get('/health')).status).toBe(200);
  });

  it('answers a refused database with 503 too, and serves again once it is back', async () => {
    await proxy.refuse();
    const r = await record();
    expect(r.body.errors?.[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(r.status).toBe(503);
    expect(r.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    await proxy.heal();
    let back = await record();
    for (let i = 0; i < 10 && back.status !== 200; i++) {
      await new Promise((res) => setTimeout(res, 300));
      back = await record();
    }
    expect(back.body).toEqual({ data: { recordEvent: true } });
  });

  describe('start-up', () => {
    const withEnv = async <T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> => {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, { NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'error', AUTH_MODE: 'open' }, env);
      try {
        return await fn();
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    };

    /** The error a start with this wait ends in (null when it started). */
    const failedStart = (waitSeconds: string) =>
      withEnv({ DATABASE_URL: proxiedUrl(), ...TIMEOUTS, DATABASE_STARTUP_WAIT_SECONDS: waitSeconds }, () =>
        createApp().then(
          async (app) => {
            await app.close();
            return null;
          },
          (e: unknown) => e as Error,
        ),
      );

    it('gives up on a refused database after DATABASE_STARTUP_WAIT_SECONDS with one clear error, no stack', async () => {
      await proxy.refuse();
      const error = await failedStart('3');
      expect(error?.name).toBe('DatabaseStartupError');
      expect(error?.message).toMatch(/unreachable for \d+ s \(\d+ attempts, last: .*ECONNREFUSED/);
      expect(error?.stack).not.toMatch(/\n\s+at /);
    });

    it('does not hang on a database that accepts but never answers: each attempt ends at the connect timeout', async () => {
      proxy.freeze();
      const error = await failedStart('2');
      expect(error?.message).toMatch(/unreachable .*timeout/);
    });

    it('starts once the database comes back within the wait', async () => {
      await proxy.refuse();
      setTimeout(() => void proxy.heal(), 2500);
      const app = await withEnv(
        { DATABASE_URL: proxiedUrl(), ...TIMEOUTS, DATABASE_STARTUP_WAIT_SECONDS: '30' },
        createApp,
      );
      await app.close();
    });
  });
});
