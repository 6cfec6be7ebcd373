import type { BrowserDatabase } from '../duckdb/browser';
import type { ByteSink } from '../extract-scan/byte-source';
import type { FastReader } from '../session';

/** The name DuckDB reads the held rows under; registered (empty) before the database is locked. */
export const HELD_ROWS_FILE = 'held-rows.csv';

/**
 * The fast reader in the browser: the user's File read slice by slice, and the held rows (a few
 * tens of MB for a million-row extract) handed to DuckDB, once it has started, as a buffer in its
 * own worker, dropped as soon as DuckDB has read them.
 */
export function browserFastReader(database: Promise<BrowserDatabase>, file: File): FastReader {
  const strict = new TextDecoder('utf-8', { fatal: true });
  // Reads are sequential: while one chunk is scanned, the browser fetches the next.
  let ahead: { offset: number; length: number; bytes: Promise<ArrayBuffer> } | undefined;
  const fetch = (offset: number, length: number) => ({
    offset,
    length,
    bytes: file.slice(offset, offset + length).arrayBuffer(),
  });
  return {
    source: {
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
    },
    validUtf8(bytes) {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    },
    heldRows: {
      sqlPath: HELD_ROWS_FILE,
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
            await (await database).registerBuffer(HELD_ROWS_FILE, all);
          },
          async abort() {
            chunks.length = 0;
          },
        };
      },
      remove: async () => (await database).registerBuffer(HELD_ROWS_FILE, new Uint8Array(0)),
    },
  };
}
