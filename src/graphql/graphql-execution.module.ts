import { Module } from '@nestjs/common';
import { JitExecutionGateway } from './jit-execution.gateway.js';

/** The GraphQL executor (graphql-jit) as a provider: the GraphQL module's factory plugs it into Apollo. */
@Module({ providers: [JitExecutionGateway], exports: [JitExecutionGateway] })
export class GraphqlExecutionModule {}
