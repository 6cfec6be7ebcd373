/**
 * SHA-256 on a thread of its own, in WebAssembly (hash-wasm: about twice the speed of hashing in
 * JavaScript). Two kinds of work, one per worker:
 * - an output file as it is written: the engine worker posts each chunk (a copy, transferred) and
 *   gets an acknowledgement back, so it never runs far ahead of the hashing; "done" returns the
 *   hex digest;
 * - a whole file the user chose (the extract, for manifest.json): the worker reads it itself, as
 *   a stream (the browser reads ahead while the last part is hashed), so hashing it takes no time from the engine worker writing the outputs.
 * Only bytes and their hash cross, never a message about their contents.
 */
import { createSHA256 } from 'hash-wasm';
import { forEachChunk } from '../src/engine/browser/stream-chunks';

export type HashTask = { chunk: Uint8Array } | { done: true } | { file: Blob };
export type HashReply = { ready: true } | { hashed: number } | { hex: string } | { failed: true };

const hash = await createSHA256();
hash.init();

self.onmessage = async (event: MessageEvent<HashTask>) => {
  const task = event.data;
  if ('chunk' in task) {
    hash.update(task.chunk);
    self.postMessage({ hashed: task.chunk.length } satisfies HashReply);
  } else if ('file' in task) {
    try {
      await forEachChunk(task.file.stream(), (chunk) => hash.update(chunk));
      self.postMessage({ hex: hash.digest('hex') } satisfies HashReply);
    } catch {
      // The file could not be read (moved, changed, permission gone): the caller hashes it itself
      // and reports what it finds.
      self.postMessage({ failed: true } satisfies HashReply);
    }
  } else {
    self.postMessage({ hex: hash.digest('hex') } satisfies HashReply);
  }
};
self.postMessage({ ready: true } satisfies HashReply);
