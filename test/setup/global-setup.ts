import { randomBytes } from 'node:crypto';

// One id per jest run: databases are named `<id>_<spec>` and Redis keys start with `tailor-test:<id>:`.
export default async function globalSetup(): Promise<void> {
  process.env.TAILOR_TEST_RUN_ID = `tailor_t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
