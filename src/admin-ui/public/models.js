/* global fetch, URL, Blob */
// Panel 4: model versions and their evaluation reports (GET /admin/reports/:version, admin only:
// fetched with the key and shown from a blob: URL, so the key never appears in a link).

import { adminKey, gql } from './gql.js';
import { fmt, h, scalarKeys, setStatus, table, unavailable } from './ui.js';

export function mountModels(schema, panel) {
  const list = schema.operation('Query', 'modelVersions', 'models');
  if (!list || !schema.introspected) {
    return unavailable(
      panel,
      list
        ? 'Model versions need schema introspection, which is off on this server.'
        : 'No `modelVersions` query on this server yet.',
    );
  }
  const body = panel.querySelector('.panel-body');
  const status = h('p', { class: 'status', hidden: true });
  const listBox = h('div', { 'data-testid': 'models-list' });
  const frame = h('iframe', {
    class: 'report',
    title: 'Evaluation report',
    sandbox: '',
    hidden: true,
    'data-testid': 'model-report',
  });
  body.replaceChildren(status, listBox, frame);
  let blobUrl = null;

  async function showReport(version) {
    setStatus(status, `Loading the report of ${version}…`, 'info');
    const res = await fetch(`/admin/reports/${encodeURIComponent(version)}`, {
      headers: { authorization: `Bearer ${adminKey.get()}` },
    });
    if (!res.ok) return setStatus(status, `Report of ${version}: HTTP ${res.status}`, 'error');
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
    frame.src = blobUrl;
    frame.hidden = false;
    setStatus(status, '', 'info');
  }

  async function load() {
    try {
      const limitArg = list.args.find((a) => a.name === 'limit');
      const call = limitArg ? `${list.name}(limit: 20)` : list.name;
      const data = await gql(`query DashboardModels { ${call} ${schema.selection(list.type, 1)} }`);
      let rows = data[list.name];
      if (!Array.isArray(rows)) rows = Object.values(rows ?? {}).find(Array.isArray) ?? [];
      if (!rows.length)
        return listBox.replaceChildren(
          h('p', { class: 'note' }, 'No model versions registered yet (run `tailor train`).'),
        );
      const cols = scalarKeys(rows).filter((k) => !/path|manifest/i.test(k));
      listBox.replaceChildren(
        table(
          rows,
          [
            ...cols.map((k) => ({
              key: k,
              label: k,
              render: (r) => h('span', { class: k === 'status' ? `tag st-${r[k]}` : '' }, fmt(r[k])),
            })),
            {
              key: 'report',
              label: 'Report',
              render: (r) =>
                h(
                  'button',
                  { type: 'button', class: 'link', onclick: () => void showReport(String(r.id ?? r.version)) },
                  'report.html',
                ),
            },
          ],
          { testId: 'models-table' },
        ),
      );
    } catch (e) {
      setStatus(status, e.message, 'error');
    }
  }
  panel.querySelector('.refresh')?.addEventListener('click', () => void load());
  return load();
}
