import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { OutputHashing } from '../output-hashes';
import { workerSha256 } from './hash-stream';

const CHUNK_BYTES = 8 << 20;

/**
 * SHA-256 of a user's file for manifest.json, read slice by slice: Web Crypto's digest() needs the
 * whole file in memory, which a 1 GB extract must never be. It runs in the engine worker while
 * DuckDB writes the output files in its own worker, so it mostly overlaps with that.
 */
export async function sha256OfFile(file: Blob, signal?: AbortSignal): Promise<string> {
  const hash = sha256.create();
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    signal?.throwIfAborted();
    const chunk = await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer();
    hash.update(new Uint8Array(chunk));
  }
  return bytesToHex(hash.digest());
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
