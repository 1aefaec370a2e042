import type { EvaluationResult } from '../evaluation/evaluate.js';
import { DEFAULT_PROTOCOL } from '../evaluation/evaluation-protocol.js';
import { renderReportHtml } from './render-report-html.js';
import { renderReportMarkdown } from './render-report-markdown.js';
import type { CustomerValueSection } from './customer-value-section.js';
import type { TrainingReport } from './training-report.js';
import { blendValidationUsers, trainingCaps } from './training-scale.js';

const result = (scorer: string, all: number, neu: number): EvaluationResult => ({
  scorer,
  protocol: { ...DEFAULT_PROTOCOL, metrics: ['ndcg@10', 'recall@10'] },
  seconds: 1,
  settings: [
    {
      setting: 'all' as const,
      users: 10,
      metrics: { 'ndcg@10': all, 'recall@10': all * 2, 'ndcg@10:repeat': all * 1.5, 'ndcg@10:explore': all / 2 },
      partUsers: { repeat: 9, explore: 7 },
    },
    { setting: 'new' as const, users: 8, metrics: { 'ndcg@10': neu, 'recall@10': neu * 2 } },
  ],
});

const report: TrainingReport = {
  version: 'v-test',
  createdAt: '2026-11-23T00:00:00Z',
  codeVersion: 'abc123',
  dataWindow: { from: '2010-12-01', to: '2011-12-09', purchaseEvents: 100, users: 10, items: 20 },
  results: [
    { kind: 'served', result: result('blend', 0.3, 0.1) },
    { kind: 'baseline', result: result('popularity <b>', 0.05, 0.03) },
    { kind: 'baseline', result: result('TIFU-KNN', 0.25, 0.125) },
  ],
  lossCurves: [{ model: 'collaborative', losses: [0.9, 0.5, 0.4] }],
  timings: [{ stage: 'train collaborative', seconds: 12.5 }],
  hyperParameters: { collaborative: { dim: 64 } },
  blendWeights: { repeat: 0.6, collaborative: 0.4 },
  activation: { activated: true, reason: 'first version' },
};

describe('training report', () => {
  it('renders the metrics of every scorer per setting in markdown', () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain('| blend | served | 10 | 0.3000 | 0.6000 |');
    expect(md).toContain('| blend | served | 8 | 0.1000 | 0.2000 |');
    expect(md).toContain('collaborative: 0.9000 → 0.5000 → 0.4000');
    expect(md).toContain('**activated** — first version');
  });

  it('splits the all-items metrics into repeat and explore parts', async () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain('| scorer | kind | users r / e | ndcg@10:repeat | ndcg@10:explore |');
    expect(md).toContain('| blend | served | 9 / 7 | 0.4500 | 0.1500 |');
    expect(await renderReportHtml(report)).toContain('<td>9 / 7</td><td>0.4500</td><td>0.1500</td>');
  });

  it('puts the served pipeline beside the best baseline per setting with the gap in %', async () => {
    // all: (0.3 − 0.25) / 0.25 = +20 %; new: (0.1 − 0.125) / 0.125 = −20 %
    const md = renderReportMarkdown(report);
    expect(md).toContain('| all | ndcg@10 | 0.3000 | TIFU-KNN | 0.2500 | +20.0 % |');
    expect(md).toContain('| new | ndcg@10 | 0.1000 | TIFU-KNN | 0.1250 | −20.0 % |');
    expect(await renderReportHtml(report)).toContain('<td>TIFU-KNN</td><td>0.2500</td><td>+20.0 %</td>');
  });

  it('renders a self-contained HTML page with SVG charts and escaped text', async () => {
    const html = await renderReportHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect((html.match(/<svg /g) ?? []).length).toBe(2);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('popularity &#60;b&#62;');
  });
});

