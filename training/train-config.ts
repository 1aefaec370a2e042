import { readFileSync } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { ACTIVATION_POLICIES } from '../src/model-registry/activation-policy.js';

// The training job's configuration: defaults here, a commented JSONC file (training/tailor.train.jsonc)
// over them, CLI flags over both. Model sections are partial hyper-parameter overrides passed to each
// model's own defaults, so a new hyper-parameter needs no change here.

export const MODEL_NAMES = ['collaborative', 'content', 'sequence'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
/** Baselines evaluated beside the served pipeline by default (each tuned on the validation split). */
export const BASELINE_NAMES = ['popularity', 'p-top-freq', 'gp-top-freq', 'item-knn', 'ease', 'tifu-knn'] as const;
/** Also accepted: 'repeat-frequency', the earlier name of P-TopFreq. */
export const BASELINE_ALIASES = { 'repeat-frequency': 'p-top-freq' } as const;
export type BaselineName = (typeof BASELINE_NAMES)[number] | keyof typeof BASELINE_ALIASES;

/** The bounded customer sample training reads (src/ml/data/recency-weighted-sample.ts). The demo shop (4.3k
 * customers, 0.4M purchases) stays whole; a shop ten times its size is sampled to about half its customers. */
export const DEFAULT_SAMPLE = { maxCustomers: 20_000, maxEvents: 2_000_000, recencyHalfLifeDays: 90 } as const;

const hyper = z.record(z.string(), z.unknown()).default({});

export const trainConfigSchema = z
  .object({
    seed: z.number().int().nonnegative().default(42),
    models: z.array(z.enum(MODEL_NAMES)).default([...MODEL_NAMES]),
    baselines: z
      .array(z.enum([...BASELINE_NAMES, ...(Object.keys(BASELINE_ALIASES) as (keyof typeof BASELINE_ALIASES)[])]))
      .default([...BASELINE_NAMES]),
    activate: z.enum(ACTIVATION_POLICIES).default('if-better'),
    refit: z.union([z.enum(['full', 'none']), z.number().int().positive()]).default('full'),
    modelsDir: z.string().min(1).default('models'),
    dataWindow: z
      .object({
        since: z.iso.datetime({ offset: true }).nullable().default(null),
        until: z.iso.datetime({ offset: true }).nullable().default(null),
      })
      .default({ since: null, until: null }),
    sample: z
      .object({
        maxCustomers: z.number().int().positive().nullable().default(DEFAULT_SAMPLE.maxCustomers),
        maxEvents: z.number().int().positive().nullable().default(DEFAULT_SAMPLE.maxEvents),
        recencyHalfLifeDays: z.number().positive().default(DEFAULT_SAMPLE.recencyHalfLifeDays),
      })
      .strict()
      .default(DEFAULT_SAMPLE),
    evaluation: z
      .object({
        minBaskets: z.number().int().min(2).default(2),
        maxUsers: z.number().int().positive().default(5000),
        maxScoreCells: z.number().int().positive().default(10_000_000),
        primaryMetric: z.string().default('ndcg@10:all'),
        metrics: z.array(z.string()).default(['hr@10', 'recall@10', 'ndcg@10', 'mrr@10', 'recall@20', 'coverage@10']),
      })
      .default({
        minBaskets: 2,
        maxUsers: 5000,
        maxScoreCells: 10_000_000,
        primaryMetric: 'ndcg@10:all',
        metrics: ['hr@10', 'recall@10', 'ndcg@10', 'mrr@10', 'recall@20', 'coverage@10'],
      }),
    collaborative: hyper,
    content: hyper,
    sequence: hyper,
    repeat: hyper,
    itemItem: z
      .union([
        z.literal(false),
        z
          .object({
            lambda: z.number().positive().default(500),
            neighbours: z.number().int().positive().default(200),
            maxItems: z.number().int().positive().default(6000),
          })
          .strict(),
      ])
      .default({ lambda: 500, neighbours: 200, maxItems: 6000 }),
    ease: z.record(z.string(), z.unknown()).default({ lambda: 500 }),
    ranker: z
      .union([
        z.literal(false),
        z
          .object({
            keep: z.enum(['if-better', 'always']).default('if-better'),
            maxUsers: z.number().int().positive().default(4000),
            guardShare: z.number().min(0.05).max(0.4).default(0.15),
            judgeShare: z.number().min(0.05).max(0.4).default(0.15),
            negatives: z.number().int().positive().default(60),
            pool: z
              .object({
                own: z.number().int().nonnegative().default(150),
                perSource: z.number().int().nonnegative().default(60),
                popular: z.number().int().nonnegative().default(40),
              })
              .strict()
              .default({ own: 150, perSource: 60, popular: 40 }),
            network: hyper,
          })
          .strict(),
      ])
      .default({
        keep: 'if-better',
        maxUsers: 4000,
        guardShare: 0.15,
        judgeShare: 0.15,
        negatives: 60,
        pool: { own: 150, perSource: 60, popular: 40 },
        network: {},
      }),
  })
  .strict();

export type TrainConfig = z.infer<typeof trainConfigSchema>;

export class TrainConfigError extends Error {}

export function parseTrainConfigText(text: string, source: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new TrainConfigError(`${source}:${line}: ${printParseErrorCode(e.error)}`);
  }
  return value ?? {};
}

export function validateTrainConfig(raw: unknown, source = 'config'): TrainConfig {
  const parsed = trainConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TrainConfigError(`Invalid training config (${source}):\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads the config file (if any), then applies overrides (CLI flags), deep-merging objects. */
export function loadTrainConfig(file: string | undefined, overrides: Record<string, unknown> = {}): TrainConfig {
  let fromFile: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new TrainConfigError(
        `cannot read training config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    fromFile = parseTrainConfigText(text, file);
  }
  return validateTrainConfig(deepMerge(fromFile, overrides), file ?? 'defaults');
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = deepMerge(base[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
