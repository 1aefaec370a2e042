// Renders a what-if result whatever its exact shape: a table metric | current | proposed | Δ when the
// result holds two comparable groups of numbers, otherwise a plain key/value table.

import { fmt, h, table } from './ui.js';

const CURRENT = /^(current|baseline|served|before|control)/i;
const PROPOSED = /^(proposed|candidate|whatIf|after|treatment|new)/i;

function numbers(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj ?? {})) {
    if (typeof v === 'number') out.set(prefix + k, v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) numbers(v, `${prefix}${k}.`, out);
  }
  return out;
}

/** Pairs of [current, proposed] groups found in the result, as Maps metric → value. */
export function comparableGroups(result) {
  const entries = Object.entries(result ?? {}).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v));
  const cur = entries.find(([k]) => CURRENT.test(k));
  const prop = entries.find(([k]) => PROPOSED.test(k));
  if (cur && prop) return { current: numbers(cur[1]), proposed: numbers(prop[1]) };
  // Or a list of metric rows: [{ metric, current, proposed }].
  const list = Object.values(result ?? {}).find(
    (v) => Array.isArray(v) && v.length && v[0] && typeof v[0] === 'object',
  );
  if (list) {
    const keyOf = (o) => o.metric ?? o.name ?? o.key;
    const cKey = Object.keys(list[0]).find((k) => CURRENT.test(k));
    const pKey = Object.keys(list[0]).find((k) => PROPOSED.test(k));
    if (cKey && pKey && keyOf(list[0]) !== undefined) {
      return {
        current: new Map(list.map((o) => [keyOf(o), o[cKey]])),
        proposed: new Map(list.map((o) => [keyOf(o), o[pKey]])),
      };
    }
  }
  return null;
}

const LABELS = [
  [/^ndcg(At10)?New$/i, 'NDCG@10 (new items)'],
  [/^ndcg(At10)?$/i, 'NDCG@10'],
  [/^recall(At10)?$/i, 'Recall@10'],
  [/^coverage(At10)?$/i, 'Coverage@10'],
  [/^repeatShare$/i, 'Repeat share'],
];
const label = (k) => LABELS.find(([re]) => re.test(k))?.[1] ?? k;

export function metricsView(result) {
  const groups = comparableGroups(result);
  const scalars = Object.entries(result ?? {}).filter(([, v]) => v === null || typeof v !== 'object');
  const parts = [];
  if (groups) {
    const keys = [...new Set([...groups.current.keys(), ...groups.proposed.keys()])];
    const rows = keys.map((k) => {
      const c = groups.current.get(k);
      const p = groups.proposed.get(k);
      return {
        metric: label(k),
        current: c,
        proposed: p,
        delta: Number.isFinite(c) && Number.isFinite(p) ? p - c : null,
      };
    });
    parts.push(
      table(
        rows,
        [
          'metric',
          'current',
          'proposed',
          {
            key: 'delta',
            label: 'Δ',
            render: (r) =>
              h(
                'span',
                { class: r.delta > 1e-12 ? 'up' : r.delta < -1e-12 ? 'down' : '' },
                r.delta === null ? '–' : (r.delta > 0 ? '+' : '') + fmt(r.delta),
              ),
          },
        ],
        { testId: 'whatif-table' },
      ),
    );
  } else {
    const all = [...numbers(result)].map(([k, v]) => ({ metric: label(k), value: v }));
    parts.push(table(all, ['metric', 'value'], { testId: 'whatif-table' }));
  }
  if (scalars.length) parts.push(h('p', { class: 'meta' }, scalars.map(([k, v]) => `${k}: ${fmt(v)}`).join(' · ')));
  return parts;
}
