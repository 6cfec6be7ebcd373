/**
 * SHA-256 on a thread of its own, in WebAssembly (hash-wasm: about twice the speed of hashing in
 * JavaScript). Two kinds of work, one per worker:
 * - an output file as it is written: the engine worker posts each chunk (a copy, transferred) and
 *   gets an acknowledgement back, so it never runs far ahead of the hashing; "done" returns the
 *   hex digest;
 * - a whole file the user chose (the extract, for manifest.json): the worker reads it itself, as
 *   a stream (the browser reads ahead while the last part is hashed), so hashing it takes no time
 *   from the engine worker writing the outputs.
 * Started by the page and reached by the engine worker through a port (see helper-host.ts).
 * Only bytes and their hash cross, never a message about their contents.
 */
import { serveEngine } from './helper-host';
import { createSHA256 } from 'hash-wasm';
import { forEachChunk } from '../src/engine/browser/stream-chunks';

export type HashTask = { chunk: Uint8Array } | { done: true } | { file: Blob };
export type HashReply = { hashed: number } | { hex: string } | { failed: true };

const hash = await createSHA256();
hash.init();

await serveEngine<HashTask>(async (task, port) => {
  if ('chunk' in task) {
    hash.update(task.chunk);
    port.postMessage({ hashed: task.chunk.length } satisfies HashReply);
  } else if ('file' in task) {
    try {
      await forEachChunk(task.file.stream(), (chunk) => hash.update(chunk));
      port.postMessage({ hex: hash.digest('hex') } satisfies HashReply);
    } catch {
      // The file could not be read (moved, changed, permission gone): the caller hashes it itself
      // and reports what it finds.
      port.postMessage({ failed: true } satisfies HashReply);
    }
  } else {
    port.postMessage({ hex: hash.digest('hex') } satisfies HashReply);
  }
});
