import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class ArtifactNotFoundError extends Error {}

/**
 * Where a version's artifact is: MODELS_DIR/<version> when present (each instance mounts the shared
 * models volume where it likes), else the path the training job registered.
 */
export function resolveArtifactDir(modelsDir: string, version: string, registeredPath: string | null): string {
  if (!/^[A-Za-z0-9._-]+$/.test(version)) throw new ArtifactNotFoundError(`invalid model version id "${version}"`);
  const local = resolve(modelsDir, version);
  if (existsSync(join(local, 'manifest.json'))) return local;
  if (registeredPath && existsSync(join(registeredPath, 'manifest.json'))) return registeredPath;
  throw new ArtifactNotFoundError(
    `artifact of ${version} not found in ${local}${registeredPath ? ` or ${registeredPath}` : ''}`,
  );
}
