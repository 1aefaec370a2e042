// Stage "customer value": fits BG/NBD + Gamma–Gamma on every customer's orders, stores each
// customer's P(alive), expected orders, order value and CLV, and evaluates the model on a calibration/holdout
// split for the training report (docs/customer-value.md).
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { CustomerValueRepository } from '../../src/customers/customer-value.repository.js';
import { DEFAULT_CLV_OPTIONS, type ClvOptions } from '../../src/ml/customer-value/customer-lifetime-value.js';
import { summarizeOrders } from '../../src/ml/customer-value/customer-orders.js';
import { fitCustomerValueModel, predictCustomerValue } from '../../src/ml/customer-value/customer-value-model.js';
import { evaluateOnHoldout, type HoldoutEvaluation } from '../../src/ml/customer-value/holdout-evaluation.js';
import type { TrainProgress } from '../train-progress.js';

export interface CustomerValueStageOptions {
  clv: ClvOptions;
  /** Length of the evaluation's holdout period, in days. */
  holdoutDays: number;
}

export const DEFAULT_CUSTOMER_VALUE_STAGE: CustomerValueStageOptions = { clv: DEFAULT_CLV_OPTIONS, holdoutDays: 90 };

export interface CustomerValueStageResult {
  customers: number;
  referenceAt: string;
  evaluation: HoldoutEvaluation | null;
}

/**
 * Runs the stage and writes `customer-value.json` plus a section of `report.md` into the artifact folder. A
 * failure (too little data) is logged and returns null: the recommendation model stands without it.
 */
export async function runCustomerValueStage(
  dataSource: DataSource,
  artifactDir: string,
  progress: TrainProgress,
  opts: CustomerValueStageOptions = DEFAULT_CUSTOMER_VALUE_STAGE,
): Promise<CustomerValueStageResult | null> {
  try {
    const repository = new CustomerValueRepository(dataSource);
    const customers = await repository.customerOrders();
    const referenceMs = Math.max(...customers.map((c) => c.orders[c.orders.length - 1].ms));
    const summaries = customers.map((c) => summarizeOrders(c, referenceMs)!);
    const model = fitCustomerValueModel(summaries);
    const predictions = summaries.map((s) => predictCustomerValue(model, s, opts.clv));
    await repository.replaceAll(predictions, opts.clv, new Date(referenceMs));
    let evaluation: HoldoutEvaluation | null = null;
    try {
      evaluation = evaluateOnHoldout(customers, opts.holdoutDays, opts.clv);
    } catch (e) {
      progress.log(`customer value not evaluated: ${(e as Error).message}`);
    }
    const result = { customers: predictions.length, referenceAt: new Date(referenceMs).toISOString(), evaluation };
    await writeFile(join(artifactDir, 'customer-value.json'), JSON.stringify({ ...result, model, opts }, null, 1));
    await appendFile(join(artifactDir, 'report.md'), customerValueMarkdown(result));
    progress.log(`customer value predicted for ${predictions.length} customers`);
    return result;
  } catch (e) {
    progress.log(`customer value not computed: ${(e as Error).message}`);
    return null;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function customerValueMarkdown(r: CustomerValueStageResult): string {
  const lines = [
    '',
    '## Customer value (BG/NBD + Gamma–Gamma)',
    '',
    `Predicted for ${r.customers} customers as of ${r.referenceAt}.`,
  ];
  const e = r.evaluation;
  if (e) {
    lines.push(
      '',
      `Calibration before ${e.cutoff}, holdout of ${e.holdoutDays} days, ${e.customers} customers:`,
      '',
      '| metric | model | baseline |',
      '|---|---|---|',
      `| MAE of orders per customer (baseline: calibration rate) | ${e.purchasesMae.toFixed(3)} | ${e.purchasesMaeRateBaseline.toFixed(3)} |`,
      `| holdout revenue share of the top 10 % (baseline: RFM score) | ${pct(e.topDecileRevenueShareClv)} | ${pct(e.topDecileRevenueShareRfm)} |`,
      `| mean orders per customer: predicted / actual | ${e.meanPredictedPurchases.toFixed(2)} | ${e.meanActualPurchases.toFixed(2)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
