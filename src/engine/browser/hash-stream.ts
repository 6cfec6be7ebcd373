import { createSHA256 } from 'hash-wasm';
import type { HashReply, HashTask } from '../../../workers/hash.worker';
import type { Sha256Stream } from '../output-hashes';
import { startHelper } from './helper-workers';

/**
 * Bytes posted to a hash worker and not yet hashed, at most: the tab's memory stays flat. Hashing
 * runs at several times the speed the browser writes a file, so a short queue costs no time; with
 * 32 MB for each of the three wide files, saving was the peak of the 1M-row run (1,549 MB).
 */
const MAX_IN_FLIGHT = 8 << 20;

/** SHA-256 in this thread: where a worker cannot start. */
export async function inlineSha256(): Promise<Sha256Stream> {
  console.debug('clearance: the hashing thread could not start; hashing here');
  const hash = await createSHA256();
  hash.init();
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => hash.digest('hex'),
  };
}

/**
 * SHA-256 of an output file in a worker of its own, so hashing a 1 GB CSV runs on the other core
 * while the engine worker writes it, instead of adding seconds to the write. Where that worker
 * cannot start, the file is hashed in this thread instead.
 */
export async function workerSha256(): Promise<Sha256Stream> {
  const worker = await startHelper('hash');
  if (!worker) return inlineSha256();
  let inFlight = 0;
  let failed = false;
  let drained: (() => void) | undefined;
  let finished: ((hex: string) => void) | undefined;
  let broke: ((error: Error) => void) | undefined;
  worker.onmessage = (event: MessageEvent<HashReply>) => {
    const reply = event.data;
    if ('hashed' in reply) {
      inFlight -= reply.hashed;
      if (inFlight <= MAX_IN_FLIGHT / 2) drained?.();
    } else if ('hex' in reply) finished?.(reply.hex);
  };
  worker.onerror = () => {
    failed = true;
    drained?.();
    broke?.(new Error('The hashing thread failed.'));
  };
  return {
    update(chunk) {
      if (failed) throw new Error('The hashing thread failed.');
      const copy = chunk.slice(); // the writer reuses the chunk's memory once it is written
      inFlight += copy.length;
      worker.postMessage({ chunk: copy } satisfies HashTask, [copy.buffer]);
      if (inFlight <= MAX_IN_FLIGHT) return;
      return new Promise<void>((resolve) => {
        drained = () => {
          drained = undefined;
          resolve();
        };
      });
    },
    digest() {
      return new Promise<string>((resolve, reject) => {
        finished = (hex) => {
          worker.terminate();
          resolve(hex);
        };
        broke = (error) => {
          worker.terminate();
          reject(error);
        };
        if (failed) broke(new Error('The hashing thread failed.'));
        else worker.postMessage({ done: true } satisfies HashTask);
      });
    },
    cancel: () => worker.terminate(),
  };
}