describe('training report: scale section', () => {
  const sample = {
    customers: 43_000,
    events: 4_000_000,
    keptCustomers: 20_000,
    keptEvents: 1_800_000,
    sampled: true,
    maxCustomers: 20_000,
    maxEvents: 2_000_000,
    recencyHalfLifeDays: 90,
  };
  const caps = trainingCaps({
    numItems: 40_000,
    softmax: [
      { model: 'collaborative', fullSoftmaxMaxItems: 8192, sampledNegatives: 2048 },
      { model: 'content', fullSoftmaxMaxItems: 50_000, sampledNegatives: 2048 },
    ],
    itemItemMaxItems: 6000,
    easeBaselineMaxItems: 6000,
    blendValidationUsers: { used: 250, max: blendValidationUsers(40_000, 10_000_000) },
    testUsers: { used: 5000, of: 14_000 },
    rankerMaxUsers: null,
  });

  it('marks which caps bound this run', () => {
    expect(caps.map((c) => [c.step, c.applied])).toEqual([
      ['collaborative model softmax', true],
      ['content model softmax', false],
      ['item-to-item table (dense EASE)', true],
      ['EASE baseline', true],
      ['blend weight search', true],
      ['evaluation on the test baskets', true],
    ]);
    expect(caps[4].bound).toBe('250 validation users (max 250)');
    expect(blendValidationUsers(3_900, 10_000_000)).toBe(2000);
    expect(blendValidationUsers(400_000, 10_000_000)).toBe(200);
    expect(caps[0].bound).toContain('2048 popularity negatives');
    expect(caps[2].bound).toContain('6000 most popular of 40000 items');
  });

  it('says what was sampled in markdown and HTML', async () => {
    const scaled = { ...report, scale: { sample, caps } };
    const md = renderReportMarkdown(scaled);
    expect(md).toContain('sampled 20000 of 43000 customers (47 %) and 1800000 of 4000000 purchase events (45 %)');
    expect(md).toContain('| collaborative model softmax | sampled');
    expect(await renderReportHtml(scaled)).toContain('Scale: sample and caps');
    expect(renderReportMarkdown(report)).not.toContain('Scale: sample and caps');
  });
});

describe('training report: customer value section', () => {
  const customerValue: CustomerValueSection = {
    customers: 3370,
    referenceAt: '2011-12-09T12:50:00.000Z',
    horizonDays: 365,
    holdout: {
      cutoff: '2011-09-10T12:50:00.000Z',
      holdoutDays: 90,
      customers: 3000,
      purchasesMae: 1.0634,
      purchasesMaeRateBaseline: 1.1171,
      meanActualPurchases: 1.5,
      meanPredictedPurchases: 1.0949,
      topDecileRevenueShareClv: 0.5484,
      topDecileRevenueShareRfm: 0.5012,
    },
  };

  it('shows the MAE and the top-decile revenue shares by CLV and by RFM score in markdown and HTML', async () => {
    const md = renderReportMarkdown({ ...report, customerValue });
    expect(md).toContain('## Customer value (BG/NBD + Gamma–Gamma)');
    expect(md).toContain('Calibration before 2011-09-10T12:50:00.000Z, holdout of 90 days, 3000 customers:');
    expect(md).toContain('| MAE of orders per customer (baseline: calibration rate) | 1.063 | 1.117 |');
    expect(md).toMatch(/\| holdout revenue share of the top 10 % [^|]*\| 54\.8 % \| 50\.1 % \|/);
    expect(md).toContain('| mean orders per customer: predicted / actual | 1.09 | 1.50 |');
    const html = await renderReportHtml({ ...report, customerValue });
    expect(html).toContain('<h2>Customer value (BG/NBD + Gamma–Gamma)</h2>');
    expect(html).toMatch(/top 10 %[^<]*<\/th><td>54\.8 %<\/td><td>50\.1 %<\/td>/);
    expect(html).toContain('<td>1.063</td><td>1.117</td>');
  });

  it('lists the value segments with their sizes and fitted thresholds', async () => {
    const valueSegments = {
      cutPoints: { highClv: 3450.524, mediumClv: 1019.52, riskProbabilityAlive: 0.98172, highPastValue: 2057.914 },
      sizes: [
        { segment: 'high-value' as const, customers: 409 },
        { segment: 'high-value-at-risk' as const, customers: 98 },
      ],
      atRisk: 868,
    };
    const line =
      'Value segments: high-value 409, high-value-at-risk 98; at risk 868. Thresholds: CLV ≥ 3450.52 high, ' +
      '≥ 1019.52 medium; at risk P(alive) ≤ 0.982; high past value ≥ 2057.91.';
    expect(renderReportMarkdown({ ...report, customerValue: { ...customerValue, valueSegments } })).toContain(line);
    expect(await renderReportHtml({ ...report, customerValue: { ...customerValue, valueSegments } })).toContain(line);
  });

  it('says when there was no holdout, and leaves the section out of reports without it', async () => {
    const md = renderReportMarkdown({ ...report, customerValue: { ...customerValue, holdout: null } });
    expect(md).toContain('Predicted for 3370 customers as of 2011-12-09T12:50:00.000Z, CLV over 365 days.');
    expect(md).toContain('Not evaluated: too little data before the holdout.');
    expect(md).not.toContain('| metric | model | baseline |');
    expect(renderReportMarkdown(report)).not.toContain('Customer value');
    expect(await renderReportHtml(report)).not.toContain('Customer value');
  });
});
