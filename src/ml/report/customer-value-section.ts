// The training report's "Customer value" section: how well BG/NBD + Gamma–Gamma predicted a calibration/holdout
// split (orders per customer, and how much holdout revenue the top decile by predicted CLV holds against the top
// decile by RFM score), beside how many customers the run predicted.
import type { HoldoutEvaluation } from '../customer-value/holdout-evaluation.js';
import type { ValueSegmentSummary } from '../segments/value-segment.js';

export type CustomerValueHoldout = Omit<HoldoutEvaluation, 'model'>;

export interface CustomerValueSection {
  /** Customers with a stored prediction (those who refused personalisation are left out). */
  customers: number;
  /** The newest purchase: the time the predictions are made from. */
  referenceAt: string;
  horizonDays: number;
  /** Null when the data is too short for a holdout. */
  holdout: CustomerValueHoldout | null;
  /** Value segments: thresholds fitted on this run's customers and sizes (absent in older reports). */
  valueSegments?: ValueSegmentSummary;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The holdout figures as [metric, model, baseline] rows, shared by the Markdown and HTML renderings. */
function holdoutRows(h: CustomerValueHoldout): [string, string, string][] {
  return [
    [
      'MAE of orders per customer (baseline: calibration rate)',
      h.purchasesMae.toFixed(3),
      h.purchasesMaeRateBaseline.toFixed(3),
    ],
    [
      'holdout revenue share of the top 10 % (model: by predicted CLV; baseline: by RFM score)',
      pct(h.topDecileRevenueShareClv),
      pct(h.topDecileRevenueShareRfm),
    ],
    [
      'mean orders per customer: predicted / actual',
      h.meanPredictedPurchases.toFixed(2),
      h.meanActualPurchases.toFixed(2),
    ],
  ];
}

function summary(s: CustomerValueSection): string {
  return `Predicted for ${s.customers} customers as of ${s.referenceAt}, CLV over ${s.horizonDays} days.`;
}

function holdoutSummary(h: CustomerValueHoldout): string {
  return `Calibration before ${h.cutoff}, holdout of ${h.holdoutDays} days, ${h.customers} customers:`;
}

/** One line on the value segments: sizes and the thresholds they were cut at. */
function segmentsSummary(v: NonNullable<CustomerValueSection['valueSegments']>): string {
  const c = v.cutPoints;
  const sizes = v.sizes.map((s) => `${s.segment} ${s.customers}`).join(', ');
  return (
    `Value segments: ${sizes}; at risk ${v.atRisk}. Thresholds: CLV ≥ ${c.highClv.toFixed(2)} high, ` +
    `≥ ${c.mediumClv.toFixed(2)} medium; at risk P(alive) ≤ ${c.riskProbabilityAlive.toFixed(3)}; ` +
    `high past value ≥ ${c.highPastValue.toFixed(2)}.`
  );
}

const NO_HOLDOUT = 'Not evaluated: too little data before the holdout.';

export function customerValueMarkdown(s: CustomerValueSection): string[] {
  const lines = ['## Customer value (BG/NBD + Gamma–Gamma)', '', summary(s), ''];
  if (s.valueSegments) lines.push(segmentsSummary(s.valueSegments), '');
  if (!s.holdout) return [...lines, NO_HOLDOUT, ''];
  return [
    ...lines,
    holdoutSummary(s.holdout),
    '',
    '| metric | model | baseline |',
    '|---|---|---|',
    ...holdoutRows(s.holdout).map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

export function customerValueHtml(s: CustomerValueSection): string {
  const segments = s.valueSegments ? `<p>${esc(segmentsSummary(s.valueSegments))}</p>` : '';
  const head = `<h2>Customer value (BG/NBD + Gamma–Gamma)</h2><p>${esc(summary(s))}</p>${segments}`;
  if (!s.holdout) return `${head}<p>${NO_HOLDOUT}</p>`;
  const rows = holdoutRows(s.holdout)
    .map(([m, model, base]) => `<tr><th>${esc(m)}</th><td>${model}</td><td>${base}</td></tr>`)
    .join('');
  return `${head}<p>${esc(holdoutSummary(s.holdout))}</p>
<table class="customer-value"><thead><tr><th>metric</th><th>model</th><th>baseline</th></tr></thead><tbody>${rows}</tbody></table>`;
}
