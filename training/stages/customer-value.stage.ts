// Stage "customer value": fits BG/NBD + Gamma–Gamma on every customer's orders, stores each
// customer's P(alive), expected orders, order value, CLV and value segment (thresholds fitted on the same
// customers, src/ml/segments/value-segment.ts), and evaluates the model on a calibration/holdout
// split for the training report's "Customer value" section (docs/customer-value.md).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { CustomerValueRepository } from '../../src/customers/customer-value.repository.js';
import { DEFAULT_CLV_OPTIONS, type ClvOptions } from '../../src/ml/customer-value/customer-lifetime-value.js';
import { summarizeOrders } from '../../src/ml/customer-value/customer-orders.js';
import { fitCustomerValueModel, predictCustomerValue } from '../../src/ml/customer-value/customer-value-model.js';
import { evaluateOnHoldout, type HoldoutEvaluation } from '../../src/ml/customer-value/holdout-evaluation.js';
import type { CustomerValueSection } from '../../src/ml/report/customer-value-section.js';
import {
  classifyValue,
  fitValueCutPoints,
  summarizeValueSegments,
  type ValueSegmentSummary,
} from '../../src/ml/segments/value-segment.js';
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
  horizonDays: number;
  evaluation: HoldoutEvaluation | null;
  /** The value segments' thresholds fitted on this run's customers, and each segment's size. */
  valueSegments: ValueSegmentSummary;
}

/**
 * Runs the stage and writes `customer-value.json` into the artifact folder; the result becomes the report's
 * section. A failure (too little data) is logged and returns null: the recommendation model stands without it.
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
    const valueInputs = predictions.map((p, i) => ({ ...p, pastValue: summaries[i].monetary }));
    const cutPoints = fitValueCutPoints(valueInputs);
    const classified = predictions.map((p, i) => ({ ...p, ...classifyValue(valueInputs[i], cutPoints) }));
    await repository.replaceAll(classified, opts.clv, new Date(referenceMs));
    let evaluation: HoldoutEvaluation | null = null;
    try {
      evaluation = evaluateOnHoldout(customers, opts.holdoutDays, opts.clv);
    } catch (e) {
      progress.log(`customer value not evaluated: ${(e as Error).message}`);
    }
    const result = {
      customers: predictions.length,
      referenceAt: new Date(referenceMs).toISOString(),
      horizonDays: opts.clv.horizonDays,
      evaluation,
      valueSegments: summarizeValueSegments(classified, cutPoints),
    };
    await writeFile(join(artifactDir, 'customer-value.json'), JSON.stringify({ ...result, model, opts }, null, 1));
    progress.log(`customer value predicted for ${predictions.length} customers`);
    return result;
  } catch (e) {
    progress.log(`customer value not computed: ${(e as Error).message}`);
    return null;
  }
}

/** The report's section: the counts and the holdout figures (the fitted parameters stay in customer-value.json). */
export function customerValueSection(r: CustomerValueStageResult): CustomerValueSection {
  let holdout: CustomerValueSection['holdout'] = null;
  if (r.evaluation) {
    const { model: _model, ...figures } = r.evaluation;
    holdout = figures;
  }
  return {
    customers: r.customers,
    referenceAt: r.referenceAt,
    horizonDays: r.horizonDays,
    holdout,
    valueSegments: r.valueSegments,
  };
}
