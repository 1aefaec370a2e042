import { Module } from '@nestjs/common';
import { CustomerValueRepository } from './customer-value.repository.js';
import { CustomerValueResolver } from './customer-value.resolver.js';
import { CustomerValueMatrixResolver } from './customer-value-matrix.resolver.js';
import { CustomerValueMatrixService } from './customer-value-matrix.service.js';

/** Customer-level predictions (customer value) on the admin API; the training job writes them. */
@Module({
  providers: [CustomerValueRepository, CustomerValueResolver, CustomerValueMatrixService, CustomerValueMatrixResolver],
})
export class CustomersModule {}
