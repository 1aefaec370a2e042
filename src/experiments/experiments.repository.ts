import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VariantCounts } from '../ml/experiments/analysis.js';
import type {
  ExperimentRecord,
  ExperimentStatus,
  Exposure,
  NewExperiment,
  VariantDefinition,
  VariantWeights,
} from './experiment.types.js';

// All SQL of the experiments feature. Explicit casts (::text, ::int, ::float8) so PostgreSQL and PGlite
// return the same shapes.

interface ExperimentRow {
  id: string;
  name: string;
  placement: string;
  segment: string | null;
  status: ExperimentStatus;
  created_at: Date | string;
  started_at: Date | string | null;
  stopped_at: Date | string | null;
  shipped_variant: string | null;
  shipped_at: Date | string | null;
}

interface VariantRow {
  experiment_id: string;
  name: string;
  is_control: boolean;
  traffic_share: number;
  weights: VariantWeights | string | null;
  model_version: string | null;
}

const EXPERIMENT_COLUMNS = `id::text AS id, name, placement, segment, status, created_at, started_at, stopped_at,
  shipped_variant, shipped_at`;

/** PostgreSQL's unique_violation: another running experiment holds the placement (and segment). */
export class RunningExperimentConflict extends Error {}

@Injectable()
export class ExperimentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(e: NewExperiment): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO experiments (name, placement, segment) VALUES ($1, $2, $3) RETURNING id::text AS id`,
        [e.name, e.placement, e.segment],
      );
      await m.query(
        `INSERT INTO experiment_variants (experiment_id, name, position, is_control, traffic_share, weights, model_version)
         SELECT $1::bigint, * FROM unnest($2::text[], $3::int[], $4::boolean[], $5::float8[], $6::jsonb[], $7::text[])`,
        [
          row.id,
          e.variants.map((v) => v.name),
          e.variants.map((_, i) => i),
          e.variants.map((v) => v.control),
          e.variants.map((v) => v.trafficShare),
          e.variants.map((v) => (v.weights ? JSON.stringify(v.weights) : null)),
          e.variants.map((v) => v.modelVersion),
        ],
      );
      return row.id;
    });
  }

  async find(id: string): Promise<ExperimentRecord | null> {
    const rows: ExperimentRow[] = await this.dataSource.query(
      `SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE id = $1::bigint`,
      [id],
    );
    return rows.length === 0 ? null : (await this.withVariants(rows))[0];
  }

  /** Newest first. */
  async list(limit: number, status: ExperimentStatus | null): Promise<ExperimentRecord[]> {
    const rows: ExperimentRow[] = await this.dataSource.query(
      `SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT $1`,
      [limit, status],
    );
    return this.withVariants(rows);
  }

  running(): Promise<ExperimentRecord[]> {
    return this.list(1000, 'running');
  }

  /**
   * Moves an experiment from one of `from` to `to`, stamping the matching time column; false when it
   * was not in `from`. Throws RunningExperimentConflict when starting would break "one running per placement".
   */
  async transition(
    id: string,
    from: ExperimentStatus[],
    to: ExperimentStatus,
    shippedVariant?: string,
  ): Promise<boolean> {
    const stamp =
      to === 'running'
        ? 'started_at = now()'
        : to === 'stopped'
          ? 'stopped_at = now()'
          : 'stopped_at = coalesce(stopped_at, now()), shipped_at = now(), shipped_variant = $4';
    try {
      const rows: unknown[] = await this.dataSource.query(
        `UPDATE experiments SET status = $3, ${stamp} WHERE id = $1::bigint AND status = ANY($2::text[]) RETURNING id`,
        to === 'shipped' ? [id, from, to, shippedVariant] : [id, from, to],
      );
      return rowCount(rows) > 0;
    } catch (e) {
      const code =
        (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
      if (code === '23505') throw new RunningExperimentConflict();
      throw e;
    }
  }

  async insertExposures(rows: readonly Exposure[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO experiment_exposures
              (request_id, experiment_id, variant, user_id, placement, item_ids, served_at, model_version)
       SELECT r, e::bigint, v, u, p, string_to_array(i, chr(31)), t, m
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                     $8::text[]) AS x(r, e, v, u, p, i, t, m)
       ON CONFLICT (request_id) DO NOTHING`,
      [
        rows.map((r) => r.requestId),
        rows.map((r) => r.experimentId),
        rows.map((r) => r.variant),
        rows.map((r) => r.userId),
        rows.map((r) => r.placement),
        // unnest cannot take a ragged text[][]: each list travels as one string joined by U+001F, which
        // external ids never contain (control characters are rejected at the API).
        rows.map((r) => r.itemIds.join('\u001f')),
        rows.map((r) => r.servedAt.toISOString()),
        rows.map((r) => r.modelVersion),
      ],
    );
  }

  /** Responses per variant and the model version that served them (null: no trained model), most first. */
  async servedModelVersions(
    experimentId: string,
  ): Promise<{ variant: string; modelVersion: string | null; responses: number }[]> {
    const rows: { variant: string; model_version: string | null; responses: number }[] = await this.dataSource.query(
      `SELECT variant, model_version, count(*)::int AS responses
         FROM experiment_exposures WHERE experiment_id = $1::bigint
        GROUP BY variant, model_version ORDER BY variant, responses DESC, model_version`,
      [experimentId],
    );
    return rows.map((r) => ({ variant: r.variant, modelVersion: r.model_version, responses: Number(r.responses) }));
  }

  /**
   * Per-variant counts. Attribution: an event counts for a variant when its request_id is one of the
   * variant's exposures and its item was among the items shown in that response. Users = distinct exposed
   * users; clicks = distinct (response, item) clicked; conversion = users with an attributed purchase;
   * revenue = Σ quantity × price of attributed purchases (a missing price counts 0).
   */
  async counts(experimentId: string): Promise<Omit<VariantCounts, 'control'>[]> {
    const rows: {
      variant: string;
      users: number;
      impressions: number;
      clicks: number;
      add_to_carts: number;
      converters: number;
      revenue: number;
      revenue_squares: number;
    }[] = await this.dataSource.query(
      `WITH x AS (
         SELECT request_id, variant, user_id, item_ids FROM experiment_exposures WHERE experiment_id = $1::bigint
       ), per_user AS (
         SELECT variant, user_id, sum(cardinality(item_ids)) AS impressions FROM x GROUP BY variant, user_id
       ), attributed AS (
         SELECT x.variant, x.user_id, e.type, e.request_id, i.external_id, e.quantity, e.price
           FROM x
           JOIN events e ON e.request_id = x.request_id
           JOIN items i ON i.id = e.item_id AND i.external_id = ANY (x.item_ids)
       ), per_user_events AS (
         SELECT variant, user_id,
                count(DISTINCT (request_id, external_id)) FILTER (WHERE type = 'click') AS clicks,
                count(*) FILTER (WHERE type = 'add_to_cart') AS add_to_carts,
                bool_or(type = 'purchase') AS converted,
                coalesce(sum(quantity * coalesce(price, 0)) FILTER (WHERE type = 'purchase'), 0) AS revenue
           FROM attributed GROUP BY variant, user_id
       )
       SELECT p.variant,
              count(*)::int AS users,
              sum(p.impressions)::int AS impressions,
              coalesce(sum(a.clicks), 0)::int AS clicks,
              coalesce(sum(a.add_to_carts), 0)::int AS add_to_carts,
              (count(*) FILTER (WHERE a.converted))::int AS converters,
              coalesce(sum(a.revenue), 0)::float8 AS revenue,
              coalesce(sum(a.revenue * a.revenue), 0)::float8 AS revenue_squares
         FROM per_user p LEFT JOIN per_user_events a USING (variant, user_id)
        GROUP BY p.variant`,
      [experimentId],
    );
    return rows.map((r) => ({
      name: r.variant,
      users: Number(r.users),
      impressions: Number(r.impressions),
      clicks: Number(r.clicks),
      addToCarts: Number(r.add_to_carts),
      converters: Number(r.converters),
      revenue: Number(r.revenue),
      revenueSquares: Number(r.revenue_squares),
    }));
  }

  /** A user's RFM segment and lifecycle stage (null when never computed, e.g. no purchases). */
  async modelVersionExists(version: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM model_versions WHERE id = $1 AND status IN ('registered', 'active', 'retired')`,
      [version],
    );
    return rows.length > 0;
  }

  private async withVariants(rows: ExperimentRow[]): Promise<ExperimentRecord[]> {
    if (rows.length === 0) return [];
    const variants: VariantRow[] = await this.dataSource.query(
      `SELECT experiment_id::text AS experiment_id, name, is_control, traffic_share::float8 AS traffic_share, weights,
              model_version
         FROM experiment_variants WHERE experiment_id = ANY($1::bigint[]) ORDER BY experiment_id, position`,
      [rows.map((r) => r.id)],
    );
    const byExperiment = new Map<string, VariantDefinition[]>();
    for (const v of variants) {
      const list = byExperiment.get(v.experiment_id) ?? [];
      list.push({
        name: v.name,
        control: v.is_control,
        trafficShare: Number(v.traffic_share),
        weights: typeof v.weights === 'string' ? (JSON.parse(v.weights) as VariantWeights) : v.weights,
        modelVersion: v.model_version,
      });
      byExperiment.set(v.experiment_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      placement: r.placement as ExperimentRecord['placement'],
      segment: r.segment,
      status: r.status,
      createdAt: new Date(r.created_at),
      startedAt: date(r.started_at),
      stoppedAt: date(r.stopped_at),
      shippedVariant: r.shipped_variant,
      shippedAt: date(r.shipped_at),
      variants: byExperiment.get(r.id) ?? [],
    }));
  }
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

// UPDATE … RETURNING gives [rows, count] through TypeORM's pg driver and rows through PGlite's.
function rowCount(result: unknown[]): number {
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
  return result.length;
}
