// One loaded artifact, ready to answer requests: the bundle's models and statistics behind one object that
// scores a single user (or a basket, or an item) over the artifact's item index space. Plain TypeScript; the
// tables it needs (normalised item vectors, the content model's [d × N] item table) are built once at load,
// so a request does no catalog-sized setup work.
//
// Index space: 0..N-1 are the artifact's items (manifest.itemIds); N..N+E-1 are new catalog items the artifact
// does not know (added after training). Only the content model can score new items (content.embedItems embeds
// them from their attributes); for every other source they count as "no evidence". A ServingModel never
// changes once built: `withNewItems` returns another one that shares the loaded artifact, so a request that
// holds one reads the same index space from start to end.
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

/** A catalog item the artifact does not know, with the attributes the content model embeds. */
export interface NewItem {
  id: string;
  features: ItemFeatures;
}

/** The new items of one catalog snapshot, at indices N..N+E-1. */
interface NewItems {
  ids: string[];
  index: Map<string, number>;
  /** [d × E] content embeddings of the new items (scoring layout). */
  table: ScoreTable;
  /** Content vectors of artifact items followed by the new items. */
  contentVectors: ItemVectors;
}

/** What loading an artifact builds once; every ServingModel of the artifact shares it. */
class LoadedArtifact {
  readonly index: Map<string, number>;
  readonly similarity: Partial<Record<SimilarityKind, ItemVectors>> = {};
  /** [d × N] content item embeddings. */
  readonly contentTable: ScoreTable | null = null;
  readonly contentDim: number = 0;
  readonly models: Models;
  /** Plain-TypeScript forward passes for one user (no TF.js op dispatch per request); the models' own
   * `scoreUsers` stay the reference (serving-forward.spec.ts). */
  readonly forward: {
    collaborative?: CollaborativeForward;
    content?: ContentForward;
    sequence?: SequenceForward;
  } = {};
  disposed = false;

