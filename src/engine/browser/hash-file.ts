import { createSHA256 } from 'hash-wasm';
import type { HashReply, HashTask } from '../../../workers/hash.worker';
import type { OutputHashing } from '../output-hashes';
import { startHelper } from './helper-workers';
import { workerSha256 } from './hash-stream';
import { forEachChunk } from './stream-chunks';

/** From this size a file is hashed in a worker of its own. */
const WORKER_FROM_BYTES = 8 << 20;

/**
 * SHA-256 of a user's file for manifest.json, read as a stream: Web Crypto's digest() needs the
 * whole file in memory, which a 1 GB extract must never be. Hashed in a worker of its own, so the
 * engine worker writing the outputs meanwhile is not slowed by it; here where none can start, or
 * for a small file.
 */
export async function sha256OfFile(file: Blob, signal?: AbortSignal): Promise<string> {
  // A small file (a review file) is hashed sooner than a worker starts.
  const worker = file.size > WORKER_FROM_BYTES ? await startHelper('hash') : undefined;
  if (worker) {
    const hex = await new Promise<string | undefined>((resolve) => {
      worker.onmessage = (event: MessageEvent<HashReply>) =>
        resolve('hex' in event.data ? event.data.hex : undefined);
      worker.onerror = () => resolve(undefined);
      worker.postMessage({ file } satisfies HashTask);
    });
    worker.terminate();
    if (hex) return hex;
  }
  return sha256HereOf(file, signal);
}

/** The same, in this thread. */
async function sha256HereOf(file: Blob, signal?: AbortSignal): Promise<string> {
  const hash = await createSHA256();
  hash.init();
  await forEachChunk(file.stream(), (chunk) => hash.update(chunk), signal);
  return hash.digest('hex');
}

/**
 * Output hashing in the engine worker: the bytes the engine writes are hashed as they pass, each
 * file in a worker of its own (hash-stream.ts); the files DuckDB wrote are read back from the
 * origin-private file system by `file`.
 */
export function browserOutputHashing(file: (fileName: string) => Promise<File>): OutputHashing {
  return {
    stream: () => workerSha256(),
    async hashWritten(fileName) {
      const written = await file(fileName);
      return { size: written.size, sha256: await sha256OfFile(written) };
    },
  };
}
