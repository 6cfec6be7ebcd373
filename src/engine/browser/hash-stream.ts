import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HashReply, HashTask } from '../../../workers/hash.worker';
import type { Sha256Stream } from '../output-hashes';

/** Bytes posted to a hash worker and not yet hashed, at most: the tab's memory stays flat. */
const MAX_IN_FLIGHT = 32 << 20;

/** SHA-256 in this thread: where a worker cannot start. */
export function inlineSha256(): Sha256Stream {
  console.debug('clearance: the hashing thread could not start; hashing here');
  const hash = sha256.create();
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => bytesToHex(hash.digest()),
  };
}

/**
 * SHA-256 of an output file in a worker of its own (hash.worker.ts), so hashing a 1 GB CSV runs
 * on the other core while the engine worker writes it, instead of adding seconds to the write.
 * Where that worker cannot start, the file is hashed in this thread instead.
 */
export async function workerSha256(): Promise<Sha256Stream> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('../../../workers/hash.worker.ts', import.meta.url), {
      type: 'module',
    });
  } catch {
    return inlineSha256();
  }
  const started = await new Promise<boolean>((resolve) => {
    worker.onmessage = (event: MessageEvent<HashReply>) => resolve('ready' in event.data);
    worker.onerror = () => resolve(false);
  });
  if (!started) {
    worker.terminate();
    return inlineSha256();
  }
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
