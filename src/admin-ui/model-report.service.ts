import { Injectable } from '@nestjs/common';
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { ModelVersionRepository } from '../model-registry/model-version.repository.js';

/** Version ids as the training job makes them (`v20111209-125000-ab12`), with some slack; never a path. */
export const MODEL_VERSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/**
 * A registered model version's evaluation report (the artifact's report.html) for the dashboard.
 * The version id is checked against a strict pattern and looked up in the registry; the file read is
 * always `<artifact dir from the registry>/report.html`, resolved through symlinks and required to stay
 * inside that directory.
 */
@Injectable()
export class ModelReportService {
  constructor(private readonly registry: ModelVersionRepository) {}

  async reportHtml(version: string): Promise<string> {
    if (!MODEL_VERSION_ID.test(version)) throw badInput('Invalid model version id');
    const record = await this.registry.findById(version);
    if (!record) throw notFound(`Unknown model version ${version}`);
    const dir = isAbsolute(record.artifactPath) ? record.artifactPath : resolve(record.artifactPath);
    try {
      const realDir = await realpath(dir);
      const file = await realpath(join(realDir, 'report.html'));
      if (!file.startsWith(realDir + sep)) throw new Error('outside the artifact');
      return await readFile(file, 'utf8');
    } catch {
      throw notFound(`Model version ${version} has no report.html in its artifact`);
    }
  }
}
