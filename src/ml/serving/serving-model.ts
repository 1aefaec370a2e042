// One loaded artifact, ready to answer requests: the bundle's models and statistics behind one object that
// scores a single user (or a basket, or an item) over the artifact's item index space. Plain TypeScript; the
// tables it needs (normalised item vectors, the content model's [d × N] item table) are built once at load,
// so a request does no catalog-sized setup work.
//
// Index space: 0..N-1 are the artifact's items (manifest.itemIds); N..N+E-1 are "extra" catalog items the
// artifact does not know (added after training). Only the content model can score extras (content.embedItems
// embeds them from their attributes); for every other source they count as "no evidence".
import type { ModelBundle, BundleSourceName } from '../artifact/model-bundle.js';
import { disposeBundle } from '../artifact/model-bundle.js';
import type { ItemFeatures, UserHistory } from '../dataset.js';
import type { BuyAgainItem } from '../models/repeat-purchase-scorer.js';
import type { CollaborativeModel } from '../models/collaborative-model.js';
import type { ContentModel } from '../models/content-model.js';
import { basketLists, type SequenceModel } from '../models/sequence-model.js';
import { CollaborativeForward } from './collaborative-forward.js';
import { ContentForward } from './content-forward.js';
import { concatVectors, cosineRow, itemVectors, transpose, type ItemVectors } from './item-vectors.js';
import { ScoreTable } from './score-table.js';
import { SequenceForward } from './sequence-forward.js';
import type { RankedPool, RankerHead } from '../ranking/learned-ranker.js';
import { SCORE_SOURCES, type ScoreSourceName, type SourceRows } from '../ranking/score-sources.js';

export type DenseSourceName = BundleSourceName;
export type SimilarityKind = 'collaborative' | 'content' | 'sequence';

/** The bundle's models by kind (the bundle types them only as the union). */
interface Models {
  collaborative?: CollaborativeModel;
  content?: ContentModel;
  sequence?: SequenceModel;
}

export interface ExtraItem {
  id: string;
  features: ItemFeatures;
}

interface Extras {
  ids: string[];
  index: Map<string, number>;
  /** [d × E] content embeddings of the extras (scoring layout). */
  table: ScoreTable;
  /** Content vectors of artifact items followed by the extras. */
  contentVectors: ItemVectors;
}

export class ServingModel {
  readonly version: string;
  /** Items the artifact knows (N). */
  readonly numItems: number;
  private readonly index: Map<string, number>;
  private readonly similarity: Partial<Record<SimilarityKind, ItemVectors>> = {};
  /** [d × N] content item embeddings. */
  private readonly contentTable: ScoreTable | null = null;
  private readonly contentDim: number = 0;
  private extras: Extras | null = null;
  private generation = 0;
  private disposed = false;

  private readonly models: Models;
  /** Plain-TypeScript forward passes for one user (no TF.js op dispatch per request); the models' own
   * `scoreUsers` stay the reference (serving-forward.spec.ts). */
  private readonly forward: {
    collaborative?: CollaborativeForward;
    content?: ContentForward;
    sequence?: SequenceForward;
  } = {};

  constructor(readonly bundle: ModelBundle) {
    const { manifest } = bundle;
    const models = bundle.models as Models;
    this.models = models;
    this.version = manifest.version;
    this.numItems = manifest.itemIds.length;
    this.index = new Map(manifest.itemIds.map((id, i) => [id, i]));
    const n = this.numItems;
    if (models.collaborative) {
      const w = models.collaborative.weights();
      this.similarity.collaborative = itemVectors(transpose(w.itemOut, w.dim, n), n, w.dim);
      this.forward.collaborative = new CollaborativeForward(w, models.collaborative.hyperParams.recencyHalfLife);
    }
    if (models.sequence) {
      const w = models.sequence.weights();
      this.similarity.sequence = itemVectors(w.embeddings.subarray(0, n * w.dim), n, w.dim);
      this.forward.sequence = new SequenceForward(w, models.sequence.hyperParams.maxLength);
    }
    // Built here, at load, rather than by the first request that explains an item-item pick.
    bundle.itemItem?.rowsByTarget();
    if (models.content) {
      const content = models.content;
      const d = content.hyperParams.dim;
      const matrix = content.embedItems(content.items);
      this.contentTable = new ScoreTable(transpose(matrix, n, d), d, n);
      this.contentDim = d;
      this.similarity.content = itemVectors(matrix, n, d);
      this.forward.content = new ContentForward(content.weights(), content.hyperParams.recencyHalfLife, matrix, n);
    }
  }

  /** Index of an external item id (artifact items, then extras); undefined when unknown. */
  indexOf(externalId: string): number | undefined {
    return this.index.get(externalId) ?? this.extras?.index.get(externalId);
  }

  /** External id at an index of the extended space. */
  idAt(i: number): string | undefined {
    return i < this.numItems ? this.bundle.manifest.itemIds[i] : this.extras?.ids[i - this.numItems];
  }

  /** Changes whenever indices of extras may change (setExtras): indices taken earlier are stale. */
  get indexGeneration(): number {
    return this.generation;
  }

  /** Size of the index space: artifact items plus extras. */
  get totalItems(): number {
    return this.numItems + (this.extras?.ids.length ?? 0);
  }

  has(source: DenseSourceName): boolean {
    if (source === 'item-item') return this.bundle.itemItem !== undefined;
    if (source === 'ranker') return this.bundle.ranker !== undefined;
    return source === 'repeat' || source === 'popularity' || this.models[source as SimilarityKind] !== undefined;
  }

  /** Whether the artifact knows this item (index < N), as opposed to an extra. */
  isKnown(externalId: string): boolean {
    return this.index.has(externalId);
  }

