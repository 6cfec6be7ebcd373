import { isUtf8 } from 'node:buffer';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ByteSink, ByteSource } from '../extract-scan/byte-source';
import type { FastReader } from '../session';

/** The extract through one read-only handle, chunk by chunk. */
async function fileSource(
  filePath: string,
): Promise<{ source: ByteSource; close(): Promise<void> }> {
  const handle = await open(filePath, 'r');
  const { size } = await handle.stat();
  return {
    source: {
      size,
      async read(target, at, length, offset) {
        return (await handle.read(target, at, length, offset)).bytesRead;
      },
    },
    close: () => handle.close(),
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
 * read them.
 */
export async function nodeFastReader(
  inputPath: string,
  stagingDir: string,
): Promise<FastReader & { close(): Promise<void> }> {
  const { source, close } = await fileSource(inputPath);
  const heldPath = path.join(stagingDir, '.held-rows.csv');
  return {
    source,
    validUtf8: (bytes) => isUtf8(bytes),
    heldRows: {
      sqlPath: heldPath,
      open: () => fileSink(heldPath),
      remove: () => rm(heldPath, { force: true }),
    },
    close,
  };
}
