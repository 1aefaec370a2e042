import { Module } from '@nestjs/common';
import { CustomerValueRepository } from './customer-value.repository.js';
import { CustomerValueResolver } from './customer-value.resolver.js';

/** Customer-level predictions (customer value) on the admin API; the training job writes them. */
@Module({ providers: [CustomerValueRepository, CustomerValueResolver] })
export class CustomersModule {}