  /**
   * Embeds catalog items the artifact does not know with the content model, so that new products can be
   * recommended by content similarity. Replaces the previous extras (one reference swap). No-op without a
   * content model.
   */
  setExtras(items: readonly ExtraItem[]): void {
    const content = this.models.content;
    this.generation++;
    const fresh = items.filter((x) => !this.index.has(x.id));
    if (!content || fresh.length === 0 || !this.similarity.content) {
      this.extras?.table.dispose();
      this.extras = null;
      return;
    }
    const d = this.contentDim;
    const matrix = content.embedItems(fresh.map((x) => x.features));
    // Scoring is synchronous, so no request holds the previous extras' table while it is released.
    this.extras?.table.dispose();
    this.extras = {
      ids: fresh.map((x) => x.id),
      index: new Map(fresh.map((x, e) => [x.id, this.numItems + e])),
      table: new ScoreTable(transpose(matrix, fresh.length, d), d, fresh.length),
      contentVectors: concatVectors(this.similarity.content, itemVectors(matrix, fresh.length, d)),
    };
  }

  /**
   * One source's scores for one user over the index space: length N (sources that know only the artifact's
   * items) or N + E (content, which also scores extras). Same values as the source's offline `scoreUsers`.
   */
  scoreUser(history: UserHistory, source: DenseSourceName): Float32Array {
    this.assertLive();
    switch (source) {
      case 'popularity':
        return this.bundle.popularity.counts;
      case 'repeat':
        return this.bundle.repeat.scoreUsers([history]);
      case 'item-item': {
        const itemItem = this.require('item-item', this.bundle.itemItem);
        return itemItem.scoreInto(history, new Float32Array(this.numItems));
      }
      case 'collaborative':
        return this.require('collaborative', this.forward.collaborative).scoreUser(history);
      case 'sequence':
        return this.require('sequence', this.forward.sequence).scoreSequence(basketLists(history));
      case 'ranker':
        throw new Error('the ranker scores a pool, not the index space: use rankUser');
      case 'content': {
        const profile = this.require('content', this.forward.content).profile(history);
        const extras = this.extras;
        const out = new Float32Array(this.numItems + (extras?.ids.length ?? 0));
        this.contentTable!.score(profile, out);
        if (extras) extras.table.score(profile, out.subarray(this.numItems));
        return out;
      }
    }
  }

  /** Whether the artifact's ranker has this head (it keeps only heads that beat the linear blend on validation). */
  hasRankerHead(head: RankerHead): boolean {
    return this.bundle.ranker?.has(head) ?? false;
  }

  /**
   * The learned ranker's order of one shopper's candidate pool, with the source rows it read (for explanations);
   * null when the artifact has no such head. `nowMs` defaults to the end of the ranker's training data.
   */
  rankUser(history: UserHistory, head: RankerHead, nowMs?: number): (RankedPool & { rows: SourceRows }) | null {
    this.assertLive();
    const ranker = this.bundle.ranker;
    if (!ranker?.has(head)) return null;
    const rows = this.rankerRows(history);
    const ranked = ranker.rank(history, rows, nowMs ?? ranker.stats.endMs, head);
    return ranked && { ...ranked, rows };
  }

  private rankerRows(history: UserHistory): SourceRows {
    const rows: SourceRows = {};
    const latest: UserHistory = { user: history.user, baskets: history.baskets.slice(-1) };
    const row = (name: ScoreSourceName): ArrayLike<number> | undefined => {
      switch (name) {
        case 'item-item-latest':
          return this.has('item-item') ? this.scoreUser(latest, 'item-item') : undefined;
        default:
          return this.has(name) ? this.scoreUser(history, name) : undefined;
      }
    };
    for (const name of SCORE_SOURCES) {
      const r = row(name);
      if (r) rows[name] = r;
    }
    return rows;
  }

  /** "Complete the basket" scores from the sequence model (null without one); basket items are not excluded here. */
  scoreBasket(basket: number[], history: UserHistory | null): Float32Array | null {
    this.assertLive();
    const sequence = this.forward.sequence;
    if (!sequence) return null;
    const known = basket.filter((i) => i >= 0 && i < this.numItems);
    const previous = history ? basketLists(history) : [];
    return sequence.scoreSequence([...previous, known]);
  }

  /** cos(item, j) for every j of the kind's table (content includes extras), item itself -Infinity; null without the model. */
  similarRow(kind: SimilarityKind, item: number): Float32Array | null {
    const v = this.vectors(kind);
    if (!v || item < 0 || item >= v.count) return null;
    return cosineRow(v, item);
  }

  /** Normalised item vectors of a model (for anchors and diversity); content covers the extras too. */
  vectors(kind: SimilarityKind): ItemVectors | undefined {
    if (kind === 'content' && this.extras) return this.extras.contentVectors;
    return this.similarity[kind];
  }

  /** Of `items` (e.g. the user's recent purchases), the one most tied to `item` in the item-to-item table. */
  itemItemAnchor(items: readonly number[], item: number): number | undefined {
    return this.bundle.itemItem?.strongestLink(items, item);
  }

  /** The user's own items ordered by predicted need at `now` (RepeatPurchaseScorer.buyAgain). */
  buyAgain(history: UserHistory, k: number, now?: number): BuyAgainItem[] {
    return this.bundle.repeat.buyAgain(history, k, { now });
  }

  /** Releases the TF.js memory of the bundle. Scoring afterwards throws. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.forward.collaborative?.dispose();
    this.forward.sequence?.dispose();
    this.contentTable?.dispose();
    this.extras?.table.dispose();
    disposeBundle(this.bundle);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private require<T>(name: string, model: T | undefined): T {
    if (!model) throw new Error(`artifact ${this.version} has no ${name} model`);
    return model;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error(`model ${this.version} was disposed`);
  }
}
