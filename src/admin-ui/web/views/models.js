import { useEffect, useState } from 'preact/hooks';
import { fetchReport, gql, OPS } from '../api.js';
import { fmtDateTime, fmtMetric, metricLabel, statusLabel } from '../format.js';
import { Badge, Empty, ErrorNote, html, Loading, Table, Tabs, useAsync, useConfirm, useNotice } from '../ui.js';

const STATUS_KIND = { active: 'green', registered: 'grey', retired: 'amber', failed: 'red' };
const KIND_LABEL = {
  served: 'Served blend',
  model: 'Source in the blend',
  source: 'Source in the blend',
  baseline: 'Baseline',
};

/** Model versions: evaluation beside the baselines, the full report, activate / roll back (confirmed). */
export function Models() {
  const list = useAsync((signal) => gql(OPS.modelVersions, {}, { signal }).then((d) => d.modelVersions), []);
  const [selected, setSelected] = useState(null);
  const [dialog, ask] = useConfirm();
  const [notice, notify] = useNotice();
  const [error, setError] = useState(null);
  const versions = list.data ?? [];
  const active = versions.find((v) => v.status === 'active');
  const shown = versions.find((v) => v.id === selected) ?? active ?? versions[0];

  const activate = async (v) => {
    const rollBack = active && v.createdAt < active.createdAt;
    const ok = await ask(
      `${rollBack ? 'Roll back to' : 'Activate'} ${v.id}?`,
      `Every instance switches to this version within its poll interval; cached lists of the current version are not served again.${active ? ` ${active.id} stops serving.` : ''}`,
      rollBack ? 'Roll back' : 'Activate',
    );
    if (!ok) return;
    setError(null);
    try {
      await gql(OPS.activateModel, { id: v.id });
      notify(`${v.id} is now the active version.`);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return html`<section class="view" data-testid="view-models">
    ${dialog}
    <header class="view-head"><h2>Models</h2></header>
    ${notice}
    <${ErrorNote} error=${list.error ?? error} retry=${list.error ? list.reload : null} />
    ${list.loading && !list.data ? html`<${Loading} />` : null}
    ${
      list.data?.length === 0
        ? html`<${Empty}
            >No model version is registered. Train one with <code>tailor train</code> (or <code>npm run train</code>):
            until then lists come from rule-based sources (popular, trending, buy again, often bought together).<//
          >`
        : null
    }
    ${
      versions.length
        ? html`<${Table}
            testId="models-table"
            rowKey=${(v) => v.id}
            onRow=${(v) => setSelected(v.id)}
            rows=${versions}
            columns=${[
              {
                key: 'id',
                label: 'Version',
                render: (v) => html`<span class=${v.id === shown?.id ? 'selected' : ''}>${v.id}</span>`,
              },
              {
                key: 'status',
                label: 'Status',
                render: (v) => html`<${Badge} kind=${STATUS_KIND[v.status]}>${statusLabel(v.status)}<//>`,
              },
              { key: 'createdAt', label: 'Trained', render: (v) => fmtDateTime(v.createdAt) },
              { key: 'activatedAt', label: 'Activated', render: (v) => fmtDateTime(v.activatedAt) },
              {
                key: 'primary',
                label: `Primary metric${versions[0]?.primaryMetricName ? `: ${metricLabel(versions[0].primaryMetricName)}` : ''}`,
                num: true,
                render: (v) =>
                  html`<span title=${metricLabel(v.primaryMetricName)}>${fmtMetric(v.primaryMetric)}</span>`,
              },
              {
                key: 'action',
                label: '',
                render: (v) =>
                  v.status === 'active' || v.status === 'failed'
                    ? null
                    : html`<button
                        type="button"
                        class="secondary small"
                        data-testid=${`activate-${v.id}`}
                        onClick=${(e) => {
                          e.stopPropagation();
                          void activate(v);
                        }}
                      >
                        ${active && v.createdAt < active.createdAt ? 'Roll back to this' : 'Activate'}
                      </button>`,
              },
            ]}
          />`
        : null
    }
    ${shown ? html`<${ModelDetail} key=${shown.id} version=${shown} />` : null}
  </section>`;
}

function ModelDetail({ version }) {
  const rows = Array.isArray(version.evaluation) ? version.evaluation : [];
  const settings = [...new Set(rows.flatMap((r) => Object.keys(r.settings ?? {})))];
  const [setting, setSetting] = useState(settings.includes('all') ? 'all' : settings[0]);
  const [report, setReport] = useState({ url: null, error: null, loading: false });
  useEffect(() => () => report.url && URL.revokeObjectURL(report.url), [report.url]);
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.settings?.[setting]?.metrics ?? {})))];
  const primary = version.primaryMetricName.split(':')[0];
  const best = Object.fromEntries(
    metrics.map((m) => [
      m,
      Math.max(
        ...rows.filter((r) => r.kind === 'baseline').map((r) => r.settings?.[setting]?.metrics?.[m] ?? -Infinity),
      ),
    ]),
  );
  const open = async () => {
    setReport({ url: null, error: null, loading: true });
    try {
      const text = await fetchReport(version.id);
      setReport({ url: URL.createObjectURL(new Blob([text], { type: 'text/html' })), error: null, loading: false });
    } catch (e) {
      setReport({ url: null, error: e, loading: false });
    }
  };
  return html`<section class="panel" data-testid="model-detail">
    <h3>Evaluation of ${version.id}</h3>
    <p class="meta">
      Held-out next orders, ${metricLabel(version.primaryMetricName)} decides promotion. The served blend is shown
      beside each source and each baseline; a bold figure beats every baseline.
    </p>
    ${rows.length === 0 ? html`<${Empty}>This version has no evaluation rows.<//>` : null}
    ${
      settings.length > 1
        ? html`<${Tabs}
            testId="setting-tabs"
            value=${setting}
            onChange=${setSetting}
            tabs=${settings.map((s) => ({ value: s, label: `${s} items` }))}
          />`
        : null
    }
    ${
      rows.length
        ? html`<${Table}
            testId="evaluation-table"
            rowKey=${(r) => r.scorer}
            rows=${rows}
            columns=${[
              {
                key: 'scorer',
                label: 'Scorer',
                render: (r) => html`<span class=${r.kind === 'served' ? 'strong' : ''}>${r.scorer}</span>`,
              },
              { key: 'kind', label: 'Kind', render: (r) => KIND_LABEL[r.kind] ?? r.kind },
              { key: 'users', label: 'Customers', num: true, render: (r) => r.settings?.[setting]?.users ?? '–' },
              ...metrics.map((m) => ({
                key: m,
                label: metricLabel(m),
                num: true,
                render: (r) => {
                  const v = r.settings?.[setting]?.metrics?.[m];
                  const beats = r.kind !== 'baseline' && Number.isFinite(v) && v > best[m];
                  return html`<span class=${`${beats ? 'strong' : ''} ${m === primary ? 'primary' : ''}`}
                    >${fmtMetric(v)}</span
                  >`;
                },
              })),
            ]}
          />`
        : null
    }
    <p>
      <button type="button" class="secondary" data-testid="open-report" onClick=${open} disabled=${report.loading}>
        Show the full training report
      </button>
    </p>
    <${ErrorNote} error=${report.error} />
    ${report.url ? html`<iframe class="report" title=${`Training report of ${version.id}`} sandbox="" src=${report.url} data-testid="model-report"></iframe>` : null}
  </section>`;
}
