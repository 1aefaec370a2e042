import { Inject, Injectable } from '@nestjs/common';
import { badInput, DomainError, notFound } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { analyseExperiment, type Analysis } from '../ml/experiments/analysis.js';
import { PlacementWeightsService } from '../settings/placement-weights.service.js';
import { ExperimentAssignmentService } from './experiment-assignment.service.js';
import { validateExperimentInput, type RawExperimentInput } from './experiment-validation.js';
import type { ExperimentRecord, ExperimentStatus } from './experiment.types.js';
import { ExperimentsRepository, RunningExperimentConflict } from './experiments.repository.js';
import { ExposureLogService } from './exposure-log.service.js';

/** Family-wise significance level of the verdict (split over the treatment-vs-control comparisons). */
export const EXPERIMENT_ALPHA = 0.05;
export const MAX_LIST = 100;

export interface ServedModelVersion {
  /** null: served without a trained model. */
  modelVersion: string | null;
  responses: number;
}

export interface ExperimentReportView extends Analysis {
  experimentId: string;
  alpha: number;
  minUsersPerVariant: number;
  primaryMetric: 'conversionRate';
  /** Per variant name: its responses by the model version that served them, most first. */
  servedBy: Readonly<Record<string, ServedModelVersion[]>>;
}

/** Experiment use cases: create (validated), start, stop, ship a variant, list, report. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly assignment: ExperimentAssignmentService,
    private readonly exposures: ExposureLogService,
    private readonly weights: PlacementWeightsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(raw: RawExperimentInput): Promise<ExperimentRecord> {
    const experiment = validateExperimentInput(raw);
    for (const [i, v] of experiment.variants.entries()) {
      if (v.modelVersion && !(await this.repository.modelVersionExists(v.modelVersion))) {
        throw badInput(
          `input.variants[${i}].modelVersion: no registered model version "${v.modelVersion}" that can be served (registered, active or retired)`,
          {
            argument: `input.variants[${i}].modelVersion`,
          },
        );
      }
    }
    return (await this.repository.find(await this.repository.insert(experiment)))!;
  }

  async get(id: string): Promise<ExperimentRecord> {
    const experiment = await this.repository.find(parseId(id));
    if (!experiment) throw notFound(`No experiment ${id}`);
    return experiment;
  }

  list(limit: number, status: ExperimentStatus | null): Promise<ExperimentRecord[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) {
      throw badInput(`limit must be an integer between 1 and ${MAX_LIST}`, { argument: 'limit' });
    }
    return this.repository.list(limit, status);
  }

  /** draft → running. Only one running experiment per placement and segment (CONFLICT otherwise). */
  async start(id: string): Promise<ExperimentRecord> {
    const experiment = await this.get(id);
    try {
      if (!(await this.repository.transition(experiment.id, ['draft'], 'running'))) {
        throw conflict(`Experiment ${id} is ${experiment.status}; only a draft can be started`);
      }
    } catch (e) {
      if (!(e instanceof RunningExperimentConflict)) throw e;
      throw conflict(
        `Another experiment is already running on ${experiment.placement}${experiment.segment ? ` for segment "${experiment.segment}"` : ''}`,
      );
    }
    await this.assignment.refresh();
    return this.get(id);
  }

  /** running → stopped: users get the placement's own weights again; the report stays available. */
  async stop(id: string): Promise<ExperimentRecord> {
    const experiment = await this.get(id);
    if (!(await this.repository.transition(experiment.id, ['running'], 'stopped'))) {
      throw conflict(`Experiment ${id} is ${experiment.status}; only a running experiment can be stopped`);
    }
    await this.assignment.refresh();
    return this.get(id);
  }

  /**
   * Makes a variant the placement's behaviour for everybody: its weights become the placement's weights
   * through the settings service (versioned, with history, applied on every instance). Stops the experiment
   * if it is still running. A variant without weights (typically the control) leaves the weights as they are.
   */
  async ship(id: string, variantName: string): Promise<ExperimentRecord> {
    const experiment = await this.get(id);
    if (experiment.status !== 'running' && experiment.status !== 'stopped') {
      throw conflict(
        `Experiment ${id} is ${experiment.status}; only a running or stopped experiment can ship a variant`,
      );
    }
    const variant = experiment.variants.find((v) => v.name === variantName);
    if (!variant) {
      throw badInput(
        `Experiment ${id} has no variant "${variantName}" (has ${experiment.variants.map((v) => v.name).join(', ')})`,
        {
          argument: 'variant',
        },
      );
    }
    if (variant.weights) {
      await this.weights.set(
        experiment.placement,
        variant.weights,
        `experiment:${experiment.id}`,
        `shipped variant "${variant.name}" of experiment ${experiment.id} (${experiment.name})`,
      );
    }
    if (!(await this.repository.transition(experiment.id, ['running', 'stopped'], 'shipped', variant.name))) {
      throw conflict(`Experiment ${id} changed state meanwhile; nothing shipped`);
    }
    await this.assignment.refresh();
    return this.get(id);
  }

  /** Per-variant users, impressions, CTR, conversion, revenue per user with intervals, tests and a verdict. */
  async report(experiment: ExperimentRecord): Promise<ExperimentReportView> {
    await this.exposures.flush();
    const counts = new Map((await this.repository.counts(experiment.id)).map((c) => [c.name, c]));
    const variants = experiment.variants.map((v) => ({
      name: v.name,
      control: v.control,
      users: 0,
      impressions: 0,
      clicks: 0,
      addToCarts: 0,
      converters: 0,
      revenue: 0,
      revenueSquares: 0,
      ...counts.get(v.name),
    }));
    const minUsersPerVariant = this.config.EXPERIMENT_MIN_USERS_PER_VARIANT;
    const servedBy: Record<string, ServedModelVersion[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (const row of await this.repository.servedModelVersions(experiment.id)) {
      servedBy[row.variant]?.push({ modelVersion: row.modelVersion, responses: row.responses });
    }
    return {
      experimentId: experiment.id,
      alpha: EXPERIMENT_ALPHA,
      minUsersPerVariant,
      primaryMetric: 'conversionRate',
      servedBy,
      ...analyseExperiment(variants, { alpha: EXPERIMENT_ALPHA, minUsersPerVariant }),
    };
  }
}

const conflict = (message: string) => new DomainError('CONFLICT', message);

function parseId(id: string): string {
  const text = String(id).trim();
  if (!/^[1-9]\d{0,17}$/.test(text))
    throw badInput(`experiment id must be a positive integer (got "${id}")`, { argument: 'id' });
  return text;
}
