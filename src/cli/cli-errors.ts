// Exit codes of the `tailor` CLI: 0 success, 1 the work failed, 2 the invocation was wrong.
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A wrong invocation (bad argument, missing file, bad configuration): one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
