import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutputHashing } from '../output-hashes';

// Runs in a worker thread so hashing an 800 MB extract overlaps with DuckDB's work on the main
// thread (the wasm build is synchronous) instead of adding seconds to every run.
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('end', () => parentPort.postMessage({ hex: hash.digest('hex') }))
  .on('error', (error) => parentPort.postMessage({ error: error.code || 'read error' }));
`;

export function sha256File(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: filePath });
    worker.once('message', (message: { hex?: string; error?: string }) => {
      void worker.terminate();
      if (message.hex) resolve(message.hex);
      else reject(new Error(`Could not read the file to hash it (${message.error}).`));
    });
    worker.once('error', reject);
  });
}

/**
 * Output hashing for a run under Node: the bytes the engine writes go through node:crypto as they
 * pass (native, over a GB a second), the files DuckDB wrote in `dir` are read in a worker thread.
 */
export function nodeOutputHashing(dir: string): OutputHashing {
  return {
    async stream() {
      const hash = createHash('sha256');
      return {
        update: (chunk) => void hash.update(chunk),
        digest: async () => hash.digest('hex'),
      };
    },
    async hashWritten(fileName) {
      const filePath = path.join(dir, fileName);
      const [{ size }, sha256] = await Promise.all([stat(filePath), sha256File(filePath)]);
      return { size, sha256 };
    },
  };
}
