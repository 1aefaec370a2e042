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

export const appConfigSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: int(3000, 0, 65535),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  /** PostgreSQL connection string; when unset, the embedded PGlite store in TAILOR_DATA_DIR is used. */
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must start with postgres:// or postgresql://',
  }),
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
  /** Maximum field nesting of a GraphQL operation. */
  GRAPHQL_MAX_DEPTH: int(8, 2, 50),
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
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log')),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

export class ConfigError extends Error {}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = appConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
