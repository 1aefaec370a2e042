import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfigSchema } from './app-config.js';

// The README's configuration table is the operator's reference: every variable the service reads is in it.
describe('README configuration table', () => {
  it('documents every environment variable of the schema', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Architecture'));
    const missing = Object.keys(appConfigSchema.shape).filter((name) => !table.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
