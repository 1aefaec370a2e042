import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { RFM_SEGMENTS } from '../ml/segments/rfm.js';
import { VALUE_TIERS, type ValueTier } from '../ml/segments/value-segment.js';
import { CustomerValueRepository, type ValueCellMember, type ValueMatrixCell } from './customer-value.repository.js';

/** Bounds of a cell's list (what the query complexity limit allows for its fields). */
export const CELL_LIMIT = { min: 1, max: 100, default: 50 } as const;

export interface CellQuery {
  segment: string;
  valueTier: string;
  atRisk: boolean;
  limit: number;
}

/** The dashboard's customers matrix: RFM segment × predicted-value tier × risk, and the customers of a cell. */
@Injectable()
export class CustomerValueMatrixService {
  constructor(private readonly repository: CustomerValueRepository) {}

  /** Non-empty cells, in the RFM segments' documented order, then high → low tier, not at risk first. */
  async matrix(): Promise<ValueMatrixCell[]> {
    const order = (c: ValueMatrixCell) =>
      RFM_SEGMENTS.indexOf(c.segment as never) * 100 + VALUE_TIERS.indexOf(c.valueTier) * 10 + Number(c.atRisk);
    return (await this.repository.matrix()).sort((a, b) => order(a) - order(b));
  }

  cellMembers(q: CellQuery): Promise<{ total: number; members: ValueCellMember[] }> {
    if (!(RFM_SEGMENTS as readonly string[]).includes(q.segment)) {
      throw badInput(`unknown segment "${q.segment}" (one of: ${RFM_SEGMENTS.join(', ')})`, { argument: 'segment' });
    }
    if (!(VALUE_TIERS as readonly string[]).includes(q.valueTier)) {
      throw badInput(`valueTier must be one of ${VALUE_TIERS.join(', ')} (got "${q.valueTier}")`, {
        argument: 'valueTier',
      });
    }
    if (!Number.isInteger(q.limit) || q.limit < CELL_LIMIT.min || q.limit > CELL_LIMIT.max) {
      throw badInput(`limit must be ${CELL_LIMIT.min}..${CELL_LIMIT.max} (got ${q.limit})`, { argument: 'limit' });
    }
    return this.repository.cellMembers(
      { segment: q.segment, valueTier: q.valueTier as ValueTier, atRisk: q.atRisk },
      q.limit,
    );
  }
}
