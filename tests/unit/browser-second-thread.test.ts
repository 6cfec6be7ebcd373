/**
 * The browser's second reading thread: where its worker cannot start, the stretch is scanned in
 * the page's own thread and the load goes on, with the very rows the worker would have found.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { scanInWorker } from '../../src/engine/browser/fast-reader';
import { bytesSource } from '../../src/engine/extract-scan/byte-source';
import { rangeSource, scanHeldPart } from '../../src/engine/extract-scan/held-rows';

const bytes = new TextEncoder().encode(
  generateExtract({ county: 'FRESNO', rows: 400, seed: 5, header: false }),
);
const file = new File([bytes], 'extract.csv');
// A stretch from a line start to the end, as writeHeldRows hands the second thread.
const start = bytes.indexOf(10, bytes.length >> 1) + 1;
const end = bytes.length;

const expected = () =>
  scanHeldPart(rangeSource(bytesSource(bytes), start, end), { hasHeader: false });

const realWorker = (globalThis as { Worker?: unknown }).Worker;
afterEach(() => {
  (globalThis as { Worker?: unknown }).Worker = realWorker;
});

/** A stand-in for the browser's Worker that fails to start, as one that cannot load would. */
class WorkerThatCannotStart {
  onerror: (() => void) | null = null;
  onmessage: unknown = null;
  postMessage() {
    setTimeout(() => this.onerror?.(), 0);
  }
  terminate() {}
}

/** A stand-in whose worker ran and reported a failure of its own. */
class WorkerThatFails extends WorkerThatCannotStart {
  override postMessage() {
    setTimeout(() => (this.onmessage as (e: unknown) => void)({ data: { error: 'RangeError' } }));
  }
}

describe('the second reading thread in the browser', () => {
  test('scans in this thread when there is no Worker at all', async () => {
    (globalThis as { Worker?: unknown }).Worker = undefined;
    const part = await scanInWorker({ file, start, end }, undefined);
    expect(part.stop).toBeUndefined();
    expect(part).toEqual(await expected());
  });

  test('scans in this thread when its worker cannot start', async () => {
    (globalThis as { Worker?: unknown }).Worker = WorkerThatCannotStart;
    expect(await scanInWorker({ file, start, end }, undefined)).toEqual(await expected());
  });

  test("reports a worker's own failure, without record contents", async () => {
    (globalThis as { Worker?: unknown }).Worker = WorkerThatFails;
    await expect(scanInWorker({ file, start, end }, undefined)).rejects.toThrow(
      'The second reading thread failed (RangeError).',
    );
  });
});
