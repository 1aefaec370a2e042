// Panel 3: experiments, each with its report (tables, and CTR / conversion bars with CI whiskers).

import { gql } from './gql.js';
import { reportView } from './report-view.js';
import { unwrap } from './schema.js';
import { h, scalarKeys, setStatus, table, unavailable } from './ui.js';

export function mountExperiments(schema, panel) {
  const list = schema.operation('Query', 'experiments');
  if (!list || !schema.introspected) {
    return unavailable(
      panel,
      list
        ? 'Experiments need schema introspection, which is off on this server.'
        : 'No `experiments` query on this server yet.',
    );
  }
  const detail = schema.operation('Query', 'experiment', 'experimentReport');
  const body = panel.querySelector('.panel-body');
  const listBox = h('div', { 'data-testid': 'experiments-list' });
  const status = h('p', { class: 'status', hidden: true });
  const detailBox = h('div', { class: 'experiment-detail', 'data-testid': 'experiment-detail' });
  body.replaceChildren(status, listBox, detailBox);

  async function open(row) {
    if (!detail) return detailBox.replaceChildren(...reportView(row, { testId: 'experiment' }));
    const idArg = detail.args.find((a) => unwrap(a.type).required) ?? detail.args[0];
    try {
      const data = await gql(
        `query DashboardExperiment($id: ${schema.typeString(idArg.type)}) { ${detail.name}(${idArg.name}: $id) ${schema.selection(detail.type, 4)} }`,
        { id: row.id ?? row[idArg.name] },
      );
      const report = data[detail.name];
      detailBox.replaceChildren(
        h('h3', {}, String(row.name ?? row.id)),
        ...(report ? reportView(report, { testId: 'experiment' }) : [h('p', {}, 'Not found.')]),
      );
    } catch (e) {
      detailBox.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  async function load() {
    try {
      // Scalars only: a row's report is computed on demand when the row is opened.
      const call = list.args.some((a) => a.name === 'limit') ? `${list.name}(limit: 20)` : list.name;
      const data = await gql(`query DashboardExperiments { ${call} ${schema.selection(list.type, 1)} }`);
      let rows = data[list.name];
      if (!Array.isArray(rows)) rows = Object.values(rows ?? {}).find(Array.isArray) ?? [];
      if (!rows.length) return listBox.replaceChildren(h('p', { class: 'note' }, 'No experiments yet.'));
      listBox.replaceChildren(table(rows, scalarKeys(rows), { onRowClick: open, testId: 'experiments-table' }));
      await open(rows.find((r) => /running|started/i.test(String(r.status))) ?? rows[0]);
    } catch (e) {
      setStatus(status, e.message, 'error');
    }
  }
  panel.querySelector('.refresh')?.addEventListener('click', () => void load());
  return load();
}
