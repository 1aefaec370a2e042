/* global AbortController */
// Panels 1 and 2: a user's recommendations for a placement, re-queried live as per-source weight
// sliders move, with the what-if metrics of the proposed weights beside them.

import { gql } from './gql.js';
import { metricsView } from './metrics-view.js';
import { unwrap } from './schema.js';
import { debounce, fmt, h, setStatus, table, unavailable } from './ui.js';
import { encodeWeights, extractWeights } from './weights.js';

const DEFAULT_PLACEMENTS = ['HOME', 'PRODUCT', 'CART', 'BUY_AGAIN'];
const WEIGHT_QUERIES = ['placementWeights', 'blendWeights', 'weights', 'placementSettings', 'servingWeights'];

export function mountPlayground(schema, panel, whatIfPanel) {
  const recs = schema.operation('Query', 'recommendations');
  if (!recs) return unavailable(panel, 'This server has no `recommendations` query.');
  const placementArg = schema.arg(recs, 'placement');
  const weightsArg = schema.arg(recs, 'weights', 'blendWeights', 'weightOverrides');
  const weightsQuery = findWeightsQuery(schema);
  const whatIf = schema.operation('Query', 'evaluateWeights') ?? schema.operation('Mutation', 'evaluateWeights');
  const profileQuery = schema.operation('Query', 'userProfile');
  const placements = placementArg ? schema.enumValues(unwrap(placementArg.type).name) : [];

  const el = {
    placement: panel.querySelector('#placement'),
    user: panel.querySelector('#user-id'),
    limit: panel.querySelector('#limit'),
    excludePurchased: panel.querySelector('#exclude-purchased'),
    sliders: panel.querySelector('#sliders'),
    slidersNote: panel.querySelector('#sliders-note'),
    list: panel.querySelector('#recs'),
    meta: panel.querySelector('#recs-meta'),
    status: panel.querySelector('#recs-status'),
    profile: panel.querySelector('#profile'),
    reset: panel.querySelector('#reset-weights'),
  };
  // The argument's default (HOME) first; the schema lists enum values alphabetically.
  const defaultPlacement = placementArg?.defaultValue ?? 'HOME';
  const options = placements.length ? placements : DEFAULT_PLACEMENTS;
  options.sort((a, b) => (b === defaultPlacement) - (a === defaultPlacement));
  el.placement.replaceChildren(...options.map((p) => h('option', { value: p }, p)));

  const state = { current: new Map(), proposed: new Map(), baseline: null, seq: 0, controller: null };

  if (!whatIf) unavailable(whatIfPanel, 'The what-if API (`evaluateWeights`) is not on this server yet.');

  const notes = [];
  if (!weightsArg && !whatIf)
    notes.push(
      'Weights cannot be overridden on this server (no `weights` argument on `recommendations`): the sliders are off.',
    );
  else if (!weightsArg)
    notes.push('`recommendations` takes no weights override here: the sliders drive the what-if metrics only.');
  if (!weightsQuery)
    notes.push('No weights query on this server: sliders start at 1 for the sources seen in the list.');
  el.slidersNote.textContent = notes.join(' ');

  const variablesFor = (withWeights) => {
    const v = { userId: el.user.value.trim(), placement: el.placement.value };
    if (withWeights && weightsArg && state.proposed.size)
      v.weights = encodeWeights(schema, weightsArg.type, state.proposed, v.placement);
    return v;
  };

  const recsQuery = (withWeights) => {
    const limit = Math.min(100, Math.max(1, Number.parseInt(el.limit.value, 10) || 10));
    const decl = ['$userId: ID!'];
    const args = ['userId: $userId', `limit: ${limit}`]; // a literal: a variable limit is costed as 100
    if (placementArg) {
      decl.push(`$placement: ${schema.introspected ? schema.typeString(placementArg.type) : 'Placement'}`);
      args.push('placement: $placement');
    }
    if (!el.excludePurchased.checked) args.push('filter: { excludePurchased: false }');
    if (withWeights && weightsArg && state.proposed.size) {
      decl.push(`$weights: ${schema.typeString(weightsArg.type)}`);
      args.push(`${weightsArg.name}: $weights`);
    }
    return `query DashboardRecs(${decl.join(', ')}) { recommendations(${args.join(', ')}) { coldStart modelVersion items ${itemSelection(schema)} } }`;
  };

  async function loadWeights() {
    state.current = new Map();
    if (!weightsQuery) return;
    const pArg = schema.arg(weightsQuery, 'placement');
    const decl = pArg ? `($placement: ${schema.typeString(pArg.type)})` : '';
    const call = pArg ? `${weightsQuery.name}(placement: $placement)` : weightsQuery.name;
    const sel = schema.selection(weightsQuery.type, 3);
    try {
      const data = await gql(
        `query DashboardWeights${decl} { ${call} ${sel} }`,
        pArg ? { placement: el.placement.value } : {},
      );
      let value = data[weightsQuery.name];
      if (Array.isArray(value) && value.some((x) => x && x.placement !== undefined)) {
        value = value.find((x) => x.placement === el.placement.value) ?? null;
      }
      state.current = extractWeights(value);
    } catch (e) {
      setStatus(el.status, `Could not read the current weights: ${e.message}`, 'error');
    }
  }

  function renderSliders(sources) {
    for (const s of sources) {
      if (!state.current.has(s)) state.current.set(s, 1);
    }
    state.proposed = new Map(state.current);
    const enabled = Boolean(weightsArg || whatIf);
    el.sliders.replaceChildren(
      ...[...state.current.keys()].map((source) => {
        const out = h('output', { 'data-testid': `weight-value-${source}` }, fmt(state.current.get(source)));
        const input = h('input', {
          type: 'range',
          min: 0,
          max: Math.max(2, Math.ceil(2 * Math.max(...state.current.values()))),
          step: 0.05,
          value: state.current.get(source),
          disabled: !enabled,
          'data-source': source,
          'aria-label': `weight of ${source}`,
          oninput: (ev) => {
            const v = Number(ev.target.value);
            state.proposed.set(source, v);
            out.textContent = fmt(v);
            onWeightsChanged();
          },
        });
        return h('label', { class: 'slider' }, h('span', { class: 'source' }, source), input, out);
      }),
    );
    el.reset.disabled = !enabled || state.current.size === 0;
  }

  async function run({ withWeights }) {
    if (!el.user.value.trim()) return setStatus(el.status, 'Enter a user id.', 'info');
    state.controller?.abort();
    const controller = (state.controller = new AbortController());
    const seq = ++state.seq;
    setStatus(el.status, 'Loading…', 'info');
    try {
      const data = await gql(recsQuery(withWeights), variablesFor(withWeights), { signal: controller.signal });
      if (seq !== state.seq) return; // a newer request is on its way
      const list = data.recommendations;
      if (!withWeights) state.baseline = list.items;
      renderList(list);
      setStatus(el.status, '', 'info');
      return list;
    } catch (e) {
      if (e.name === 'AbortError') return;
      setStatus(el.status, e.message, 'error');
      el.list.replaceChildren();
    }
  }

  function renderList(list) {
    const before = new Map((state.baseline ?? []).map((r, i) => [r.item.id, i]));
    const anchorKey = list.items[0] ? Object.keys(list.items[0]).find((k) => /anchor/i.test(k)) : undefined;
    el.meta.textContent = `${list.items.length} items · ${list.coldStart ? 'cold start · ' : ''}model ${list.modelVersion ?? 'baselines'}`;
    const columns = [
      { key: 'rank', label: '#', render: (_r, i) => String(i + 1) },
      {
        key: 'title',
        label: 'Item',
        render: (r) =>
          h('span', {}, h('span', { class: 'title' }, r.item.title), h('span', { class: 'id' }, ` ${r.item.id}`)),
      },
      { key: 'score', label: 'Score', render: (r) => r.score.toFixed(4) },
      { key: 'source', label: 'Source', render: (r) => h('span', { class: `tag src-${r.source}` }, r.source) },
      { key: 'reason', label: 'Reason' },
    ];
    if (anchorKey) columns.push({ key: anchorKey, label: 'Anchor', render: (r) => anchorText(r[anchorKey]) });
    columns.push({
      key: 'move',
      label: 'Δ rank',
      render: (r, i) => {
        if (!before.size) return '';
        const was = before.get(r.item.id);
        if (was === undefined) return h('span', { class: 'up' }, 'new');
        const d = was - i;
        return d === 0 ? '' : h('span', { class: d > 0 ? 'up' : 'down' }, `${d > 0 ? '▲' : '▼'}${Math.abs(d)}`);
      },
    });
    el.list.replaceChildren(table(list.items, columns, { testId: 'recs-table' }));
  }

  async function runWhatIf() {
    if (!whatIf || !state.proposed.size) return;
    const body = whatIfPanel.querySelector('.panel-body');
    const pArg = schema.arg(whatIf, 'placement');
    const wArg = schema.arg(whatIf, 'weights', 'proposed', 'blendWeights', 'proposedWeights');
    if (!wArg)
      return body.replaceChildren(
        h('p', { class: 'note' }, '`evaluateWeights` has no weights argument this page understands.'),
      );
    const decl = [`$weights: ${schema.typeString(wArg.type)}`];
    const args = [`${wArg.name}: $weights`];
    const variables = { weights: encodeWeights(schema, wArg.type, state.proposed, el.placement.value) };
    if (pArg) {
      decl.push(`$placement: ${schema.typeString(pArg.type)}`);
      args.push('placement: $placement');
      variables.placement = el.placement.value;
    }
    const kind = schema.field(schema.queryType, whatIf.name) ? 'query' : 'mutation';
    body.classList.add('loading');
    try {
      const data = await gql(
        `${kind} DashboardWhatIf(${decl.join(', ')}) { ${whatIf.name}(${args.join(', ')}) ${schema.selection(whatIf.type, 3)} }`,
        variables,
      );
      body.replaceChildren(...metricsView(data[whatIf.name]));
    } catch (e) {
      body.replaceChildren(h('p', { class: 'error' }, `What-if failed: ${e.message}`));
    } finally {
      body.classList.remove('loading');
    }
  }

  async function loadProfile() {
    if (!profileQuery) return el.profile.replaceChildren();
    const idArg = profileQuery.args?.[0]?.name ?? 'userId';
    try {
      const data = await gql(
        `query DashboardProfile($id: ID!) { ${profileQuery.name}(${idArg}: $id) ${schema.selection(profileQuery.type, 2)} }`,
        { id: el.user.value.trim() },
      );
      const p = data[profileQuery.name];
      el.profile.replaceChildren(
        p
          ? h(
              'p',
              { class: 'meta', 'data-testid': 'profile' },
              Object.entries(p)
                .filter(([, v]) => v === null || typeof v !== 'object')
                .map(([k, v]) => `${k}: ${fmt(v)}`)
                .join(' · '),
            )
          : h('p', { class: 'meta' }, 'No segment profile for this user.'),
      );
    } catch {
      el.profile.replaceChildren();
    }
  }

  const onWeightsChanged = debounce(async () => {
    if (weightsArg) await run({ withWeights: true });
    await runWhatIf();
  }, 250);

  async function refresh() {
    await loadWeights();
    const list = await run({ withWeights: false });
    const seen = list ? [...new Set(list.items.map((r) => r.source))] : [];
    renderSliders(weightsQuery && state.current.size ? [] : seen);
    await Promise.all([runWhatIf(), loadProfile()]);
  }

  panel.querySelector('form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void refresh();
  });
  el.placement.addEventListener('change', () => {
    el.excludePurchased.checked = el.placement.value !== 'BUY_AGAIN';
    if (el.user.value.trim()) void refresh();
  });
  el.reset.addEventListener('click', () => {
    renderSliders([]);
    void run({ withWeights: false });
    void runWhatIf();
  });
}

