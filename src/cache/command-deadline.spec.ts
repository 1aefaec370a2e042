import { CommandDeadline, RedisCommandTimeout } from './command-deadline.js';

const never = <T>() => new Promise<T>(() => undefined);

describe('CommandDeadline', () => {
  it('passes replies and errors of commands that answer in time through unchanged', async () => {
    const d = new CommandDeadline(50);
    await expect(d.run(Promise.resolve('v'))).resolves.toBe('v');
    const boom = new Error('WRONGTYPE');
    await expect(d.run(Promise.reject(boom))).rejects.toBe(boom);
    expect(d.pending).toBe(0);
  });

  it('rejects a command that never answers with RedisCommandTimeout', async () => {
    const d = new CommandDeadline(10);
    await expect(d.run(never())).rejects.toBeInstanceOf(RedisCommandTimeout);
    expect(d.pending).toBe(0);
  });

  it('times out only the commands past their deadline, in order, with one timer for the queue', async () => {
    let now = 0;
    const d = new CommandDeadline(10, () => now);
    const outcome: string[] = [];
    const track = (name: string, p: Promise<unknown>) =>
      p.then(
        () => outcome.push(`${name} ok`),
        (e: Error) => outcome.push(`${name} ${e.name}`),
      );
    let answerB!: (v: string) => void;
    const a = track('a', d.run(never())); // deadline 10
    now = 5;
    const b = track('b', d.run(new Promise<string>((r) => (answerB = r)))); // deadline 15
    const c = track('c', d.run(never())); // deadline 15
    expect(d.pending).toBe(3);
    answerB('late but in time');
    await b;
    now = 12; // a is past its deadline, c is not yet
    await a;
    expect(outcome).toEqual(['b ok', 'a RedisCommandTimeout']);
    expect(d.pending).toBe(1);
    now = 20;
    await c;
    expect(outcome).toEqual(['b ok', 'a RedisCommandTimeout', 'c RedisCommandTimeout']);
    expect(d.pending).toBe(0);
  });

  it('gives a command one more deadline when this process stalled past it, then times it out', async () => {
    let now = 0;
    const d = new CommandDeadline(10, () => now);
    let settledAt: number | undefined;
    const never1 = d.run(never()).catch((e: Error) => {
      settledAt = now;
      throw e;
    });
    now = 100; // the timer (due at 10) fires 90 ms late: the process, not Redis, was busy
    await new Promise((r) => setTimeout(r, 30));
    expect(settledAt).toBeUndefined();
    expect(d.pending).toBe(1);
    now = 111; // the second deadline (110) passed while the process was responsive
    await expect(never1).rejects.toBeInstanceOf(RedisCommandTimeout);
    expect(settledAt).toBe(111);
    expect(d.pending).toBe(0);
  });

  it('gives that second deadline only once', async () => {
    let now = 0;
    const d = new CommandDeadline(10, () => now);
    const p = d.run(never());
    now = 100;
    await new Promise((r) => setTimeout(r, 30)); // extended to 110
    now = 1000; // stalled again, far past the second deadline
    await expect(p).rejects.toBeInstanceOf(RedisCommandTimeout);
  });
});
