// Panel 5: segment and lifecycle sizes as bar charts.

import { barChart } from './charts.js';
import { gql } from './gql.js';
import { fmt, h, setStatus, unavailable } from './ui.js';

const NAME = ['segment', 'stage', 'lifecycle', 'name', 'key'];
const COUNT = ['users', 'count', 'size', 'customers'];

/** Arrays of { name, count } groups found in the result, by field name. */
export function groupsOf(result) {
  const out = [];
  for (const [field, v] of Object.entries(result ?? {})) {
    if (!Array.isArray(v) || !v.length) continue;
    const n = NAME.find((k) => v.every((x) => typeof x?.[k] === 'string'));
    const c = COUNT.find((k) => v.every((x) => typeof x?.[k] === 'number'));
    if (n && c) out.push({ field, rows: v.map((x) => ({ label: x[n], value: x[c] })) });
  }
  return out;
}

export function mountSegments(schema, panel) {
  const op = schema.operation('Query', 'segmentSizes');
  if (!op || !schema.introspected) {
    return unavailable(
      panel,
      op
        ? 'Segment sizes need schema introspection, which is off on this server.'
        : 'No `segmentSizes` query on this server yet.',
    );
  }
  const body = panel.querySelector('.panel-body');
  async function load() {
    try {
      const data = await gql(`query DashboardSegments { ${op.name} ${schema.selection(op.type, 2)} }`);
      const result = data[op.name];
      const groups = groupsOf(result);
      const total = result?.total ?? result?.users;
      body.replaceChildren(
        h(
          'p',
          { class: 'meta', 'data-testid': 'segments-total' },
          total !== undefined ? `${fmt(total)} customers with a segment` : '',
        ),
        ...groups.map((g) =>
          h(
            'figure',
            { 'data-testid': `segments-${g.field}` },
            h('figcaption', {}, g.field),
            barChart({
              title: `Users per ${g.field}`,
              rows: g.rows.map((r) => ({ label: r.label, values: [{ value: r.value }] })),
              format: fmt,
            }),
          ),
        ),
      );
      if (!groups.length) body.append(h('p', { class: 'note' }, 'No segment groups in the answer.'));
    } catch (e) {
      const status = h('p', { class: 'status' });
      setStatus(status, e.message, 'error');
      body.replaceChildren(status);
    }
  }
  panel.querySelector('.refresh')?.addEventListener('click', () => void load());
  return load();
}
