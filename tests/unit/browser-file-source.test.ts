/**
 * The browser's fast reader reads the user's File as a stream (src/engine/browser/fast-reader.ts);
 * the scanner asks for bytes at offsets. Whatever the offsets and the stream's own chunk sizes,
 * every read must give exactly the file's bytes there, and the held rows must be those read from
 * the same bytes in memory. Node's Blob streams in 64 KiB chunks, so every read below crosses
 * chunk boundaries.
 */
import { describe, expect, test } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { browserFileSource } from '../../src/engine/browser/fast-reader';
import { bytesSource, type ByteSource } from '../../src/engine/extract-scan/byte-source';
import { writtenHeldRows } from '../helpers/held-rows';

/** 300,000 bytes, each different from its neighbours, so a shifted read cannot pass. */
const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
const blob = new Blob([bytes]);

async function readAt(source: ByteSource, offset: number, length: number) {
  const target = new Uint8Array(length + 4).fill(0xee);
  const got = await source.read(target, 4, length, offset);
  // Nothing is written before `at` or after the bytes read.
  expect([...target.subarray(0, 4)]).toEqual([0xee, 0xee, 0xee, 0xee]);
  expect(target.subarray(4 + got).every((b) => b === 0xee)).toBe(true);
  return target.subarray(4, 4 + got);
}

describe('browserFileSource', () => {
  test('reads in order give the file bytes, the last one short', async () => {
    const source = browserFileSource(blob);
    expect(source.size).toBe(bytes.length);
    for (let offset = 0; offset < bytes.length; offset += 100_001) {
      const got = await readAt(source, offset, 100_001);
      expect(got).toEqual(bytes.subarray(offset, offset + 100_001));
    }
    expect(await readAt(source, bytes.length, 10)).toEqual(new Uint8Array(0));
  });

  test('a read anywhere else (back, or ahead) starts again there', async () => {
    const source = browserFileSource(blob);
    await readAt(source, 0, 70_000);
    for (const [offset, length] of [
      [12_345, 1],
      [12_346, 90_000],
      [250_000, 60_000],
      [5, 65_536],
    ] as const) {
      expect(await readAt(source, offset, length)).toEqual(bytes.subarray(offset, offset + length));
    }
  });

  test('reads asked for at once are each answered with their own bytes', async () => {
    const source = browserFileSource(blob);
    const asked = [0, 150_000, 70_000, 220_000].map((offset) => readAt(source, offset, 70_000));
    const got = await Promise.all(asked);
    for (const [i, offset] of [0, 150_000, 70_000, 220_000].entries()) {
      expect(got[i]).toEqual(bytes.subarray(offset, offset + 70_000));
    }
  });

  test('holds the same rows as a scan of the bytes in memory, in one thread or two', async () => {
    const text = generateExtract({ county: 'SACRAMENTO', rows: 3000, seed: 7, header: false });
    const file = new TextEncoder().encode(text);
    const expected = await writtenHeldRows(bytesSource(file));
    expect(expected.result).toMatchObject({ records: 3000 });
    expect(expected.rows.split('\n').length).toBeGreaterThan(1000);
    const fileBlob = new Blob([file]);
    expect(await writtenHeldRows(browserFileSource(fileBlob))).toEqual(expected);
    // The second thread reads through a source of its own, as the browser's worker does.
    const twoThreads = await writtenHeldRows(browserFileSource(fileBlob), {
      secondThread: true,
      second: browserFileSource(fileBlob),
    });
    expect(twoThreads.rows).toEqual(expected.rows);
    expect(twoThreads.result).toMatchObject({ records: 3000, threads: 2 });
    // One source shared by both scans still gives every byte where it belongs.
    const shared = await writtenHeldRows(browserFileSource(fileBlob), { secondThread: true });
    expect(shared.rows).toEqual(expected.rows);
  });
});
