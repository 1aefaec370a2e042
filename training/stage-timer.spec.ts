import { StageTimer } from './stage-timer.js';
import { silentTrainProgress, type TrainProgress } from './train-progress.js';

describe('StageTimer', () => {
  it('announces each stage before it runs and records the stages in order with their result passed through', async () => {
    const events: string[] = [];
    const progress: TrainProgress = { ...silentTrainProgress, stage: (name) => events.push(`stage ${name}`) };
    const timer = new StageTimer(progress);
    const a = await timer.run('load', () => {
      events.push('load runs');
      return 1;
    });
    const b = await timer.run('fit', async () => 'fitted');
    expect([a, b]).toEqual([1, 'fitted']);
    expect(events).toEqual(['stage load', 'load runs', 'stage fit']);
    expect(timer.timings().map((t) => t.stage)).toEqual(['load', 'fit']);
    expect(timer.timings().every((t) => t.seconds >= 0)).toBe(true);
  });

  it('hands out a copy that later stages do not change, and records no stage that failed', async () => {
    const timer = new StageTimer(silentTrainProgress);
    await timer.run('first', () => undefined);
    const snapshot = timer.timings();
    await expect(timer.run('broken', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await timer.run('second', () => undefined);
    expect(snapshot.map((t) => t.stage)).toEqual(['first']);
    expect(timer.timings().map((t) => t.stage)).toEqual(['first', 'second']);
  });
});
