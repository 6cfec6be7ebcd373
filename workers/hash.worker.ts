/**
 * SHA-256 of one output file, on a thread of its own: the engine worker posts each chunk as it
 * writes it (a copy, transferred) and gets an acknowledgement back, so it never runs far ahead of
 * the hashing; "done" returns the hex digest. Only bytes and their hash cross, never a message
 * about their contents.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export type HashTask = { chunk: Uint8Array } | { done: true };
export type HashReply = { ready: true } | { hashed: number } | { hex: string };

const hash = sha256.create();
self.onmessage = (event: MessageEvent<HashTask>) => {
  if ('chunk' in event.data) {
    hash.update(event.data.chunk);
    self.postMessage({ hashed: event.data.chunk.length } satisfies HashReply);
  } else {
    self.postMessage({ hex: bytesToHex(hash.digest()) } satisfies HashReply);
  }
};
self.postMessage({ ready: true } satisfies HashReply);