function itemSelection(schema) {
  const type = schema.types.get('Recommendation');
  if (!type) return '{ score source reason item { id title } }';
  const parts = ['item { id title }'];
  for (const f of type.fields) {
    if (f.name === 'item' || f.args.length) continue;
    const t = unwrap(f.type);
    if (t.kind === 'SCALAR' || t.kind === 'ENUM') parts.push(f.name);
    else if (!t.list) {
      const sub = schema.types.get(t.name);
      const keep = (sub?.fields ?? []).filter((x) => ['id', 'title', 'name'].includes(x.name)).map((x) => x.name);
      if (keep.length) parts.push(`${f.name} { ${keep.join(' ')} }`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

function anchorText(a) {
  if (a === null || a === undefined) return '';
  if (typeof a === 'object') return a.title ? `${a.title} (${a.id})` : (a.id ?? a.name ?? '');
  return String(a);
}

function findWeightsQuery(schema) {
  if (!schema.introspected) return null; // without types the result cannot be read safely
  for (const n of WEIGHT_QUERIES) {
    const f = schema.operation('Query', n);
    if (f && f.args.every((a) => a.name === 'placement' || !unwrap(a.type).required)) return f;
  }
  const q = schema.types.get(schema.queryType);
  return (
    q?.fields?.find(
      (f) =>
        /weights/i.test(f.name) &&
        !/evaluate/i.test(f.name) &&
        f.args.every((a) => a.name === 'placement' || !unwrap(a.type).required),
    ) ?? null
  );
}
