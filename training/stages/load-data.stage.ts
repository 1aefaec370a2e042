// Stage "load": the purchase events of the configured window and the catalog, as a dataset and per-user histories.
import type { DataSource } from 'typeorm';
import { buildCatalogDataset } from '../../src/ml/data/catalog-dataset.js';
import { buildUserHistories } from '../../src/ml/data/user-histories.js';
import type { Dataset, UserHistory } from '../../src/ml/dataset.js';
import { PurchaseHistoryRepository } from '../../src/training-data/purchase-history.repository.js';
import type { TrainConfig } from '../train-config.js';
import { TrainDataError } from '../train-data-error.js';

export interface LoadedData {
  dataset: Dataset;
  histories: UserHistory[];
}

export async function loadTrainingData(dataSource: DataSource, window: TrainConfig['dataWindow']): Promise<LoadedData> {
  const history = new PurchaseHistoryRepository(dataSource);
  const [events, catalog] = await Promise.all([
    history.purchases({
      since: window.since ? new Date(window.since) : undefined,
      until: window.until ? new Date(window.until) : undefined,
    }),
    history.catalog(),
  ]);
  if (events.length === 0)
    throw new TrainDataError('no purchase events to train on: import data first (tailor import ...)');
  const dataset = buildCatalogDataset(events, catalog);
  return { dataset, histories: buildUserHistories(dataset) };
}