  constructor(readonly bundle: ModelBundle) {
    const { manifest } = bundle;
    const models = bundle.models as Models;
    this.models = models;
    const n = manifest.itemIds.length;
    this.index = new Map(manifest.itemIds.map((id, i) => [id, i]));
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

  /** Embeds `items` with the content model; null without one or without items. */
  embedNewItems(items: readonly NewItem[]): NewItems | null {
    const content = this.models.content;
    if (!content || items.length === 0 || !this.similarity.content) return null;
    const n = this.index.size;
    const d = this.contentDim;
    const matrix = content.embedItems(items.map((x) => x.features));
    return {
      ids: items.map((x) => x.id),
      index: new Map(items.map((x, e) => [x.id, n + e])),
      table: new ScoreTable(transpose(matrix, items.length, d), d, items.length),
      contentVectors: concatVectors(this.similarity.content, itemVectors(matrix, items.length, d)),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.forward.collaborative?.dispose();
    this.forward.sequence?.dispose();
    this.contentTable?.dispose();
    disposeBundle(this.bundle);
  }
}

export class ServingModel {
  readonly version: string;
  /** Items the artifact knows (N). */
  readonly numItems: number;
  readonly bundle: ModelBundle;

  private constructor(
    private readonly loaded: LoadedArtifact,
    private readonly newItems: NewItems | null,
  ) {
    this.bundle = loaded.bundle;
    this.version = loaded.bundle.manifest.version;
    this.numItems = loaded.bundle.manifest.itemIds.length;
  }

  /** Builds the serving tables of `bundle` (once per loaded artifact); the model knows no new items yet. */
  static load(bundle: ModelBundle): ServingModel {
    return new ServingModel(new LoadedArtifact(bundle), null);
  }

  /**
   * The same artifact over a catalog that also holds `items`: those it does not know are embedded with the
   * content model at indices N.., so that new products can be recommended by content similarity. A new object
   * (this one is left as it is); without a content model it knows no new items.
   */
  withNewItems(items: readonly NewItem[]): ServingModel {
    this.assertLive();
    const fresh = items.filter((x) => !this.loaded.index.has(x.id));
    return new ServingModel(this.loaded, this.loaded.embedNewItems(fresh));
  }

  /** Index of an external item id (artifact items, then new items); undefined when unknown. */
  indexOf(externalId: string): number | undefined {
    return this.loaded.index.get(externalId) ?? this.newItems?.index.get(externalId);
  }

  /** External id at an index of the extended space. */
  idAt(i: number): string | undefined {
    return i < this.numItems ? this.bundle.manifest.itemIds[i] : this.newItems?.ids[i - this.numItems];
  }

  /** Size of the index space: artifact items plus new items. */
  get totalItems(): number {
    return this.numItems + (this.newItems?.ids.length ?? 0);
  }

  has(source: DenseSourceName): boolean {
    if (source === 'item-item') return this.bundle.itemItem !== undefined;
    if (source === 'ranker') return this.bundle.ranker !== undefined;
    return source === 'repeat' || source === 'popularity' || this.loaded.models[source as SimilarityKind] !== undefined;
  }

  /** Whether the artifact knows this item (index < N), as opposed to a new item. */
  isKnown(externalId: string): boolean {
    return this.loaded.index.has(externalId);
  }

  /**
   * One source's scores for one user over the index space: length N (sources that know only the artifact's
   * items) or N + E (content, which also scores new items). Same values as the source's offline `scoreUsers`.
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
        return this.require('collaborative', this.loaded.forward.collaborative).scoreUser(history);
      case 'sequence':
        return this.require('sequence', this.loaded.forward.sequence).scoreSequence(basketLists(history));
      case 'ranker':
        throw new Error('the ranker scores a pool, not the index space: use rankUser');
      case 'content': {
        const profile = this.require('content', this.loaded.forward.content).profile(history);
        const newItems = this.newItems;
        const out = new Float32Array(this.totalItems);
        this.loaded.contentTable!.score(profile, out);
        if (newItems) newItems.table.score(profile, out.subarray(this.numItems));
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
    const sequence = this.loaded.forward.sequence;
    if (!sequence) return null;
    const known = basket.filter((i) => i >= 0 && i < this.numItems);
    const previous = history ? basketLists(history) : [];
    return sequence.scoreSequence([...previous, known]);
  }

  /** cos(item, j) for every j of the kind's table (content includes new items), item itself -Infinity; null without the model. */
  similarRow(kind: SimilarityKind, item: number): Float32Array | null {
    const v = this.vectors(kind);
    if (!v || item < 0 || item >= v.count) return null;
    return cosineRow(v, item);
  }

  /** Normalised item vectors of a model (for anchors and diversity); content covers the new items too. */
  vectors(kind: SimilarityKind): ItemVectors | undefined {
    if (kind === 'content' && this.newItems) return this.newItems.contentVectors;
    return this.loaded.similarity[kind];
  }

  /** Of `items` (e.g. the user's recent purchases), the one most tied to `item` in the item-to-item table. */
  itemItemAnchor(items: readonly number[], item: number): number | undefined {
    return this.bundle.itemItem?.strongestLink(items, item);
  }

  /** The user's own items ordered by predicted need at `now` (RepeatPurchaseScorer.buyAgain). */
  buyAgain(history: UserHistory, k: number, now?: number): BuyAgainItem[] {
    return this.bundle.repeat.buyAgain(history, k, { now });
  }

  /**
   * Releases the TF.js copy of this model's new-item table. A request still holding the model scores the new
   * items with the plain loop over the same values (ScoreTable), so the owner may release it as soon as it
   * publishes a successor.
   */
  releaseNewItems(): void {
    this.newItems?.table.dispose();
  }

  /** Releases the TF.js memory of the artifact, for every ServingModel of it. Scoring afterwards throws. */
  dispose(): void {
    this.releaseNewItems();
    this.loaded.dispose();
  }

  get isDisposed(): boolean {
    return this.loaded.disposed;
  }

  private require<T>(name: string, model: T | undefined): T {
    if (!model) throw new Error(`artifact ${this.version} has no ${name} model`);
    return model;
  }

  private assertLive(): void {
    if (this.loaded.disposed) throw new Error(`model ${this.version} was disposed`);
  }
}
