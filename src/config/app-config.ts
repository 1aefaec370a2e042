import { z } from 'zod';

// The one environment schema. Every variable the service or the CLI reads is declared here,
// with its default; `loadAppConfig` fails fast with a message naming the bad variable.

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));
const bool = (def: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

// A comma-separated list of API keys: trimmed, empty entries dropped, each long enough not to be guessed.
// Messages never echo a key.
const apiKeyList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== '')
      : v,
  z
    .array(
      z
        .string()
        .min(16, 'each key must be at least 16 characters')
        .max(512, 'each key must be at most 512 characters')
        .regex(/^[\x21-\x7e]+$/, 'keys are printable ASCII without spaces'),
    )
    .default([]),
);

export const appConfigSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: int(3000, 0, 65535),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  /** PostgreSQL connection string; when unset, the embedded PGlite store in TAILOR_DATA_DIR is used. */
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must start with postgres:// or postgresql://',
  }),
  /** Connecting to PostgreSQL, and waiting for a free one of the service's 10 pooled connections, gives up after this. */
  DATABASE_CONNECT_TIMEOUT_MS: int(3000, 100, 600_000),
  /** Longest statement of the service (PostgreSQL statement_timeout; the client stops waiting 1 s later). Applies to migrations at start too. */
  DATABASE_STATEMENT_TIMEOUT_MS: int(10_000, 100, 3_600_000),
  /** A transaction idle this long is ended by PostgreSQL (idle_in_transaction_session_timeout). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(30_000, 100, 3_600_000),
  /** At start, keep retrying an unreachable PostgreSQL this long (a line per attempt), then exit with a message. */
  DATABASE_STARTUP_WAIT_SECONDS: int(60, 0, 3600),
  /** Where the embedded store, the demo import marker and default artifacts live. */
  TAILOR_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.tailor-data')),
  /** Redis connection string; when unset, an in-process cache is used. */
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
    message: 'must start with redis:// or rediss://',
  }),
  /** Prefix of every Redis key this service writes (tests use one per run). */
  REDIS_KEY_PREFIX: z.preprocess(emptyToUndefined, z.string().default('tailor:')),
  CACHE_TTL_SECONDS: int(300, 1, 7 * 24 * 3600),
  /** Upper bound on cached users (Redis and in-process); least recently written are evicted first. */
  CACHE_MAX_USERS: int(100_000, 1, 100_000_000),
  /** Upper bound on cached result sets per user. */
  CACHE_MAX_ENTRIES_PER_USER: int(32, 1, 10_000),
  /** Redis command timeout: a slow or dead Redis must not hold a request longer than this (then the circuit opens). */
  REDIS_COMMAND_TIMEOUT_MS: int(250, 10, 10_000),
  /** How often each instance reloads its in-memory catalog / popularity / trending snapshot from the database. */
  SNAPSHOT_REFRESH_SECONDS: int(60, 1, 86_400),
  /** What executes validated GraphQL operations: graphql-jit (compiled once per operation) or graphql-js. */
  GRAPHQL_EXECUTOR: z.preprocess(emptyToUndefined, z.enum(['jit', 'graphql-js']).default('jit')),
  /** Maximum field nesting of a GraphQL operation. */
  GRAPHQL_MAX_DEPTH: int(8, 2, 50),
  /** Maximum estimated cost of a GraphQL operation (1 per field, lists multiplied by their `limit`); see docs/auth.md. */
  GRAPHQL_MAX_COMPLEXITY: int(1000, 10, 1_000_000),
  /** Comma-separated keys of storefront clients (recommendations, similarItems, item, recordEvent(s) only). Each ≥ 16 characters. */
  STOREFRONT_API_KEYS: apiKeyList,
  /** Comma-separated admin keys (every operation). Each ≥ 16 characters. */
  ADMIN_API_KEYS: apiKeyList,
  /** HMAC-SHA256 secret for signed tokens (`tailor token`); ≥ 32 characters. Unset: tokens are not accepted. */
  ADMIN_TOKEN_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  /** `keys` requires a key or token on every GraphQL call; `open` lets anyone do anything (loud warning at start). Default: `keys` when any key or token secret is set, else `open`. */
  AUTH_MODE: z.preprocess(emptyToUndefined, z.enum(['open', 'keys']).optional()),
  /** Operations per minute per key or token subject, shared by all instances through Redis (sliding window); 0 = off. */
  RATE_LIMIT_PER_MINUTE: int(1200, 0, 10_000_000),
  /** Window for "popular" and the recent half-window for "trending", in days, relative to the newest event. */
  POPULARITY_WINDOW_DAYS: int(30, 1, 3650),
  /** Lifecycle "new": a customer with one order whose first order is at most this many days old. */
  SEGMENT_NEW_DAYS: int(30, 0, 3650),
  /** Lifecycle "active": last order at most this many days old (or within 1.5× the customer's usual interval). */
  SEGMENT_ACTIVE_DAYS: int(90, 1, 3650),
  /** Lifecycle "lapsed": last order older than this many days; between active and this is "at-risk". Must be ≥ SEGMENT_ACTIVE_DAYS. */
  SEGMENT_LAPSED_DAYS: int(180, 1, 3650),
  /** Import the bundled Online Retail demo data on first start of the embedded store. */
  DEMO_DATA: bool(true),
  /** Directory of trained model artifacts. */
  MODELS_DIR: z.preprocess(emptyToUndefined, z.string().default('models')),
  /** How often each instance polls the model registry for a newly activated version (then loads it and hot-swaps). */
  MODEL_POLL_SECONDS: int(10, 1, 86_400),
  /** After a swap, the old model's memory is released once no request uses it and at least this long has passed. */
  MODEL_DISPOSE_GRACE_MS: int(5000, 0, 600_000),
  /** Model versions kept loaded besides the active one for experiment variants that name one (least recently used unloaded first); 0 = none, such variants are served by the active model. */
  MODEL_EXTRA_VERSIONS_MAX: int(2, 0, 20),
  /** An extra version without an experiment request for this long is unloaded (checked on each registry poll). */
  MODEL_EXTRA_IDLE_SECONDS: int(600, 1, 7 * 86_400),
  /** How often each instance re-reads the placement weights from the settings table (a change applies within this). */
  SETTINGS_POLL_SECONDS: int(2, 1, 3600),
  /** JSON overriding the built-in default weights per placement, e.g. {"CART":{"sequence":1,"co-purchase":3}}; operator settings in the database win. */
  PLACEMENT_WEIGHTS: optionalString,
  CONTACT_CAPS: optionalString,
  /** Diversity re-ranking of model-served lists: mmr (content-vector similarity), category-cap, or off. */
  DIVERSITY: z.preprocess(emptyToUndefined, z.enum(['mmr', 'category-cap', 'off']).default('mmr')),
  /** MMR trade-off λ in [0, 1]: 1 = pure relevance, lower = more diverse. */
  DIVERSITY_MMR_LAMBDA: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.9)),
  /** category-cap: at most this many items of one category per list. */
  DIVERSITY_CATEGORY_CAP: int(3, 1, 100),
  /** Places per list kept for new catalog items (no purchases: known to the content model only) that content similarity ranks among its top `limit`; 0 = off. */
  NEW_ITEM_SLOTS: int(1, 0, 10),
  /** Zero-setup mode: after the demo import, train a first model in a child process (`tailor train`) when none is registered. */
  DEMO_TRAIN: bool(true),
  /** Training config (JSONC) for that first-start training; default: training/tailor.train.jsonc when present. */
  TAILOR_TRAIN_CONFIG: optionalString,
  /** Serve GET /metrics without credentials (e.g. a scraper on a private network); default: admin key required. */
  METRICS_PUBLIC: bool(false),
  /** Event retention in days, counted back from the wall clock (`tailor prune-events`, periodic sweep); 0 = keep forever. Off by default: the demo data is from 2011. See docs/privacy.md. */
  EVENT_RETENTION_DAYS: int(0, 0, 36_500),
  /** Delete events out of retention every this many minutes inside the service; 0 = off (use `tailor prune-events`). Needs EVENT_RETENTION_DAYS. */
  RETENTION_SWEEP_MINUTES: int(0, 0, 10_080),
  /** Experiments: no verdict other than "no difference yet" before every variant has this many exposed users (docs/experiments.md). */
  EXPERIMENT_MIN_USERS_PER_VARIANT: int(100, 1, 100_000_000),
  /** Experiments: how often each instance reloads the running experiments (start/stop apply at once on the instance that made them). */
  EXPERIMENT_POLL_SECONDS: int(5, 1, 3600),
  /** Experiments: exposures are buffered and written in one batch at most this often (or every 500). */
  EXPOSURE_FLUSH_MS: int(1000, 10, 60_000),
  /** The importer skips events dated before this day (YYYY-MM-DD, UTC) or more than 10 minutes ahead of the clock, counted as date_out_of_range with line numbers. */
  IMPORT_EARLIEST_DATE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
      .refine((v) => Number.isFinite(Date.parse(`${v}T00:00:00Z`)), 'must be a real date')
      .default('1990-01-01'),
  ),
  /** /health answers within this: a dependency check that takes longer reports its component as down. */
  HEALTH_TIMEOUT_MS: int(2000, 100, 60_000),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log')),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

export class ConfigError extends Error {}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = appConfigSchema.superRefine(checkAccessConfig).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

// Cross-variable rules of access control (docs/auth.md): a key in both lists is ambiguous, and
// AUTH_MODE=keys without any credential would lock everyone out.
function checkAccessConfig(
  c: { STOREFRONT_API_KEYS: string[]; ADMIN_API_KEYS: string[]; ADMIN_TOKEN_SECRET?: string; AUTH_MODE?: string },
  ctx: z.RefinementCtx,
): void {
  const admin = new Set(c.ADMIN_API_KEYS);
  if (c.STOREFRONT_API_KEYS.some((k) => admin.has(k))) {
    ctx.addIssue({ code: 'custom', path: ['STOREFRONT_API_KEYS'], message: 'a key is also listed in ADMIN_API_KEYS' });
  }
  const anyCredential = c.STOREFRONT_API_KEYS.length + c.ADMIN_API_KEYS.length > 0 || !!c.ADMIN_TOKEN_SECRET;
  if (c.AUTH_MODE === 'keys' && !anyCredential) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_MODE'],
      message: 'keys needs STOREFRONT_API_KEYS, ADMIN_API_KEYS or ADMIN_TOKEN_SECRET',
    });
  }
}
