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
  /** Already given a second deadline because the process, not Redis, was late. */
  extended: boolean;
  reject: (e: Error) => void;
}

/**
 * A deadline on every Redis command of one client, without a timer per command. node-redis's own
 * `commandOptions.timeout` (default 5 s) creates an AbortSignal.timeout per command — the largest single
 * cost of a cached request in a CPU profile — and it only covers the time before the
 * command is written to the socket, not the wait for the reply. This bounds the whole wait instead.
 * All commands of a client share one timeout, so deadlines arrive in order: one FIFO queue and one
 * timer for its head. A command past its deadline rejects with RedisCommandTimeout; its late reply,
 * if any, is dropped.
 */
export class CommandDeadline {
  private readonly queue: Waiter[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer is due (monotonic ms). */
  private due = 0;

  constructor(
    readonly timeoutMs: number,
    /** Monotonic milliseconds. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  run<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { deadline: this.now() + this.timeoutMs, settled: false, extended: false, reject };
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
    const delay = Math.max(1, Math.ceil(ms));
    this.due = this.now() + delay;
    this.timer = setTimeout(() => this.expire(), delay);
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    // A timer that fires more than a whole timeout late means this process could not look at its sockets
    // for that long (a CPU-bound burst of requests, a long GC): the commands past their deadline may have
    // been written late, or answered long ago with the reply still unread. Their expiry says nothing about
    // Redis, so each gets one more deadline; rejecting would report a healthy Redis as unavailable exactly
    // when the process is overloaded and open the cache circuit (every request then computed uncached).
    const stalled = now - this.due > this.timeoutMs;
    const expired: Waiter[] = [];
    while (this.head < this.queue.length) {
      const w = this.queue[this.head];
      if (!w.settled) {
        if (w.deadline > now) break;
        if (stalled && !w.extended) {
          // Every deadline still queued is ≤ now + timeoutMs, so appending keeps the queue in deadline order.
          w.extended = true;
          w.deadline = now + this.timeoutMs;
          this.queue.push(w);
        } else {
          expired.push(w);
        }
      }
      this.head++;
    }
    // Timers run before the event loop reads its sockets: setImmediate runs after this iteration's poll
    // phase, so a reply that has already arrived is read first; only commands still unanswered time out.
    if (expired.length > 0) setImmediate(() => this.reject(expired));
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

  private reject(expired: readonly Waiter[]): void {
    for (const w of expired) {
      if (w.settled) continue;
      w.settled = true;
      w.reject(new RedisCommandTimeout(this.timeoutMs));
    }
  }
}
