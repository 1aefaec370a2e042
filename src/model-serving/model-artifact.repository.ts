import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { loadBundle, type ModelBundle } from '../ml/artifact/model-bundle.js';

/** Reads artifacts from disk: the only file I/O of model serving. */
@Injectable()
export class ModelArtifactRepository {
  /**
   * Where a version's artifact is: MODELS_DIR/<version> when present (a shared volume mounted at the same
   * place on every instance), else the path the training job registered. Same rule as `tailor evaluate`.
   */
  locate(modelsDir: string, version: string, registeredPath: string | null): string {
    const local = resolve(modelsDir, version);
    if (existsSync(join(local, 'manifest.json'))) return local;
    if (registeredPath && existsSync(join(registeredPath, 'manifest.json'))) return registeredPath;
    throw new Error(`artifact of ${version} not found in ${local}${registeredPath ? ` or ${registeredPath}` : ''}`);
  }

  load(dir: string): Promise<ModelBundle> {
    return loadBundle(dir);
  }
}
