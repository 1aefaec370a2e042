// Stage "load": the purchase events of the configured window and the catalog, as a dataset and per-user histories.
// Beyond the configured bounds, a recency-weighted sample of customers is read (whole histories, a page at a time).
import type { DataSource } from 'typeorm';
import { buildCatalogDataset } from '../../src/ml/data/catalog-dataset.js';
import { buildUserHistories } from '../../src/ml/data/user-histories.js';
import type { Dataset, UserHistory } from '../../src/ml/dataset.js';
import type { TrainingSampleSummary } from '../../src/ml/report/training-scale.js';
import { PurchaseHistoryRepository } from '../../src/training-data/purchase-history.repository.js';
import { loadTrainingEvents } from '../../src/training-data/training-events.loader.js';
import type { TrainConfig } from '../train-config.js';
import { TrainDataError } from '../train-data-error.js';

export interface LoadedData {
  dataset: Dataset;
  histories: UserHistory[];
  /** Which customers were read: all, or a sample and how it was drawn. */
  customerSample: TrainingSampleSummary;
}

export async function loadTrainingData(
  dataSource: DataSource,
  config: Pick<TrainConfig, 'dataWindow' | 'sample' | 'seed'>,
): Promise<LoadedData> {
  const history = new PurchaseHistoryRepository(dataSource);
  const window = {
    since: config.dataWindow.since ? new Date(config.dataWindow.since) : undefined,
    until: config.dataWindow.until ? new Date(config.dataWindow.until) : undefined,
  };
  const [{ events, sample }, catalog] = await Promise.all([
    loadTrainingEvents(history, window, { ...config.sample, seed: config.seed }),
    history.catalog(),
  ]);
  if (events.length === 0)
    throw new TrainDataError('no purchase events to train on: import data first (tailor import ...)');
  const dataset = buildCatalogDataset(events, catalog);
  return { dataset, histories: buildUserHistories(dataset), customerSample: sample };
}
