import type { BrowserDatabase } from '../duckdb/browser';
import type { ByteSink, ByteSource } from '../extract-scan/byte-source';
import { rangeSource, scanHeldPart, type HeldPartResult } from '../extract-scan/held-rows';
import type { FastReader } from '../session';

/** The name DuckDB reads the held rows under; registered (empty) before the database is locked. */
export const HELD_ROWS_FILE = 'held-rows.csv';

/**
 * The fast reader in the browser: the user's File read slice by slice, its second half by a
 * worker of its own (held-part.worker.ts) as under Node, and the held rows (a few tens of MB for
 * a million-row extract) handed to DuckDB as a buffer in its own worker, dropped as soon as DuckDB
 * has read them. The second thread pays now that DuckDB has started and rehearsed before the file
 * is chosen (1M-row scan 5.1-5.7 s -> 3.7-4.1 s); while DuckDB was still compiling it did not.
 * `heldRowsFile` is the name DuckDB reads the held rows under (the rehearsal has its own).
 */
export function browserFastReader(
  database: Promise<BrowserDatabase>,
  file: File,
  heldRowsFile = HELD_ROWS_FILE,
): FastReader {
  return {
    source: browserFileSource(file),
    validUtf8: strictUtf8(),
    secondThread: { scan: (start, end, signal) => scanInWorker({ file, start, end }, signal) },
    heldRows: {
      sqlPath: heldRowsFile,
      async open(): Promise<ByteSink> {
        const chunks: Uint8Array[] = [];
        return {
          async write(chunk) {
            chunks.push(chunk.slice());
          },
          async close() {
            const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
            let at = 0;
            for (const chunk of chunks.splice(0)) {
              all.set(chunk, at);
              at += chunk.length;
            }
            await (await database).registerBuffer(heldRowsFile, all);
          },
          async abort() {
            chunks.length = 0;
          },
        };
      },
      remove: async () => (await database).registerBuffer(heldRowsFile, new Uint8Array(0)),
    },
  };
}

/** What the second reading thread is given, and what it posts back. */
export interface HeldPartTask {
  file: File;
  start: number;
  end: number;
}
export type HeldPartReply = { part: HeldPartResult } | { error: string };

/** The scan of one stretch of the File, the same in the worker and in its stand-in here. */
export function scanFileStretch(task: HeldPartTask, signal?: AbortSignal): Promise<HeldPartResult> {
  return scanHeldPart(rangeSource(browserFileSource(task.file), task.start, task.end), {
    hasHeader: false,
    // The fast reader only takes UTF-8 files (see EngineSession.load).
    validText: strictUtf8(),
    signal,
  });
}

/**
 * Runs held-part.worker.ts on [start, end) of the File, in a worker of its own. Where that worker
 * cannot start (a browser without module workers inside workers), the stretch is scanned in this
 * thread instead: slower, never a failed load.
 */
export function scanInWorker(
  task: HeldPartTask,
  signal: AbortSignal | undefined,
): Promise<HeldPartResult> {
  const here = () => {
    console.debug('clearance: the second reading thread could not start; reading here');
    return scanFileStretch(task, signal);
  };
  let worker: Worker;
  try {
    worker = new Worker(new URL('../../../workers/held-part.worker.ts', import.meta.url), {
      type: 'module',
    });
  } catch {
    return here();
  }
  return new Promise<HeldPartResult>((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    const stop = () => {
      done();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.onmessage = (event: MessageEvent<HeldPartReply>) => {
      done();
      if ('part' in event.data) resolve(event.data.part);
      else reject(new Error(`The second reading thread failed (${event.data.error}).`));
    };
    // Only a worker that never ran gets here: the worker reports its own failures as messages.
    worker.onerror = () => {
      done();
      here().then(resolve, reject);
    };
    worker.postMessage(task);
  });
}

/** The user's File, read in slices; the next slice is fetched while this one is scanned. */
export function browserFileSource(file: File): ByteSource {
  let ahead: { offset: number; length: number; bytes: Promise<ArrayBuffer> } | undefined;
  const fetch = (offset: number, length: number) => ({
    offset,
    length,
    bytes: file.slice(offset, offset + length).arrayBuffer(),
  });
  return {
    size: file.size,
    async read(target, at, length, offset) {
      const chunk =
        ahead?.offset === offset && ahead.length === length ? ahead : fetch(offset, length);
      ahead = offset + length < file.size ? fetch(offset + length, length) : undefined;
      ahead?.bytes.catch(() => undefined); // awaited by the next read, if there is one
      const bytes = new Uint8Array(await chunk.bytes);
      target.set(bytes, at);
      return bytes.length;
    },
  };
}

/** The browser's UTF-8 check: a strict decoder (only lines with bytes over 127 get here). */
export function strictUtf8(): (bytes: Uint8Array) => boolean {
  const strict = new TextDecoder('utf-8', { fatal: true });
  return (bytes) => {
    try {
      strict.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
}
