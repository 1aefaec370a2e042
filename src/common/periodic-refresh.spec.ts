import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { PeriodicRefresh } from './periodic-refresh.js';

describe('PeriodicRefresh', () => {
  const logger = new Logger('test');

  it('shares the load in flight between concurrent calls, and loads again afterwards', async () => {
    let loads = 0;
    let release!: () => void;
    const refresher = new PeriodicRefresh(async () => {
      loads++;
      await new Promise<void>((r) => (release = r));
    }, logger);
    const a = refresher.refresh();
    const b = refresher.refresh();
    release();
    await Promise.all([a, b]);
    expect(loads).toBe(1);
    const c = refresher.refresh();
    release();
    await c;
    expect(loads).toBe(2);
  });

  it('fails start when the first load fails; later failures are logged and retried on the next tick', async () => {
    jest.useFakeTimers();
    try {
      const failing = new PeriodicRefresh(() => Promise.reject(new Error('db down')), logger);
      await expect(failing.start(1)).rejects.toThrow('db down');

      const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      const results = [undefined, new Error('blip'), undefined];
      let calls = 0;
      const flaky = new PeriodicRefresh(async (tag: string) => {
        expect(tag).toBe('x');
        const r = results[calls++];
        if (r) throw r;
      }, logger);
      await flaky.start(1, 'x');
      await jest.advanceTimersByTimeAsync(1000);
      expect(warn).toHaveBeenCalledWith('refresh failed: blip');
      await jest.advanceTimersByTimeAsync(1000);
      expect(calls).toBe(3);
      flaky.stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(calls).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
