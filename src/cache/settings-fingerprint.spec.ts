import { appConfigSchema, loadAppConfig } from '../config/app-config.js';
import { LIST_SETTINGS, settingsFingerprint } from './settings-fingerprint.js';

// Every other variable, with why a cached list stays right when it changes. A new variable must be added
// here or to LIST_SETTINGS, so nobody adds a ranking setting that old cache entries ignore.
const OUTSIDE_LISTS: Record<string, string> = {
  NODE_ENV: 'process mode',
  PORT: 'transport',
  HOST: 'transport',
  LOG_LEVEL: 'logging',
  DATABASE_URL: 'another database is other data; lists of it live under other users or are dropped on import',
  TAILOR_DATA_DIR: 'as DATABASE_URL',
  DATABASE_CONNECT_TIMEOUT_MS: 'database transport',
  DATABASE_STATEMENT_TIMEOUT_MS: 'database transport',
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: 'database transport',
  DATABASE_STARTUP_WAIT_SECONDS: 'start-up',
  HEALTH_TIMEOUT_MS: 'health probe',
  IMPORT_EARLIEST_DATE: 'an import drops every cached list',
  DEMO_DATA: 'an import drops every cached list',
  DEMO_TRAIN: 'a trained model serves under its own version, part of the field',
  TAILOR_TRAIN_CONFIG: 'as DEMO_TRAIN',
  REDIS_URL: 'where the cache lives',
  REDIS_KEY_PREFIX: 'another prefix is another cache',
  REDIS_COMMAND_TIMEOUT_MS: 'cache transport',
  CACHE_TTL_SECONDS: 'how long a list lives, not what it holds',
  CACHE_MAX_USERS: 'cache bound',
  CACHE_MAX_ENTRIES_PER_USER: 'cache bound',
  SNAPSHOT_REFRESH_SECONDS: 'refresh cadence',
  GRAPHQL_EXECUTOR: 'executes the same resolvers',
  GRAPHQL_MAX_DEPTH: 'admission',
  GRAPHQL_MAX_COMPLEXITY: 'admission',
  STOREFRONT_API_KEYS: 'admission',
  ADMIN_API_KEYS: 'admission',
  ADMIN_TOKEN_SECRET: 'admission',
  AUTH_MODE: 'admission',
  RATE_LIMIT_PER_MINUTE: 'admission',
  METRICS_PUBLIC: 'admission of /metrics',
  SEGMENT_NEW_DAYS: 'segments are stored data; a list ranked with segment weights carries the segment in its field',
  SEGMENT_ACTIVE_DAYS: 'as SEGMENT_NEW_DAYS',
  SEGMENT_LAPSED_DAYS: 'as SEGMENT_NEW_DAYS',
  MODELS_DIR: 'the served model version is part of the field',
  MODEL_POLL_SECONDS: 'as MODELS_DIR',
  MODEL_DISPOSE_GRACE_MS: 'as MODELS_DIR',
  MODEL_EXTRA_VERSIONS_MAX: 'as MODELS_DIR',
  MODEL_EXTRA_IDLE_SECONDS: 'as MODELS_DIR',
  SETTINGS_POLL_SECONDS: 'refresh cadence; the weights version is part of the field',
  CONTACT_CAPS: 'a capped list is never cached, and a cached list holding a capped item is recomputed',
  EVENT_RETENTION_DAYS: 'a prune drops every cached list',
  RETENTION_SWEEP_MINUTES: 'as EVENT_RETENTION_DAYS',
  EXPERIMENT_MIN_USERS_PER_VARIANT: 'verdicts, not lists',
  EXPERIMENT_POLL_SECONDS: 'refresh cadence; the variant is part of the field',
  EXPOSURE_FLUSH_MS: 'exposure logging',
};

const base = loadAppConfig({});

describe('settingsFingerprint', () => {
  it('is the same for the same settings, and names the rules version', () => {
    expect(settingsFingerprint(base, 2)).toBe(settingsFingerprint(loadAppConfig({}), 2));
    expect(settingsFingerprint(base, 2)).toMatch(/^r2\.[0-9a-f]{12}$/);
    expect(settingsFingerprint(base, 3)).not.toBe(settingsFingerprint(base, 2));
  });

  it.each([
    ['POPULARITY_WINDOW_DAYS', '14'],
    ['DIVERSITY', 'category-cap'],
    ['DIVERSITY_MMR_LAMBDA', '0.7'],
    ['DIVERSITY_CATEGORY_CAP', '2'],
    ['NEW_ITEM_SLOTS', '0'],
    ['PLACEMENT_WEIGHTS', '{"CART":{"sequence":1,"co-purchase":3}}'],
  ])('changes when %s changes', (name, value) => {
    const changed = loadAppConfig({ [name]: value });
    expect(settingsFingerprint(changed, 2)).not.toBe(settingsFingerprint(base, 2));
  });

  it('ignores settings that do not change a list', () => {
    const other = loadAppConfig({ CACHE_TTL_SECONDS: '60', PORT: '4000', SNAPSHOT_REFRESH_SECONDS: '5' });
    expect(settingsFingerprint(other, 2)).toBe(settingsFingerprint(base, 2));
  });

  it('covers every variable of the config schema: each is a list setting or says why not', () => {
    const all = Object.keys(appConfigSchema.shape).sort();
    const classified = [...LIST_SETTINGS, ...Object.keys(OUTSIDE_LISTS)].sort();
    expect(classified).toEqual(all);
  });
});
