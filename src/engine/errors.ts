/**
 * Errors a user sees. Every message names the file (and line, where there is one) and says what is
 * wrong in plain words. Messages never quote record contents: DuckDB's own CSV errors echo the
 * offending line, so they are translated here and never passed through.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly hint?: string,
    /** The file's bad lines can be skipped and the rest read (the CLI's --skip-bad-rows). */
    readonly skippable = false,
  ) {
    super(`${file}${line === undefined ? '' : `, line ${line}`}: ${problem}`);
    this.name = 'InputError';
  }
}

export class RunCancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'RunCancelledError';
  }
}

/** What may be logged of an unexpected DuckDB error: its class, never its text. */
export function describeUnexpected(error: unknown): string {
  if (!(error instanceof Error)) return 'an unknown error';
  const kind = /^([A-Za-z ]+Error):/.exec(error.message)?.[1];
  return kind ?? error.name;
}

/**
 * An unexpected error as a log may hold it: its class, the line DuckDB named, and where in the
 * code it arose. Never its text, which for DuckDB's CSV errors quotes the record.
 */
export function loggableError(error: unknown): string {
  const kind = describeUnexpected(error);
  if (!(error instanceof Error)) return kind;
  const line = /CSV Error on Line: (\d+)/.exec(error.message)?.[1];
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [`${kind}${line === undefined ? '' : ` on line ${line}`}`, ...frames].join('\n');
}

/** The tab or process ran out of memory (DuckDB's own error, the wasm heap's, or JavaScript's). */
export function isOutOfMemory(error: unknown): boolean {
  // Only a RangeError about memory (an allocation, a wasm heap that cannot grow, a string or array
  // past its limit): "Maximum call stack size exceeded" (a recursion too deep) or a bad argument
  // is a fault to report as one, not a file too large for the tab.
  if (error instanceof RangeError) {
    return /memory|allocat|invalid (typed )?array( buffer)? length|invalid string length/i.test(
      error.message,
    );
  }
  return (
    error instanceof Error &&
    /out of memory|memory access out of bounds|failed to allocate/i.test(error.message)
  );
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunCancelledError();
}
