import { customerValueHtml } from './customer-value-section.js';
import { describeSample, type TrainingScale } from './training-scale.js';
import { compareWithBestBaseline, formatGap } from './baseline-comparison.js';
import { lossCurvesSvg, metricsBarsSvg } from './report-charts.js';
import type { TrainingReport } from './training-report.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(4));

function metricsTables(report: TrainingReport): string {
  const first = report.results[0]?.result;
  if (!first) return '<p>No evaluation results.</p>';
  const metrics = first.protocol.metrics;
  return first.protocol.settings
    .map((setting) => {
      const rows = report.results
        .map(({ kind, result }) => {
          const s = result.settings.find((x) => x.setting === setting);
          if (!s) return '';
          const cells = metrics.map((m) => `<td>${fmt(s.metrics[m])}</td>`).join('');
          return `<tr class="${kind}"><th>${esc(result.scorer)}</th><td>${kind}</td><td>${s.users}</td>${cells}</tr>`;
        })
        .join('');
      const head = metrics.map((m) => `<th>${esc(m)}</th>`).join('');
      return `<h3>${setting === 'all' ? 'All items' : 'New items'}</h3>
<table><thead><tr><th>scorer</th><th>kind</th><th>users</th>${head}</tr></thead><tbody>${rows}</tbody></table>${
        setting === 'all' ? partsTable(report, metrics) : ''
      }`;
    })
    .join('\n');
}

/** The 'all' setting's repeat / explore parts (Li et al. 2023): same ranked list, targets bought before / new. */
function partsTable(report: TrainingReport, metrics: string[]): string {
  const ids = metrics.filter((m) =>
    report.results.some((r) => r.result.settings.some((s) => `${m}:repeat` in s.metrics)),
  );
  if (ids.length === 0) return '';
  const rows = report.results
    .map(({ kind, result }) => {
      const s = result.settings.find((x) => x.setting === 'all');
      if (!s?.partUsers) return '';
      const cells = ids
        .map((m) => `<td>${fmt(s.metrics[`${m}:repeat`])}</td><td>${fmt(s.metrics[`${m}:explore`])}</td>`)
        .join('');
      return `<tr class="${kind}"><th>${esc(result.scorer)}</th><td>${kind}</td><td>${s.partUsers.repeat} / ${s.partUsers.explore}</td>${cells}</tr>`;
    })
    .join('');
  const head = ids.map((m) => `<th>${esc(m)}:repeat</th><th>${esc(m)}:explore</th>`).join('');
  return `
<h4>All items, split: repeat (bought before) / explore (new to the shopper)</h4>
<table><thead><tr><th>scorer</th><th>kind</th><th>users r / e</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function comparisonTable(report: TrainingReport): string {
  const rows = compareWithBestBaseline(report.results)
    .map(
      (c) =>
        `<tr><th>${c.setting}</th><td>${esc(c.metric)}</td><td>${fmt(c.served)}</td><td>${esc(c.best?.scorer ?? '—')}</td>` +
        `<td>${fmt(c.best?.value)}</td><td>${formatGap(c.gapPercent)}</td></tr>`,
    )
    .join('');
  if (!rows) return '';
  return `<h3>Served pipeline beside the best baseline (baselines tuned on the validation split)</h3>
<table><thead><tr><th>setting</th><th>metric</th><th>served</th><th>best baseline</th><th>baseline value</th><th>gap</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A self-contained page: inline CSS, charts as inline SVG, no scripts, readable offline. */
export async function renderReportHtml(report: TrainingReport): Promise<string> {
  const [loss, ndcg] = await Promise.all([lossCurvesSvg(report), metricsBarsSvg(report, 'ndcg@10')]);
  const timings = report.timings
    .map((t) => `<tr><th>${esc(t.stage)}</th><td>${t.seconds.toFixed(1)} s</td></tr>`)
    .join('');
  const weights = Object.entries(report.blendWeights)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v.toFixed(3)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tailor training report ${esc(report.version)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
th:first-child{text-align:left}tr.served{background:#e8f4ff;font-weight:600}tr.baseline{color:#555}
pre{background:#f6f6f6;padding:1rem;overflow:auto}
</style></head><body>
<h1>Training report — ${esc(report.version)}</h1>
<p>Created ${esc(report.createdAt)} · code ${esc(report.codeVersion)} · ${report.dataWindow.purchaseEvents} purchase events
(${esc(report.dataWindow.from ?? '—')} → ${esc(report.dataWindow.to ?? '—')}) · ${report.dataWindow.users} users · ${report.dataWindow.items} items</p>
<p><strong>${report.activation.activated ? 'Activated' : 'Not activated'}</strong>: ${esc(report.activation.reason)}</p>
<h2>Evaluation</h2>
${comparisonTable(report)}
${metricsTables(report)}
${ndcg ?? ''}
<h2>Training loss</h2>
${loss ?? '<p>No TF.js model was trained in this run.</p>'}
<h2>Blend weights</h2><table>${weights}</table>
${report.scale ? scaleHtml(report.scale) : ''}
${report.customerValue ? customerValueHtml(report.customerValue) : ''}
<h2>Timings</h2><table>${timings}</table>
<h2>Hyper-parameters</h2><pre>${esc(JSON.stringify(report.hyperParameters, null, 2))}</pre>
</body></html>
`;
}

function scaleHtml(scale: TrainingScale): string {
  const rows = scale.caps
    .map((c) => `<tr><th>${esc(c.step)}</th><td>${esc(c.bound)}</td><td>${c.applied ? 'yes' : 'no'}</td></tr>`)
    .join('');
  const sample = scale.sample.sampled
    ? `Training ${describeSample(scale.sample)}.`
    : `Every customer read: ${scale.sample.customers} customers, ${scale.sample.events} purchase events.`;
  return `<h2>Scale: sample and caps</h2><p>${esc(sample)}</p><table>${rows}</table>`;
}
