/** Redis did not answer a command within its deadline (the caller then treats Redis as unavailable). */
export class RedisCommandTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no reply from Redis within ${timeoutMs} ms`);
    this.name = 'RedisCommandTimeout';
  }
}

interface Waiter {
  deadline: number;
  settled: boolean;
  reject: (e: Error) => void;
}

/**
 * A deadline on every Redis command of one client, without a timer per command. node-redis's own
 * `commandOptions.timeout` (default 5 s) creates an AbortSignal.timeout per command — ~25 µs each,
 * the largest single cost of a cached request in the profile — and it only covers the time before the
 * command is written to the socket, not the wait for the reply. This bounds the whole wait instead.
 * All commands of a client share one timeout, so deadlines arrive in order: one FIFO queue and one
 * timer for its head. A command past its deadline rejects with RedisCommandTimeout; its late reply,
 * if any, is dropped.
 */
export class CommandDeadline {
  private readonly queue: Waiter[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly timeoutMs: number,
    /** Monotonic milliseconds. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  run<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { deadline: this.now() + this.timeoutMs, settled: false, reject };
      this.queue.push(waiter);
      if (this.timer === undefined) this.arm(this.timeoutMs);
      command.then(
        (value) => {
          waiter.settled = true;
          resolve(value);
        },
        (e: unknown) => {
          waiter.settled = true;
          reject(e as Error);
        },
      );
    });
  }

  /** Commands still waiting for a reply (or for their deadline to be noticed). */
  get pending(): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) if (!this.queue[i].settled) n++;
    return n;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(1, Math.ceil(ms)));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.queue.length) {
      const w = this.queue[this.head];
      if (!w.settled) {
        if (w.deadline > now) break;
        w.settled = true;
        w.reject(new RedisCommandTimeout(this.timeoutMs));
      }
      this.head++;
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else {
      if (this.head > 1024) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.arm(this.queue[this.head].deadline - now);
    }
  }
}
