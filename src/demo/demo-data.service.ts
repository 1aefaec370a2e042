import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { formatImportSummary, importOnlineRetail, type ImportSummary } from '../importer/index.js';
import { DEMO_DATA_FILE } from './demo-data-file.js';
import { DemoImportMarkerFile } from './demo-import-marker.js';
import {
  demoTrainingSkipReason,
  startDemoTraining,
  type DemoTrainingOutcome,
  type DemoTrainingRun,
} from './demo-training.js';

/** Injection token of the built `tailor` CLI (`string | undefined`) that first-start training runs. */
export const DEMO_TRAIN_CLI = Symbol('DEMO_TRAIN_CLI');

export type DemoImportOutcome =
  { action: 'imported' | 'resumed'; seconds: number; summary: ImportSummary } | { action: 'skipped'; reason: string };

export interface DemoImportOptions {
  dataSource: DataSource;
  /** TAILOR_DATA_DIR (or `memory://`): where the marker lives. */
  dataDir: string;
  file: string;
  logger?: Pick<Logger, 'log'>;
  /** Seconds between progress lines. */
  progressEverySeconds?: number;
}

/**
 * Imports the demo file when the store has never held it: no events and no marker → import;
 * a `started` marker (an earlier start was interrupted) → import again, which resumes because the
 * importer is idempotent; a `done` marker, or events of the user's own → nothing.
 */
export async function importDemoDataIfNeeded(opts: DemoImportOptions): Promise<DemoImportOutcome> {
  const logger = opts.logger ?? new Logger('DemoData');
  const marker = new DemoImportMarkerFile(opts.dataDir);
  const previous = marker.read();
  if (previous?.status === 'done') return { action: 'skipped', reason: `already imported at ${previous.finishedAt}` };
  if (previous?.status !== 'started') {
    const [{ has }] = (await opts.dataSource.query(`SELECT EXISTS (SELECT 1 FROM events) AS has`)) as {
      has: boolean;
    }[];
    if (has) return { action: 'skipped', reason: 'the database already holds events' };
  }

  const action = previous?.status === 'started' ? 'resumed' : 'imported';
  const startedAt = new Date();
  marker.write({ status: 'started', file: opts.file, startedAt: startedAt.toISOString() });
  logger.log(
    `${action === 'resumed' ? 'Resuming the interrupted' : 'First start: importing the'} Online Retail demo data from ${opts.file} ` +
      `(CC BY 4.0, Chen 2015, UCI ML Repository); the server answers once this is done`,
  );
  const every = (opts.progressEverySeconds ?? 5) * 1000;
  let lastLog = 0;
  const summary = await importOnlineRetail(opts.dataSource, opts.file, {
    onProgress: (p) => {
      const now = Date.now();
      if (now - lastLog < every) return;
      lastLog = now;
      const pct = p.totalBytes > 0 ? Math.round((100 * p.bytesRead) / p.totalBytes) : 0;
      logger.log(`Demo import: ${pct}% (${p.rowsRead.toLocaleString('en-US')} rows read)`);
    },
  });
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  marker.write({
    status: 'done',
    file: opts.file,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds,
    summary,
  });
  logger.log(`Demo import finished in ${seconds.toFixed(1)} s:\n${formatImportSummary(summary)}`);
  return { action, seconds, summary };
}

/**
 * First-start demo data for the zero-setup mode (embedded store, no DATABASE_URL): imports the demo
 * file when DEMO_DATA=true, then, when DEMO_TRAIN=true and no model version is registered yet,
 * starts training a first model in a child process (demo-training.ts) without waiting for it.
 */
@Injectable()
export class DemoDataService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DemoData');
  private training: DemoTrainingRun | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(DEMO_DATA_FILE) private readonly demoFile: string | undefined,
    // Optional so that contexts without the CLI (unit-level specs) only import.
    @Optional() @Inject(DEMO_TRAIN_CLI) private readonly trainCli?: string,
  ) {}

  /** The running or finished first-start training, if this start began one. */
  get firstTraining(): Promise<DemoTrainingOutcome> | undefined {
    return this.training?.done;
  }

  // OnModuleInit, awaited by Nest before the app listens: the service is not ready until the data is in.
  async onModuleInit(): Promise<void> {
    if (this.config.DATABASE_URL) return;
    if (this.config.DEMO_DATA) await this.importDemoData();
    if (this.config.DEMO_TRAIN) await this.startTraining();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.training?.stop();
  }

  private async importDemoData(): Promise<void> {
    if (!this.demoFile) {
      throw new Error(
        'DEMO_DATA=true but data/demo/online_retail.csv.gz is missing: restore it or set DEMO_DATA=false',
      );
    }
    const outcome = await importDemoDataIfNeeded({
      dataSource: this.dataSource,
      dataDir: this.config.TAILOR_DATA_DIR,
      file: this.demoFile,
      logger: this.logger,
    });
    if (outcome.action === 'skipped') this.logger.log(`Demo data: nothing to import (${outcome.reason})`);
  }

  // Never fatal: without a model the service serves its baselines.
  private async startTraining(): Promise<void> {
    try {
      if (this.config.TAILOR_DATA_DIR === 'memory://') return; // an in-memory store cannot be snapshotted
      const skip = await demoTrainingSkipReason(this.dataSource);
      if (skip) {
        this.logger.log(`First-start training: not needed (${skip})`);
        return;
      }
      if (!this.trainCli) {
        this.logger.warn(
          'First-start training skipped: the tailor CLI is not built (npm run build); serving baselines',
        );
        return;
      }
      this.training = await startDemoTraining({
        dataSource: this.dataSource,
        dataDir: this.config.TAILOR_DATA_DIR,
        modelsDir: this.config.MODELS_DIR,
        trainConfig: this.config.TAILOR_TRAIN_CONFIG,
        cliPath: this.trainCli,
        logger: this.logger,
      });
    } catch (e) {
      this.logger.error(`First-start training could not start (serving baselines): ${(e as Error).message}`);
    }
  }
}
