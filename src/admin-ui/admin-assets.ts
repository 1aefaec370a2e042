import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AdminAsset {
  contentType: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file name the asset route may serve: one path segment, no dot files, known extension. */
export const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.(?:js|css|svg)$/;

/**
 * The dashboard is bundled by `npm run build` (scripts/build-admin-ui.ts) into dist/admin-ui. The compiled
 * controller (dist/src/admin-ui) and the TypeScript source (src/admin-ui, in tests) both find it there.
 */
export function adminBundleDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'admin-ui'), join(here, '..', '..', 'dist', 'admin-ui')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`the dashboard is not built (looked in ${candidates.join(', ')}): run npm run build`);
  return found;
}

/**
 * Reads every servable file once, at start-up: the route then looks names up in this map, so a request
 * can never reach the file system (no traversal to defend against) and the page costs no I/O per hit.
 */
export function loadAdminAssets(dir = adminBundleDir()): { index: AdminAsset; assets: Map<string, AdminAsset> } {
  const assets = new Map<string, AdminAsset>();
  for (const name of readdirSync(dir)) {
    if (!ASSET_NAME.test(name)) continue;
    assets.set(name, { contentType: TYPES[extname(name)]!, body: readFileSync(join(dir, name)) });
  }
  return { index: { contentType: TYPES['.html']!, body: readFileSync(join(dir, 'index.html')) }, assets };
}
