import { customerValueMarkdown } from './customer-value-section.js';
import { scaleMarkdown } from './training-scale.js';
import { compareWithBestBaseline, formatGap } from './baseline-comparison.js';
import type { TrainingReport } from './training-report.js';

const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(4));

/** Metrics tables (one per setting) with every scorer of the run as a row. */
export function metricsMarkdown(report: TrainingReport): string {
  const first = report.results[0]?.result;
  if (!first) return '_no evaluation results_';
  const metrics = first.protocol.metrics;
  const out: string[] = [];
  for (const setting of first.protocol.settings) {
    out.push(
      `### ${setting === 'all' ? 'All items (repeat purchases count)' : 'New items (already-bought items removed)'}`,
      '',
    );
    out.push(
      `| scorer | kind | users | ${metrics.join(' | ')} |`,
      `|---|---|---:|${metrics.map(() => '---:').join('|')}|`,
    );
    for (const { kind, result } of report.results) {
      const s = result.settings.find((x) => x.setting === setting);
      if (!s) continue;
      out.push(`| ${result.scorer} | ${kind} | ${s.users} | ${metrics.map((m) => fmt(s.metrics[m])).join(' | ')} |`);
    }
    out.push('');
    if (setting === 'all') out.push(...partsMarkdown(report, metrics));
  }
  return out.join('\n');
}

/**
 * The 'all' setting split into repeat and explore parts (Li et al. 2023): each metric on the same ranked list,
 * with the targets the shopper bought before, then the new ones, averaged over users who have such targets.
 */
function partsMarkdown(report: TrainingReport, metrics: string[]): string[] {
  const ids = metrics.filter((m) =>
    report.results.some((r) => r.result.settings.some((s) => `${m}:repeat` in s.metrics)),
  );
  if (ids.length === 0) return [];
  const out = [
    '#### All items, split: repeat (bought before) / explore (new to the shopper)',
    '',
    `| scorer | kind | users r / e | ${ids.map((m) => `${m}:repeat | ${m}:explore`).join(' | ')} |`,
    `|---|---|---:|${ids.map(() => '---:|---:').join('|')}|`,
  ];
  for (const { kind, result } of report.results) {
    const s = result.settings.find((x) => x.setting === 'all');
    if (!s?.partUsers) continue;
    const cells = ids.map((m) => `${fmt(s.metrics[`${m}:repeat`])} | ${fmt(s.metrics[`${m}:explore`])}`);
    out.push(`| ${result.scorer} | ${kind} | ${s.partUsers.repeat} / ${s.partUsers.explore} | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out;
}

/** The served pipeline beside the best baseline of each setting, with the gap in %. */
export function baselineComparisonMarkdown(report: TrainingReport): string {
  const rows = compareWithBestBaseline(report.results);
  if (rows.length === 0) return '';
  return [
    '| setting | metric | served | best baseline | baseline value | gap |',
    '|---|---|---:|---|---:|---:|',
    ...rows.map(
      (c) =>
        `| ${c.setting} | ${c.metric} | ${fmt(c.served)} | ${c.best?.scorer ?? '—'} | ${fmt(c.best?.value)} | ${formatGap(c.gapPercent)} |`,
    ),
    '',
  ].join('\n');
}

export function renderReportMarkdown(report: TrainingReport): string {
  const p = report.results[0]?.result.protocol;
  const lines = [
    `# Tailor training report — ${report.version}`,
    '',
    `Created ${report.createdAt} by code ${report.codeVersion}.`,
    '',
    `Data: ${report.dataWindow.purchaseEvents} purchase events from ${report.dataWindow.from ?? '—'} to ${report.dataWindow.to ?? '—'}; ` +
      `${report.dataWindow.users} users, ${report.dataWindow.items} items.`,
    '',
    `Activation: **${report.activation.activated ? 'activated' : 'not activated'}** — ${report.activation.reason}`,
    '',
    '## Evaluation',
    '',
    p
      ? `Protocol: users with ≥ ${p.minBaskets} baskets; last basket held out (${p.split}); blend weights and early stopping fitted on ` +
        `the ${p.validation}; ${p.candidates} ranking; primary metric ${p.primaryMetric}; seed ${p.seed}.`
      : '',
    '',
    '### Served pipeline beside the best baseline (baselines tuned on the validation split)',
    '',
    baselineComparisonMarkdown(report),
    metricsMarkdown(report),
    '## Blend weights (fitted on validation)',
    '',
    ...Object.entries(report.blendWeights).map(([k, v]) => `- ${k}: ${v.toFixed(3)}`),
    '',
    '## Training loss',
    '',
    ...report.lossCurves.map((c) => `- ${c.model}: ${c.losses.map((l) => l.toFixed(4)).join(' → ')}`),
    '',
    ...(report.scale ? scaleMarkdown(report.scale) : []),
    ...(report.customerValue ? customerValueMarkdown(report.customerValue) : []),
    '## Timings',
    '',
    '| stage | seconds |',
    '|---|---:|',
    ...report.timings.map((t) => `| ${t.stage} | ${t.seconds.toFixed(1)} |`),
    '',
    '## Hyper-parameters',
    '',
    '```json',
    JSON.stringify(report.hyperParameters, null, 2),
    '```',
    '',
  ];
  return lines.join('\n');
}
