// Reading and sending per-source blend weights, whatever shape the schema gives them:
// a list of { source, weight } inputs, an input object with one Float field per source, or JSON.

import { unwrap } from './schema.js';

const NAME_KEYS = ['source', 'name', 'key', 'id'];
const VALUE_KEYS = ['weight', 'value'];

/** Finds per-source weights in any query result: [{ source, weight }] or { popular: 1, ... }. */
export function extractWeights(value) {
  const found = new Map();
  const visit = (v, depth) => {
    if (found.size || depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      const pairs = v.filter((o) => o && typeof o === 'object');
      const nameKey = NAME_KEYS.find((k) => pairs.length && pairs.every((o) => typeof o[k] === 'string'));
      const valueKey = VALUE_KEYS.find((k) => pairs.length && pairs.every((o) => typeof o[k] === 'number'));
      if (nameKey && valueKey) {
        for (const o of pairs) found.set(o[nameKey], o[valueKey]);
        return;
      }
      for (const o of v) visit(o, depth + 1);
      return;
    }
    // Prefer a field literally called weights.
    if (v.weights !== undefined) visit(v.weights, depth + 1);
    if (found.size) return;
    const entries = Object.entries(v).filter(([k]) => k !== '__typename');
    if (entries.length && entries.every(([, x]) => typeof x === 'number' || x === null) && !('placement' in v)) {
      for (const [k, x] of entries) if (typeof x === 'number') found.set(k, x);
      return;
    }
    for (const [, x] of entries) visit(x, depth + 1);
  };
  visit(value, 0);
  return found;
}

/** The GraphQL value for a weights argument of type `ref`, from a Map source → weight. */
export function encodeWeights(schema, ref, weights, placement) {
  const t = unwrap(ref);
  const type = schema.types.get(t.name);
  if (!type || t.kind === 'SCALAR') return Object.fromEntries(weights); // JSON scalar (or unknown)
  if (type.kind !== 'INPUT_OBJECT') return Object.fromEntries(weights);
  const fields = type.inputFields ?? [];
  const nameField = fields.find((f) => NAME_KEYS.includes(f.name));
  const valueField = fields.find((f) => VALUE_KEYS.includes(f.name));
  if (t.list && nameField && valueField) {
    return [...weights].map(([source, weight]) => ({ [nameField.name]: source, [valueField.name]: weight }));
  }
  // An input object wrapping a list of pairs (maybe with the placement beside it).
  const listField = fields.find(
    (f) => unwrap(f.type).list && schema.types.get(unwrap(f.type).name)?.kind === 'INPUT_OBJECT',
  );
  if (listField) {
    const out = { [listField.name]: encodeWeights(schema, listField.type, weights, placement) };
    const placementField = fields.find((f) => f.name === 'placement');
    if (placementField) out.placement = placement;
    return t.list ? [out] : out;
  }
  // One numeric field per source: send the ones the schema knows.
  const out = {};
  for (const f of fields) {
    const key = [...weights.keys()].find(
      (s) => s === f.name || s.replace(/-(\w)/g, (_, c) => c.toUpperCase()) === f.name,
    );
    if (key !== undefined) out[f.name] = weights.get(key);
    else if (f.name === 'placement') out.placement = placement;
  }
  return out;
}
