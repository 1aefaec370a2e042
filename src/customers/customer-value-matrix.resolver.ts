import { Args, Extensions, Query, Resolver } from '@nestjs/graphql';
import { MAX_ITEMS_EXTENSION, sizedByLimit } from '../graphql/list-size.estimator.js';
import { RFM_SEGMENTS } from '../ml/segments/rfm.js';
import { VALUE_TIERS } from '../ml/segments/value-segment.js';
import { CustomerValueCellModel, CustomerValueCellMembersModel } from './customer-value-matrix.model.js';
import { CELL_LIMIT, CustomerValueMatrixService } from './customer-value-matrix.service.js';
import type { ValueCellMember, ValueMatrixCell } from './customer-value.repository.js';
import { CustomerValueCellArgs } from './dto/customer-value-cell.args.js';

/** Admin-only (no @Roles): the customers matrix of the dashboard. */
@Resolver()
export class CustomerValueMatrixResolver {
  constructor(private readonly matrix: CustomerValueMatrixService) {}

  // At most one cell per RFM segment × tier × risk side.
  @Extensions({ [MAX_ITEMS_EXTENSION]: RFM_SEGMENTS.length * VALUE_TIERS.length * 2 })
  @Query(() => [CustomerValueCellModel], {
    description:
      'Customers per RFM segment × predicted-value tier × risk, from the last training run (non-empty cells). Admin only.',
  })
  customerValueMatrix(): Promise<ValueMatrixCell[]> {
    return this.matrix.matrix();
  }

  @Query(() => CustomerValueCellMembersModel, {
    complexity: sizedByLimit(CELL_LIMIT),
    description: 'The customers of one matrix cell, highest predicted CLV first. Admin only.',
  })
  customerValueCell(@Args() args: CustomerValueCellArgs): Promise<{ total: number; members: ValueCellMember[] }> {
    return this.matrix.cellMembers(args);
  }
}
