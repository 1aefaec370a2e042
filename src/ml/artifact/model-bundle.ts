// The served model bundle: everything the service needs to score, in one directory per version.
//   manifest.json            version, protocol, metrics, item id map, blend, hyper-parameters, data window, code version
//   <model>.json/.weights.bin TF.js model weights (model-artifact.ts), one pair per trained model
//   repeat.json              repeat-purchase state (parameters and item statistics)
//   popularity.bin           popularity counts (Float32, little-endian; recency-decayed when
//                            hyperParameters.popularity.halfLifeDays is set)
//   item-item.json/.bin      optional sparse item×item table (ItemItemModel): parameters and sizes, then the CSR
//                            arrays ptr (Int32 × N+1), idx (Int32 × E), weights (Float32 × E), little-endian
//   ranker.json/.bin         optional learned ranker (ranking/ranker-artifact.ts): heads, pool sizes, item statistics
// Nothing needed to score is hard-coded in source: the manifest carries the id map and the blend.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { halfLifeOf, PopularityScorer } from '../baselines/popularity-scorer.js';
import type { EvaluationProtocol } from '../evaluation/evaluation-protocol.js';
import type { Normalisation } from '../blend/score-normalisation.js';
import { ItemItemModel, type ItemItemParams } from '../models/item-item-model.js';
import { RepeatPurchaseScorer, type RepeatPurchaseState } from '../models/repeat-purchase-scorer.js';
import type { LearnedRanker } from '../ranking/learned-ranker.js';
import { loadRanker, saveRanker } from '../ranking/ranker-artifact.js';
import { loadModel, saveModel, type ModelKind, type TrainedModel } from './model-artifact.js';

export const BUNDLE_FORMAT_VERSION = 1;

/** Names of blend sources; TF models use their kind. */
export type BundleSourceName = ModelKind | 'repeat' | 'popularity' | 'item-item' | 'ranker';

export interface BlendSourceSpec {
  name: BundleSourceName;
  weight: number;
  normalisation: Normalisation;
}

export interface EvaluationRow {
  scorer: string;
  kind: 'served' | 'model' | 'baseline';
  /** setting → metric id → value */
  settings: Record<string, { users: number; metrics: Record<string, number> }>;
}

export interface BundleManifest {
  formatVersion: number;
  version: string;
  createdAt: string;
  codeVersion: string;
  backend: string;
  modelTypes: BundleSourceName[];
  hyperParameters: Record<string, unknown>;
  dataWindow: { from: string | null; to: string | null; purchaseEvents: number; users: number; items: number };
  /** Index → external item id: the id map every model's item axis follows. */
  itemIds: string[];
  protocol: EvaluationProtocol;
  evaluation: EvaluationRow[];
  primaryMetric: { name: string; value: number };
  /** The linear blend fitted on the validation split: HOME's default without a ranker, its fallback with one. */
  blend: BlendSourceSpec[];
  /** The learned ranker's heads kept by training (absent: no ranker), and why each was kept or dropped. */
  ranker?: { heads: ('all' | 'new')[]; verdicts: { head: string; kept: boolean; reason: string }[] };
  seed: number;
  trainingSeconds: number;
}

export interface ModelBundle {
  manifest: BundleManifest;
  models: Partial<Record<ModelKind, TrainedModel>>;
  repeat: RepeatPurchaseScorer;
  popularity: PopularityScorer;
  /** Present when the blend serves the item-to-item source. */
  itemItem?: ItemItemModel;
  /** Present when training kept at least one ranker head. */
  ranker?: LearnedRanker;
}

interface ItemItemHeader {
  params: ItemItemParams;
  numItems: number;
  entries: number;
}

/**
 * HOME's default weights: the learned ranker alone when training kept a head of it (the linear sources listed at
 * weight 0, so their normalisations stay known), else the fitted linear blend.
 */
export function servedBlend(manifest: BundleManifest): BlendSourceSpec[] {
  if (!manifest.ranker?.heads.length) return manifest.blend;
  return [
    { name: 'ranker', weight: 1, normalisation: 'minmax' },
    ...manifest.blend.filter((b) => b.name !== 'ranker').map((b) => ({ ...b, weight: 0 })),
  ];
}

