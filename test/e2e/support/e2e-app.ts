// Boots the real app (Fastify + Apollo) on a random port against a per-spec database and Redis prefix.
// Fastify's inject() pulls an ESM-only cookie package, so specs talk HTTP with fetch.
// Response bodies are untyped JSON that specs navigate freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../../src/main.js';

export interface GraphqlResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface E2eApp {
  app: NestFastifyApplication;
  url: string;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<T>>;
  get(path: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Environment for one app instance; restored on close so specs do not leak settings. */
export async function startE2eApp(env: Record<string, string | undefined>): Promise<E2eApp> {
  const saved: Record<string, string | undefined> = {};
  // Open access unless a spec configures keys (test/e2e/auth.e2e.spec.ts), whatever the shell exports.
  const all = { NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'error', AUTH_MODE: 'open', ...env };
  for (const [k, v] of Object.entries(all)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const app = await createApp();
  app.useLogger(['error']);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    async gql(query, variables, headers) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(headers ?? {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphqlResponse<any>;
    },
    async get(path) {
      const res = await fetch(`${url}${path}`);
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await app.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
