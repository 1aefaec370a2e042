import type { EvaluationResult } from '../evaluation/evaluate.js';
import type { CustomerValueSection } from './customer-value-section.js';
import type { TrainingScale } from './training-scale.js';

export type ScorerKind = 'served' | 'model' | 'baseline';

/** Everything a training run's report shows; serialisable, so `report.json` can be re-rendered later. */
export interface TrainingReport {
  version: string;
  createdAt: string;
  codeVersion: string;
  dataWindow: { from: string | null; to: string | null; purchaseEvents: number; users: number; items: number };
  results: { kind: ScorerKind; result: EvaluationResult }[];
  /** Per-epoch training loss of each TF.js model. */
  lossCurves: { model: string; losses: number[] }[];
  timings: { stage: string; seconds: number }[];
  hyperParameters: Record<string, unknown>;
  blendWeights: Record<string, number>;
  activation: { activated: boolean; reason: string };
  /** The customer sample and the caps of the run (absent in reports written before they existed). */
  scale?: TrainingScale;
  /** Customer value predicted after registration; absent when that stage failed (or in older reports). */
  customerValue?: CustomerValueSection;
}
