import { ModelVersionRepository } from '../../src/model-registry/model-version.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-services.js';

describe('ModelVersionRepository (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ModelVersionRepository;
  beforeAll(async () => {
    db = await createTestDatabase('model_registry');
    repo = new ModelVersionRepository(db.dataSource);
  });
  afterAll(async () => db.drop());

  const version = (id: string, ndcg: number) => ({
    id,
    artifactPath: `models/${id}`,
    manifest: { version: id },
    metrics: { 'ndcg@10:all': ndcg },
    primaryMetric: ndcg,
  });

  it('registers versions without activating them, then activates one at a time', async () => {
    await repo.register(version('v1', 0.2));
    await repo.register(version('v2', 0.3));
    expect(await repo.activeVersionId()).toBeNull();
    await repo.activate('v1');
    expect(await repo.activeVersionId()).toBe('v1');
    await repo.activate('v2');
    expect(await repo.activeVersionId()).toBe('v2');
    expect((await repo.findById('v1'))?.status).toBe('retired');
    const active = await repo.findActive();
    expect(active).toMatchObject({ id: 'v2', status: 'active', primaryMetric: 0.3, manifest: { version: 'v2' } });
    expect(active?.activatedAt).toBeInstanceOf(Date);
    expect((await repo.list()).map((v) => v.id).sort()).toEqual(['v1', 'v2']);
  });

  it('refuses to activate an unknown version and leaves the active one in place', async () => {
    await expect(repo.activate('nope')).rejects.toThrow(/not registered/);
    expect(await repo.activeVersionId()).toBe('v2');
  });
});
