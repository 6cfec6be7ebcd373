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

/**
 * The tab or process ran out of memory, recognised by the error's kind, never by words in its
 * text alone (a DuckDB error may quote a record, and a browser's generic failure may mention
 * memory as one possible cause):
 * - a RangeError about memory: a WebAssembly.Memory that cannot grow, an ArrayBuffer, typed array
 *   or string past its limit. Other RangeErrors ("Maximum call stack size exceeded", a bad
 *   argument) are faults to report as such;
 * - DuckDB's OutOfMemoryException, whose type DuckDB puts first in the message ("Out of Memory
 *   Error: ..."), in every build (wasm in a worker, wasm under Node, native);
 * - a WebAssembly trap or abort for memory (Emscripten's "Aborted(OOM)").
 * A DOMException is never one: WebKit's UnknownError reads "unknown transient reason (e.g. out of
 * memory)" for any failure of the API that threw it.
 */
export function isOutOfMemory(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (typeof DOMException !== 'undefined' && error instanceof DOMException) return false;
  if (error instanceof RangeError) {
    return /memory|allocat|invalid (typed )?array( buffer)? length|invalid string length/i.test(
      error.message,
    );
  }
  if (DUCKDB_OUT_OF_MEMORY.test(error.message)) return true;
  return (
    error instanceof WebAssembly.RuntimeError &&
    /\bOOM\b|out of memory|memory access out of bounds/i.test(error.message)
  );
}

/** DuckDB's OutOfMemoryException as its builds report it: the type name leads the message. */
const DUCKDB_OUT_OF_MEMORY = /^(?:Error: )?Out of Memory Error:/;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunCancelledError();
}
