// Bundles the dashboard (src/admin-ui/web: Preact + htm + uPlot, plain ES modules) into dist/admin-ui, which
// the service serves at /admin. Run by `npm run build` (and so by `npm install`, through `prepare`).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const source = join(process.cwd(), 'src/admin-ui/web');
const out = join(process.cwd(), 'dist/admin-ui');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(source, 'main.js') },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  outdir: out,
  // The libraries' licence notices stay in the bundle.
  legalComments: 'eof',
  logLevel: 'warning',
});
copyFileSync(join(source, 'index.html'), join(out, 'index.html'));
console.log(`dashboard bundled into ${out}`);
