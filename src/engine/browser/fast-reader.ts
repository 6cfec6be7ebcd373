import type { BrowserDatabase } from '../duckdb/browser';
import { ByteBuffer } from '../extract-scan/byte-buffer';
import type { ByteSink, ByteSource } from '../extract-scan/byte-source';
import { rangeSource, scanHeldPart, type HeldPartResult } from '../extract-scan/held-rows';
import type { FastReader } from '../session';
import { startHelper } from './helper-workers';

/** The name DuckDB reads the held rows under; registered (empty) before the database is locked. */
export const HELD_ROWS_FILE = 'held-rows.csv';

/**
 * The fast reader in the browser: the user's File read as a stream, its second half by a
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
      async open(totalBytes?: number): Promise<ByteSink> {
        // Room for exactly the rows when their length is known (one pass): each piece is copied
        // in once, with no list of copies to join at the end (176 MB for 1M rows, held twice).
        let rows = new ByteBuffer();
        if (totalBytes !== undefined) rows.reserve(totalBytes);
        return {
          async write(chunk) {
            rows.appendRange(chunk, 0, chunk.length);
          },
          async close() {
            const bytes = rows.bytes.subarray(0, rows.length);
            rows = new ByteBuffer();
            // Transferred to DuckDB's worker, not copied.
            await (await database).registerBuffer(heldRowsFile, bytes);
          },
          async abort() {
            rows = new ByteBuffer();
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
 * cannot start (or does not say it is ready in time), the stretch is scanned in this thread
 * instead: slower, never a failed load.
 */
export async function scanInWorker(
  task: HeldPartTask,
  signal: AbortSignal | undefined,
): Promise<HeldPartResult> {
  const worker = await startHelper('held-part');
  if (!worker) {
    console.debug('clearance: the second reading thread could not start; reading here');
    return scanFileStretch(task, signal);
  }
  signal?.throwIfAborted();
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
    worker.onerror = () => {
      done();
      reject(new Error('The second reading thread failed.'));
    };
    worker.postMessage(task);
  });
}

/**
 * The user's File as a stream from where the last read ended: the browser reads ahead into the
 * stream itself, and no slice is set up per read. Measured in Chromium on the 805 MB benchmark
 * extract: 2.2-2.9 s to read it all, against 3.0-4.0 s in 8 MB slices (each a request to the
 * browser process). A read anywhere else (the second thread's stretch, a line looked for again)
 * starts a new stream there. Accepts a Blob so tests can read one.
 */
export function browserFileSource(file: Blob): ByteSource {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Where the next read would start in the file: the stream's position less what `rest` holds. */
  let position = -1;
  let rest: Uint8Array = new Uint8Array(0);
  const restart = (offset: number) => {
    void reader?.cancel().catch(() => undefined);
    reader = file.slice(offset).stream().getReader();
    position = offset;
    rest = new Uint8Array(0);
  };
  const readHere = async (target: Uint8Array, at: number, length: number, offset: number) => {
    if (offset !== position) restart(offset);
    let done = 0;
    while (done < length) {
      if (rest.length === 0) {
        const next = await reader!.read();
        if (next.done) break;
        rest = next.value;
      }
      const n = Math.min(length - done, rest.length);
      target.set(rest.subarray(0, n), at + done);
      rest = rest.subarray(n);
      done += n;
    }
    position = offset + done;
    return done;
  };
  // One read at a time: two at once would take turns with the one stream.
  let last: Promise<unknown> = Promise.resolve();
  return {
    size: file.size,
    read(target, at, length, offset) {
      const read = last.then(() => readHere(target, at, length, offset));
      last = read.catch(() => undefined);
      return read;
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
