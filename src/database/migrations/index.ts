import { InitialSchema1763870400000 } from './1763870400000-InitialSchema.js';
import { UserSegments1763900000000 } from './1763900000000-UserSegments.js';
import { Experiments1763950000000 } from './1763950000000-Experiments.js';
import { ExposuresByUser1764000000000 } from './1764000000000-ExposuresByUser.js';
import { PurchaseLinesByUser1764100000000 } from './1764100000000-PurchaseLinesByUser.js';
import { ExposureModelVersion1764200000000 } from './1764200000000-ExposureModelVersion.js';
import { DashboardAnalytics1764300000000 } from './1764300000000-DashboardAnalytics.js';
import { PersonalizationPreferences1764500000000 } from './1764500000000-PersonalizationPreferences.js';
import { CustomerValues1764510000000 } from './1764510000000-CustomerValues.js';
import { CustomerValueSegments1764530000000 } from './1764530000000-CustomerValueSegments.js';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const ALL_MIGRATIONS = [
  InitialSchema1763870400000,
  UserSegments1763900000000,
  Experiments1763950000000,
  ExposuresByUser1764000000000,
  PurchaseLinesByUser1764100000000,
  ExposureModelVersion1764200000000,
  DashboardAnalytics1764300000000,
  PersonalizationPreferences1764500000000,
  CustomerValues1764510000000,
  CustomerValueSegments1764530000000,
];
