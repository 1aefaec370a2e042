import { createClient } from 'redis';
import { CommandDeadline } from '../../src/cache/command-deadline.js';
import { REDIS_TEST_URL } from '../support/test-services.js';

// Integration: the deadline against the real Redis when this process, not Redis, is what was slow.

/** Blocks the event loop (as a CPU-bound burst of requests or a long GC does) without spinning a core. */
const blockEventLoop = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('CommandDeadline with a real Redis', () => {
  const client = createClient({ url: REDIS_TEST_URL });
  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.quit();
  });

  it('does not time out a command whose reply arrived while the process was busy past its deadline', async () => {
    const deadline = new CommandDeadline(30);
    for (let i = 0; i < 5; i++) {
      const reply = deadline.run(client.ping());
      blockEventLoop(150); // Redis answers within a millisecond; the deadline timer is overdue when the loop resumes
      await expect(reply).resolves.toBe('PONG');
    }
  });

  it('still times out a command Redis does not answer in time', async () => {
    const deadline = new CommandDeadline(30);
    // BLPOP on an empty list makes Redis itself hold the reply for a second.
    const blocked = createClient({ url: REDIS_TEST_URL });
    await blocked.connect();
    try {
      const reply = deadline.run(blocked.blPop(`tailor-test:deadline:${process.pid}:${Date.now()}`, 1));
      blockEventLoop(100); // one extension (the timer fired late), then a deadline the process was awake for
      await expect(reply).rejects.toThrow(/no reply from Redis within 30 ms/);
    } finally {
      blocked.destroy();
    }
  });
});
