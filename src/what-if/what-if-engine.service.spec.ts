import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import type { ModelVersionRepository } from '../model-registry/model-version.repository.js';
import type { ModelServingService, ServedModel, SwapListener } from '../model-serving/model-serving.service.js';
import { WhatIfEngineService, type PreparedVersion } from './what-if-engine.service.js';

/** The service with its bundle work replaced: `prepare(version)` is recorded and resolves at once. */
function setup(fail: ReadonlySet<string> = new Set()) {
  const listeners: SwapListener[] = [];
  let current: ServedModel | null = null;
  const serving = {
    current: () => current,
    onSwap: (l: SwapListener) => (listeners.push(l), () => undefined),
  };
  const service = new WhatIfEngineService(
    {} as DataSource,
    {} as ModelVersionRepository,
    serving as unknown as ModelServingService,
    {} as AppConfig,
  );
  const prepared: string[] = [];
  jest
    .spyOn(service as unknown as { prepare(v: string): Promise<PreparedVersion> }, 'prepare')
    .mockImplementation((version: string) => {
      prepared.push(version);
      if (fail.has(version)) return Promise.reject(new DomainError('NOT_FOUND', `no purchase events for ${version}`));
      return Promise.resolve({ version } as PreparedVersion);
    });
  return {
    service,
    prepared,
    swapTo(version: string) {
      const previous = current;
      current = { version } as ServedModel;
      for (const l of listeners) l(current, previous);
    },
  };
}

describe('WhatIfEngineService', () => {
  it('prepares a version when it is swapped in, so a what-if call only reads it', async () => {
    const { service, prepared, swapTo } = setup();
    service.onModuleInit();
    swapTo('v1');
    expect(prepared).toEqual(['v1']);
    expect((await service.forServedVersion()).version).toBe('v1');
    expect((await service.forServedVersion()).version).toBe('v1');
    swapTo('v2');
    expect((await service.forServedVersion()).version).toBe('v2');
    expect(prepared).toEqual(['v1', 'v2']);
    service.onApplicationShutdown();
  });

  it('prepares the version already serving when it starts', async () => {
    const { service, prepared, swapTo } = setup();
    swapTo('v1');
    service.onModuleInit();
    expect(prepared).toEqual(['v1']);
    expect((await service.forServedVersion()).version).toBe('v1');
    service.onApplicationShutdown();
  });

  it('says NOT_FOUND while no model serves, and reports a failed preparation', async () => {
    const { service, swapTo } = setup(new Set(['bad']));
    service.onModuleInit();
    await expect(service.forServedVersion()).rejects.toMatchObject({ code: 'NOT_FOUND', message: /no active model/ });
    swapTo('bad');
    await expect(service.forServedVersion()).rejects.toMatchObject({ message: 'no purchase events for bad' });
    service.onApplicationShutdown();
  });
});
