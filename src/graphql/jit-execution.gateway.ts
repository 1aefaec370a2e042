import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { Injectable } from '@nestjs/common';
import { execute, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { removePlainPropertyResolvers } from './plain-property-resolvers.js';

/** Compiled operations kept per parsed document (a document usually holds one; named operations may add a few). */
const MAX_OPERATIONS_PER_DOCUMENT = 8;

/**
 * Executes Apollo Server's validated operations with graphql-jit instead of graphql-js.
 *
 * Apollo Server 5 accepts another executor only through its gateway interface; this "gateway" serves
 * the local schema and nothing else. graphql-jit compiles each operation once into a JavaScript
 * function (specialised to the selection set, the field types and the variables' coercion) and reuses
 * it: a 10-item recommendations list, graphql-js's largest cost on a cache hit, resolves without
 * graphql-js's per-field dispatch, path bookkeeping and null-prototype result objects. Resolvers, the
 * context and Apollo's own pipeline (parsing, validation rules, plugins, error formatting, HTTP status
 * for variable coercion errors) are unchanged.
 *
 * Compiled operations are kept per parsed document (a WeakMap: Apollo's document store reuses the
 * DocumentNode of a repeated query text, and a document it evicts takes its compiled functions with it).
 */
@Injectable()
export class JitExecutionGateway implements GatewayInterface {
  private schema: GraphQLSchema | undefined;
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | GatewayExecutionResult>>();
  private compilations = 0;

  /**
   * Gives the gateway the schema it serves (Nest's transformSchema hook); returns it without NestJS's plain
   * property resolvers, which graphql-jit then compiles into inline reads (removePlainPropertyResolvers).
   */
  serve(schema: GraphQLSchema): GraphQLSchema {
    removePlainPropertyResolvers(schema);
    this.schema = schema;
    return schema;
  }

  /** How many operations were compiled so far (a repeated query text is compiled once). */
  get compiledOperations(): number {
    return this.compilations;
  }

  load(): Promise<GatewayLoadResult> {
    const schema = this.schema;
    if (!schema) return Promise.reject(new Error('JitExecutionGateway: no schema to serve (serve() was not called)'));
    for (const listener of this.listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
    return Promise.resolve({ executor: (ctx) => this.execute(schema, ctx) });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  stop(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }

  private async execute(schema: GraphQLSchema, ctx: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    // No operation of that name (or several and none named): graphql-jit would throw, a server error.
    // graphql-js answers with the error Apollo turns into OPERATION_RESOLUTION_FAILURE (HTTP 400).
    if (!ctx.operation) return this.executeWithGraphqlJs(schema, ctx);
    const compiled = this.compiledFor(schema, ctx.document, ctx.operationName ?? undefined);
    const variables = ctx.request.variables ?? {};
    const result = isCompiledQuery(compiled) ? await compiled.query(undefined, ctx.context, variables) : compiled;
    // No `data` at all: nothing was executed (the variables did not coerce). graphql-js reports that case in
    // the form Apollo recognises as a client error (BAD_USER_INPUT, HTTP 400), again without running a resolver.
    if (!('data' in result)) return this.executeWithGraphqlJs(schema, ctx);
    return withUpstreamErrors(result);
  }

  private async executeWithGraphqlJs(
    schema: GraphQLSchema,
    ctx: GatewayGraphQLRequestContext,
  ): Promise<GatewayExecutionResult> {
    return await execute({
      schema,
      document: ctx.document,
      operationName: ctx.request.operationName,
      variableValues: ctx.request.variables ?? {},
      contextValue: ctx.context,
    });
  }

  private compiledFor(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
  ): CompiledQuery | GatewayExecutionResult {
    let byName = this.compiled.get(document);
    if (!byName) {
      byName = new Map();
      this.compiled.set(document, byName);
    }
    const key = operationName ?? '';
    let entry = byName.get(key);
    if (!entry) {
      // Compile errors (an operation name the document lacks) come back as an ExecutionResult with errors.
      entry = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      this.compilations++;
      // A client cycling operation names over one document must not grow the map without bound.
      if (byName.size >= MAX_OPERATIONS_PER_DOCUMENT) byName.clear();
      byName.set(key, entry);
    }
    return entry;
  }
}

/**
 * graphql-jit's errors inherit from GraphQLError but leave `extensions` undefined when the thrown error
 * has none, and Apollo's error formatting reads `extensions.code` (it would answer "Internal server
 * error" without calling formatError). Rebuilt as graphql-js errors, they reach formatError like errors of
 * graphql-js's own executor: same message, locations, path, original error and extensions.
 */
export function withUpstreamErrors(result: GatewayExecutionResult): GatewayExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    const upstream = new GraphQLError(e.message, {
      path: e.path,
      originalError: e.originalError ?? undefined,
      extensions:
        e.extensions ?? (e.originalError as { extensions?: GraphQLError['extensions'] } | undefined)?.extensions,
    });
    if (e.locations) (upstream as { locations?: GraphQLError['locations'] }).locations = e.locations;
    return upstream;
  });
  return { ...result, errors };
}
