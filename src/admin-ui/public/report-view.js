// Generic rendering of a report object: scalar fields as a definition list, arrays of objects as
// tables, and rate metrics (CTR, conversion) with confidence intervals as bar charts with whiskers.

import { barChart } from './charts.js';
import { fmt, h, pct, scalarKeys, table } from './ui.js';

const LABEL_KEYS = ['variant', 'name', 'key', 'arm', 'id', 'segment', 'stage'];
const RATES = [
  ['CTR', /^(ctr|clickThroughRate|clickRate)$/i],
  ['Conversion', /^(conversion|conversionRate|cvr)$/i],
];

/** { value, lo, hi } for a rate metric of a row, from `ctr` + `ctrLow`/`ctrCiLow`/`ctrLower`… or `ctr { value low high }`. */
export function rateOf(row, re) {
  const key = Object.keys(row).find((k) => re.test(k));
  if (!key) return null;
  const v = row[key];
  const bound = (obj, base, words) => {
    for (const [k, x] of Object.entries(obj)) {
      if (typeof x !== 'number') continue;
      const rest = base ? (k.toLowerCase().startsWith(base.toLowerCase()) ? k.slice(base.length) : null) : k;
      if (rest !== null && words.test(rest)) return x;
    }
    for (const [k, x] of Object.entries(obj)) {
      if (
        x &&
        typeof x === 'object' &&
        !Array.isArray(x) &&
        (!base || k.toLowerCase().startsWith(base.toLowerCase()))
      ) {
        const inner = bound(x, '', words);
        if (inner !== undefined) return inner;
      }
    }
    return undefined;
  };
  const LOW = /^(ci)?(low|lower|lo|min)/i;
  const HIGH = /^(ci)?(high|upper|hi|max)/i;
  if (typeof v === 'number') return { value: v, lo: bound(row, key, LOW), hi: bound(row, key, HIGH) };
  if (v && typeof v === 'object') {
    const value = v.value ?? v.rate ?? v.estimate ?? v.mean;
    if (typeof value === 'number') return { value, lo: bound(v, '', LOW), hi: bound(v, '', HIGH) };
  }
  return null;
}

const labelOf = (row, i) => {
  const k = LABEL_KEYS.find((key) => typeof row[key] === 'string' || typeof row[key] === 'number');
  return k ? String(row[k]) : `#${i + 1}`;
};

const isRows = (v) => Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object');

function arraysOf(obj, path = '', out = []) {
  for (const [k, v] of Object.entries(obj ?? {})) {
    if (isRows(v)) {
      out.push([path + k, v]);
      nestedRows(v, path + k, out);
    } else if (v && typeof v === 'object' && !Array.isArray(v)) arraysOf(v, `${path}${k}.`, out);
  }
  return out;
}

/** Lists inside the rows of a list (each variant's `servedBy`): one table each, every row led by its parent's label. */
function nestedRows(rows, path, out) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => isRows(r[k]))))];
  const parentKey = LABEL_KEYS.find((k) => rows.some((r) => typeof r[k] === 'string' || typeof r[k] === 'number'));
  for (const key of keys) {
    const flat = rows.flatMap((r, i) =>
      isRows(r[key]) ? r[key].map((x) => ({ [parentKey ?? 'of']: labelOf(r, i), ...x })) : [],
    );
    out.push([`${path}.${key}`, flat]);
  }
}

export function reportView(report, { testId = 'report' } = {}) {
  const parts = [];
  const scalars = Object.entries(report ?? {}).filter(([, v]) => v === null || typeof v !== 'object');
  if (scalars.length) {
    parts.push(
      h(
        'dl',
        { class: 'facts' },
        scalars.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, fmt(v))]),
      ),
    );
  }
  for (const [name, rows] of arraysOf(report)) {
    parts.push(h('h4', {}, name));
    parts.push(table(rows, scalarKeys(rows), { testId: `${testId}-${name}` }));
    const rates = RATES.map(([label, re]) => [label, rows.map((r) => rateOf(r, re))]).filter(([, vs]) =>
      vs.some(Boolean),
    );
    if (rates.length) {
      parts.push(
        barChart({
          title: `${name}: ${rates.map(([l]) => l).join(' and ')} with confidence intervals`,
          series: rates.map(([l]) => l),
          rows: rows.map((r, i) => ({ label: labelOf(r, i), values: rates.map(([, vs]) => vs[i]) })),
          format: pct,
        }),
      );
    }
  }
  return parts;
}
