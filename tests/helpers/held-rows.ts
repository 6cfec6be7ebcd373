import { expect } from 'vitest';
import type { ByteSource } from '../../src/engine/extract-scan/byte-source';
import { rangeSource, scanHeldPart, writeHeldRows } from '../../src/engine/extract-scan/held-rows';

/**
 * The fast reader's held rows for a source, as bytes. With `secondThread`, the stretch after the
 * middle is scanned by scanHeldPart in this thread, standing in for the worker, through `second`
 * (the browser's worker reads the File through a source of its own). Checks what the sink is told:
 * one pass knows the rows' length before writing them and says it exactly; a second pass cannot.
 */
export async function writtenHeldRows(
  source: ByteSource,
  options: { secondThread?: boolean; second?: ByteSource } = {},
) {
  const chunks: Uint8Array[] = [];
  let announced: number | undefined;
  const sink = async (totalBytes?: number) => {
    chunks.length = 0;
    announced = totalBytes;
    return {
      write: async (c: Uint8Array) => void chunks.push(c.slice()),
      close: async () => {},
      abort: async () => {},
    };
  };
  const secondThread = {
    minimumBytes: 0,
    scan: (start: number, end: number) =>
      scanHeldPart(rangeSource(options.second ?? source, start, end), { hasHeader: false }),
  };
  const result = await writeHeldRows(
    source,
    { hasHeader: false },
    sink,
    options.secondThread ? secondThread : undefined,
  );
  const bytes = Buffer.concat(chunks);
  const passes = 'passes' in result ? result.passes : undefined;
  if (passes === 1) expect(announced).toBe(bytes.length);
  if (passes === 2) expect(announced).toBeUndefined();
  return { result, rows: bytes.toString('utf8') };
}