export async function saveBundle(dir: string, bundle: ModelBundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [kind, model] of Object.entries(bundle.models)) if (model) await saveModel(dir, model, kind);
  await writeFile(join(dir, 'repeat.json'), JSON.stringify(bundle.repeat.state));
  const pop = bundle.popularity.counts;
  await writeFile(join(dir, 'popularity.bin'), new Uint8Array(pop.buffer, pop.byteOffset, pop.byteLength));
  if (bundle.itemItem) {
    const { table, params } = bundle.itemItem;
    const header: ItemItemHeader = { params, numItems: table.numItems, entries: table.idx.length };
    await writeFile(join(dir, 'item-item.json'), JSON.stringify(header));
    const bytes = (a: Int32Array | Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    await writeFile(join(dir, 'item-item.bin'), Buffer.concat([table.ptr, table.idx, table.weights].map(bytes)));
  }
  if (bundle.ranker) await saveRanker(dir, bundle.ranker);
  // The manifest last: a directory without one is an incomplete artifact.
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(bundle.manifest, null, 1));
}

export async function readBundleManifest(dir: string): Promise<BundleManifest> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  if (manifest.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw new Error(`artifact ${dir} has format ${manifest.formatVersion}, this code reads ${BUNDLE_FORMAT_VERSION}`);
  }
  return manifest;
}

export async function loadBundle(dir: string): Promise<ModelBundle> {
  const manifest = await readBundleManifest(dir);
  const models: Partial<Record<ModelKind, TrainedModel>> = {};
  for (const kind of manifest.modelTypes) {
    if (kind === 'repeat' || kind === 'popularity' || kind === 'item-item' || kind === 'ranker') continue;
    models[kind] = await loadModel(dir, kind);
  }
  const itemItem = manifest.modelTypes.includes('item-item') ? await loadItemItem(dir) : undefined;
  const ranker = manifest.modelTypes.includes('ranker') ? await loadRanker(dir) : undefined;
  const repeat = new RepeatPurchaseScorer(
    JSON.parse(await readFile(join(dir, 'repeat.json'), 'utf8')) as RepeatPurchaseState,
  );
  const raw = await readFile(join(dir, 'popularity.bin'));
  const aligned = new Uint8Array(raw.byteLength);
  aligned.set(raw);
  const popularity = new PopularityScorer(
    new Float32Array(aligned.buffer),
    halfLifeOf((manifest.hyperParameters.popularity as { halfLifeDays?: number | null } | undefined)?.halfLifeDays),
  );
  const n = manifest.itemIds.length;
  for (const [what, size] of [
    ['repeat', repeat.numItems],
    ['popularity', popularity.counts.length],
    ...(itemItem ? [['item-item', itemItem.numItems] as const] : []),
    ...(ranker ? [['ranker', ranker.numItems] as const] : []),
    ...Object.entries(models).map(([k, m]) => [k, (m as { numItems: number }).numItems] as const),
  ] as const) {
    if (size !== n) throw new Error(`artifact ${dir}: ${what} covers ${size} items, the id map ${n}`);
  }
  return { manifest, models, repeat, popularity, ...(itemItem ? { itemItem } : {}), ...(ranker ? { ranker } : {}) };
}

async function loadItemItem(dir: string): Promise<ItemItemModel> {
  const header = JSON.parse(await readFile(join(dir, 'item-item.json'), 'utf8')) as ItemItemHeader;
  const raw = await readFile(join(dir, 'item-item.bin'));
  const n = header.numItems;
  const e = header.entries;
  if (raw.byteLength !== 4 * (n + 1 + 2 * e)) throw new Error(`artifact ${dir}: item-item.bin has the wrong size`);
  const aligned = new Uint8Array(raw.byteLength);
  aligned.set(raw);
  const buffer = aligned.buffer;
  return new ItemItemModel(
    {
      numItems: n,
      ptr: new Int32Array(buffer, 0, n + 1),
      idx: new Int32Array(buffer, 4 * (n + 1), e),
      weights: new Float32Array(buffer, 4 * (n + 1 + e), e),
    },
    header.params,
  );
}

/** Releases TF.js memory held by the bundle's models. */
export function disposeBundle(bundle: ModelBundle): void {
  for (const m of Object.values(bundle.models)) m?.dispose();
  bundle.ranker?.dispose();
}
