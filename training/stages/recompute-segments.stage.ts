// Stage "segments": customer segments follow the same data (docs/segments.md). The model is registered by now, so
// a failure here is reported, not fatal: single-user refreshes keep working on the previous run.
import type { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/config/app-config.js';
import { SegmentsRepository } from '../../src/segments/segments.repository.js';
import { SegmentsService, type RecomputeSummary, type SegmentConfig } from '../../src/segments/segments.service.js';

export async function recomputeSegments(
  dataSource: DataSource,
  segmentConfig: SegmentConfig | undefined,
  log: (message: string) => void,
): Promise<RecomputeSummary | null> {
  try {
    const service = new SegmentsService(new SegmentsRepository(dataSource), segmentConfig ?? loadAppConfig());
    const summary = await service.recomputeAll();
    log(`segments recomputed for ${summary.users} customers`);
    return summary;
  } catch (e) {
    log(`segments not recomputed: ${(e as Error).message}`);
    return null;
  }
}
