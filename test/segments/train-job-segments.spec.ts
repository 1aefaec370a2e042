// The training job recomputes every customer's segment at the end of a run (after registration),
// on a real Online Retail slice in the real PostgreSQL; a tiny model keeps it quick.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrainJob } from '../../training/train-job.js';
import { silentTrainProgress } from '../../training/train-progress.js';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../support/retail-slice.js';
import { smallTrainConfig } from '../support/small-model.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

describe('training job → segments', () => {
  let db: TestDatabase;
  let slice: RetailSlice;
  let modelsDir: string;

  beforeAll(async () => {
    db = await createTestDatabase('train_job_segments');
    slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-seg-models-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('writes a segment row for every customer with purchases, against the newest purchase', async () => {
    expect(Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM user_segments`))[0].n)).toBe(0);
    const config = smallTrainConfig(modelsDir, { models: ['collaborative'] });
    const result = await runTrainJob(db.dataSource, config, silentTrainProgress, {
      segmentConfig: { SEGMENT_NEW_DAYS: 30, SEGMENT_ACTIVE_DAYS: 90, SEGMENT_LAPSED_DAYS: 180 },
    });
    const newest = Math.max(...slice.purchases.map((p) => p.occurredAt.getTime()));
    expect(result.segments).toMatchObject({ users: slice.customers.length });
    expect(result.segments?.referenceAt?.getTime()).toBe(newest);
    const rows: { n: number; ref: Date }[] = await db.dataSource.query(
      `SELECT count(*)::int AS n, max(reference_at) AS ref FROM user_segments`,
    );
    expect(Number(rows[0].n)).toBe(slice.customers.length);
    expect(new Date(rows[0].ref).getTime()).toBe(newest);
    expect(result.report.timings.map((t) => t.stage)).toContain('recompute customer segments');
    // The customer-value stage follows: one prediction per customer.
    expect(result.report.timings.map((t) => t.stage)).toContain('predict customer value');
    const values = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer_values`);
    expect(Number(values[0].n)).toBe(slice.customers.length);
    // Its section joins the report on disk in all three forms and the returned report.
    const written = JSON.parse(readFileSync(join(result.artifactDir, 'report.json'), 'utf8'));
    expect(written.customerValue).toMatchObject({ customers: slice.customers.length, horizonDays: 365 });
    expect(result.report.customerValue).toEqual(written.customerValue);
    expect(readFileSync(join(result.artifactDir, 'report.md'), 'utf8')).toContain('## Customer value');
    expect(readFileSync(join(result.artifactDir, 'report.html'), 'utf8')).toContain('<h2>Customer value');
  }, 300_000);
});
