import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import { fmtInt, fmtMetric, fmtScore, fmtSigned, placementLabel, segmentLabel, sourceLabel } from '../format.js';
import { Empty, ErrorNote, html, ItemName, Loading, Table, useAsync } from '../ui.js';

const itemHref = (id) => `#items/${encodeURIComponent(id)}`;
const WHAT_IF_PLACEMENTS = new Set(['HOME', 'BUY_AGAIN']);

function listMeta(list, changed, placement, updating) {
  return [
    changed
      ? 'Preview with the proposed weights (not saved, not cached)'
      : `As the ${placementLabel(placement).toLowerCase()} shows it now`,
    list.coldStart ? 'no purchase history: cold-start list' : null,
    `model ${list.modelVersion ?? 'none (rule-based sources)'}`,
    updating ? 'updating…' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A list of recommendations: rank, item, score, source, reason and anchor (and the rank move when re-ranked). */
export function RecTable({ items, before, testId }) {
  const was = new Map((before ?? []).map((r, i) => [r.item.id, i]));
  return html`<${Table}
    testId=${testId}
    rowKey=${(r) => r.item.id}
    rows=${items}
    columns=${[
      { key: 'rank', label: '#', num: true, render: (_r, i) => i + 1 },
      { key: 'title', label: 'Item', render: (r) => html`<${ItemName} item=${r.item} href=${itemHref(r.item.id)} />` },
      { key: 'score', label: 'Score', num: true, render: (r) => fmtScore(r.score) },
      {
        key: 'source',
        label: 'Source',
        render: (r) =>
          html`<span class=${`tag src-${r.source}`} data-source=${r.source}>${sourceLabel(r.source)}</span>`,
      },
      { key: 'reason', label: 'Reason', render: (r) => r.reason ?? '–' },
      {
        key: 'anchor',
        label: 'Because of',
        render: (r) =>
          r.anchorItem ? html`<${ItemName} item=${r.anchorItem} href=${itemHref(r.anchorItem.id)} />` : '–',
      },
      ...(before
        ? [
            {
              key: 'move',
              label: 'Move',
              num: true,
              render: (r, i) => {
                const w = was.get(r.item.id);
                if (w === undefined) return html`<span class="up">new</span>`;
                const d = w - i;
                return d === 0
                  ? '·'
                  : html`<span class=${d > 0 ? 'up' : 'down'}>${d > 0 ? '▲' : '▼'} ${Math.abs(d)}</span>`;
              },
            },
          ]
        : []),
    ]}
  />`;
}

/** One slider per blend source, 0 .. twice the largest current weight. */
export function WeightSliders({ weights, proposed, onChange, testId }) {
  const max = Math.max(2, Math.ceil(2 * Math.max(...weights.map((w) => w.weight))));
  return html`<div class="sliders" data-testid=${testId}>
    ${weights.map(
      (w) =>
        html`<label class="slider" key=${w.source}>
          <span class="source">${sourceLabel(w.source)}</span>
          <input
            type="range"
            min="0"
            max=${max}
            step="0.05"
            value=${proposed[w.source] ?? 0}
            data-source=${w.source}
            aria-label=${`weight of ${sourceLabel(w.source)}`}
            onInput=${(e) => onChange({ ...proposed, [w.source]: Number(e.currentTarget.value) })}
          />
          <output data-testid=${`weight-${w.source}`}>${fmtMetric(proposed[w.source] ?? 0)}</output>
        </label>`,
    )}
  </div>`;
}

/**
 * The what-if evaluation of `proposed` weights (for one segment's held-out customers, or all), re-run 250 ms
 * after the last change; a newer run aborts the older one. Only for placements the replay measures.
 */
export function useWhatIf(placement, proposed, segment = null) {
  const [state, setState] = useState({ data: null, error: null, loading: false });
  useEffect(() => {
    if (!proposed || !WHAT_IF_PLACEMENTS.has(placement)) return undefined;
    const c = new AbortController();
    const t = setTimeout(() => {
      setState((w) => ({ ...w, loading: true }));
      const weights = Object.entries(proposed).map(([source, weight]) => ({ source, weight }));
      gql(OPS.whatIf, { placement, segment, weights }, { signal: c.signal }).then(
        (d) => setState({ data: d.evaluateWeights, error: null, loading: false }),
        (e) => e.name !== 'AbortError' && setState({ data: null, error: e, loading: false }),
      );
    }, 250);
    return () => {
      clearTimeout(t);
      c.abort();
    };
  }, [proposed, placement, segment]);
  return state;
}

/**
 * One placement's list for a customer, with a slider per blend source: moving one re-ranks the list through the
 * admin-only weights preview and re-runs the what-if evaluation beside it (debounced; older calls aborted).
 */
export function PlacementPlayground({ userId, placement }) {
  const weights = useAsync(
    (signal) => gql(OPS.placementWeights, { placement }, { signal }).then((d) => d.placementWeights),
    [placement],
  );
  const current = weights.data?.weights ?? null;
  const [proposed, setProposed] = useState(null);
  useEffect(
    () => setProposed(current ? Object.fromEntries(current.map((w) => [w.source, w.weight])) : null),
    [current],
  );
  const changed = current && proposed && current.some((w) => proposed[w.source] !== w.weight);
  const filter = placement === 'BUY_AGAIN' ? { excludePurchased: false } : null;

  const base = useAsync(
    (signal) => gql(OPS.recommendations, { userId, placement, filter }, { signal }).then((d) => d.recommendations),
    [userId, placement],
  );
  const [preview, setPreview] = useState({ list: null, error: null, loading: false });
  const whatIf = useWhatIf(placement, proposed);
  const timer = useRef(null);
  const controller = useRef(null);

  useEffect(() => {
    clearTimeout(timer.current);
    controller.current?.abort();
    if (!changed) {
      setPreview({ list: null, error: null, loading: false });
    }
    if (!proposed || !current) return undefined;
    timer.current = setTimeout(() => {
      const c = (controller.current = new AbortController());
      const list = Object.entries(proposed).map(([source, weight]) => ({ source, weight }));
      if (changed) {
        setPreview((p) => ({ ...p, loading: true }));
        gql(OPS.recommendations, { userId, placement, filter, weights: list }, { signal: c.signal }).then(
          (d) => setPreview({ list: d.recommendations, error: null, loading: false }),
          (e) => e.name !== 'AbortError' && setPreview({ list: null, error: e, loading: false }),
        );
      }
    }, 250);
    return () => clearTimeout(timer.current);
  }, [proposed, userId, placement]);

  const shown = preview.list ?? base.data;
  return html`<div class="playground" data-testid="playground" data-placement=${placement}>
    <div class="list-side">
      <${ErrorNote} error=${base.error} retry=${base.reload} />
      ${base.loading && !base.data ? html`<${Loading} />` : null}
      ${
        shown
          ? html`<p class="meta" data-testid="list-meta">${listMeta(shown, changed, placement, preview.loading)}</p>`
          : null
      }
      <${ErrorNote} error=${preview.error} />
      ${
        shown && shown.items.length === 0
          ? html`<${Empty}
              >Nothing to recommend here for this
              customer${placement === 'BUY_AGAIN' ? ': they have no purchase that can be bought again' : ''}.<//
            >`
          : null
      }
      ${shown?.items.length ? html`<${RecTable} testId="recs-table" items=${shown.items} before=${changed ? base.data?.items : null} />` : null}
    </div>
    <aside class="tuning">
      <h4>Blend weights</h4>
      <${ErrorNote} error=${weights.error} retry=${weights.reload} />
      ${
        current && proposed
          ? html`<${WeightSliders} testId="sliders" weights=${current} proposed=${proposed} onChange=${setProposed} />
              <p class="meta">
                Now ${weights.data.origin === 'built-in' ? 'built-in defaults' : `from ${weights.data.origin}`} · moving
                a slider previews, it saves nothing.
                ${changed ? html` <button type="button" class="link" data-testid="reset-weights" onClick=${() => setProposed(Object.fromEntries(current.map((w) => [w.source, w.weight])))}>Back to current</button>` : null}
              </p>`
          : null
      }
      <${WhatIfTable} placement=${placement} state=${whatIf} />
    </aside>
  </div>`;
}

const METRIC_ROWS = [
  ['ndcgAt10', 'NDCG@10', 'Ranking quality of the next order (higher is better)'],
  ['ndcgAt10New', 'NDCG@10, new items', 'The same, counting only items new to the customer'],
  ['recallAt10', 'Recall@10', 'Share of the next order found in the top 10'],
  ['coverageAt10', 'Catalog coverage', 'Share of the catalog appearing in some top 10'],
  ['repeatShare', 'Repeat share', 'Share of recommended items already bought'],
];

const whatIfMeta = (d, updating) =>
  `${fmtInt(d.users)} held-out customers${d.segment ? ` in ${segmentLabel(d.segment)}` : ''} replayed with model ${d.modelVersion}${updating ? ' · updating…' : ''}`;

export function WhatIfTable({ placement, state }) {
  if (!WHAT_IF_PLACEMENTS.has(placement)) {
    return html`<${Empty} testId="whatif-unavailable"
      >What-if metrics replay next-order evaluation, which measures customer lists: they are available for the home page
      and buy again.<//
    >`;
  }
  if (state.error) {
    const noModel = state.error.code === 'NOT_FOUND' && /no active model version/.test(state.error.message);
    return html`<div class="error" role="alert" data-testid="whatif-error">
      ${noModel ? 'What-if needs a trained model: run `tailor train` (or `npm run train`) and activate it under Models.' : state.error.message}
    </div>`;
  }
  const d = state.data;
  if (!d) return state.loading ? html`<${Loading} what="Evaluating" />` : null;
  const rows = METRIC_ROWS.map(([key, label, help]) => ({
    key,
    label,
    help,
    current: d.current[key],
    proposed: d.proposed[key],
    delta: d.proposed[key] - d.current[key],
  }));
  return html`<div class="whatif">
    <h4>What-if on held-out orders</h4>
    <${Table}
      testId="whatif-table"
      rowKey=${(r) => r.key}
      rows=${rows}
      columns=${[
        { key: 'label', label: 'Metric', render: (r) => html`<span title=${r.help}>${r.label}</span>` },
        { key: 'current', label: 'Current', num: true, render: (r) => fmtMetric(r.current) },
        { key: 'proposed', label: 'Proposed', num: true, render: (r) => fmtMetric(r.proposed) },
        {
          key: 'delta',
          label: 'Change',
          num: true,
          render: (r) =>
            html`<span class=${r.delta > 1e-9 ? 'up' : r.delta < -1e-9 ? 'down' : ''}
              >${Math.abs(r.delta) < 1e-9 ? '0' : fmtSigned(r.delta)}</span
            >`,
        },
      ]}
    />
    <p class="meta" data-testid="whatif-meta">${whatIfMeta(d, state.loading)}</p>
  </div>`;
}
