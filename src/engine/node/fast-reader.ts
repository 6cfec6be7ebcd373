import { isUtf8 } from 'node:buffer';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  lineStartAfter,
  SECOND_THREAD_FROM_BYTES,
  type HeldPartResult,
} from '../extract-scan/held-rows';
import type { ByteSink, ByteSource } from '../extract-scan/byte-source';
import type { FastReader } from '../session';

/**
 * The extract through one read-only handle, chunk by chunk. Each read starts the next one (the
 * same length, just after it) into a spare buffer, so the disk or the page cache works while the
 * scanner does: a scan reads in order.
 */
export async function fileSource(
  filePath: string,
): Promise<{ source: ByteSource; close(): Promise<void> }> {
  const handle = await open(filePath, 'r');
  const { size } = await handle.stat();
  let spare = new Uint8Array(0);
  let ahead: { offset: number; length: number; bytes: Promise<number> } | undefined;
  const readAhead = (offset: number, length: number) => {
    if (spare.length < length) spare = new Uint8Array(length);
    const bytes = handle.read(spare, 0, length, offset).then((r) => r.bytesRead);
    bytes.catch(() => undefined); // awaited by the next read, if there is one
    ahead = { offset, length, bytes };
  };
  return {
    source: {
      size,
      async read(target, at, length, offset) {
        let got: number;
        if (ahead?.offset === offset && ahead.length === length) {
          got = await ahead.bytes;
          target.set(spare.subarray(0, got), at);
        } else {
          // The spare buffer is not reused while a read fills it; a read ahead that is not used
          // cannot fail this one.
          await ahead?.bytes.catch(() => undefined);
          got = (await handle.read(target, at, length, offset)).bytesRead;
        }
        ahead = undefined;
        if (offset + length < size) readAhead(offset + length, length);
        return got;
      },
    },
    close: async () => {
      // A read ahead that nobody used is waited for, not reported: the handle closes regardless.
      await ahead?.bytes.catch(() => undefined);
      await handle.close();
    },
  };
}

/** A file written in order through one handle; abort removes it. */
export async function fileSink(filePath: string): Promise<ByteSink> {
  const handle: FileHandle = await open(filePath, 'w', 0o600);
  let closed = false;
  return {
    async write(chunk) {
      await handle.write(chunk);
    },
    async close() {
      closed = true;
      await handle.close();
    },
    async abort() {
      if (!closed) await handle.close();
      closed = true;
      await rm(filePath, { force: true });
    },
  };
}

/**
 * The fast reader for a run under Node. The held rows (names, dates of birth) go in the run's
 * private staging folder, which only this user can read, and are removed as soon as DuckDB has
 * read them. For a large file the second thread begins on its part at once; close() stops it if
 * the run never asks for it.
 */
export async function nodeFastReader(
  inputPath: string,
  stagingDir: string,
  options: {
    /**
     * The share of a large file the second thread reads (default half). It starts as soon as the
     * reader is made: a run that starts the wasm DuckDB meanwhile (seconds, on the main thread)
     * gives it most of the file.
     */
    secondThreadShare?: number;
  } = {},
): Promise<FastReader & { close(): Promise<void> }> {
  const { source, close } = await fileSource(inputPath);
  const heldPath = path.join(stagingDir, '.held-rows.csv');
  const early = new AbortController();
  const split =
    source.size >= SECOND_THREAD_FROM_BYTES
      ? await lineStartAfter(
          source,
          Math.floor(source.size * (1 - (options.secondThreadShare ?? 0.5))),
        )
      : undefined;
  const begun =
    split === undefined
      ? undefined
      : scanInWorker({ inputPath, start: split, end: source.size }, early.signal);
  begun?.catch(() => undefined); // awaited by the scan that asks for it
  return {
    source,
    validUtf8: (bytes) => isUtf8(bytes),
    heldRows: {
      sqlPath: heldPath,
      open: () => fileSink(heldPath),
      remove: () => rm(heldPath, { force: true }),
    },
    secondThread: {
      split,
      scan(start, end, signal) {
        if (!begun || start !== split || end !== source.size) {
          return scanInWorker({ inputPath, start, end }, signal);
        }
        if (signal?.aborted) early.abort();
        else signal?.addEventListener('abort', () => early.abort(), { once: true });
        return begun;
      },
    },
    close: async () => {
      early.abort();
      await close();
    },
  };
}

/**
 * Runs held-part-worker.ts in a worker thread. The CLI and the tests run TypeScript through tsx,
 * so the worker registers tsx's loader before importing its entry.
 */
function scanInWorker(
  task: { inputPath: string; start: number; end: number },
  signal: AbortSignal | undefined,
): Promise<HeldPartResult> {
  const entry = new URL('./held-part-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: task });
  return new Promise<HeldPartResult>((resolve, reject) => {
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (message: { part?: HeldPartResult; error?: string }) => {
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      if (message.part) resolve(message.part);
      else reject(new Error(`The second reading thread failed (${message.error}).`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error('The second reading thread stopped.'));
    });
  });
}
