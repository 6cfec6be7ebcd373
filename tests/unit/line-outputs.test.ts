/**
 * The wide outputs' pass (src/engine/extract-scan/line-outputs.ts) writes most lines through
 * line-fields.wat's wideRun and the rest one by one in JavaScript. Both must write exactly what
 * the JavaScript alone writes (which fast-reader.test.ts holds to DuckDB's own outputs): the same
 * bytes in all three files and the same scan result, on random awkward files with result rows
 * among them, on a file of several chunks, and on lines too long for wideRun's room.
 */
import { describe, expect, test } from 'vitest';
import {
  CONDENSED_COLUMNS,
  DOJ_COLUMN_COUNT,
  DOJ_COLUMNS,
  RESULT_COLUMNS,
} from '../../src/doj/columns';
import { bytesSource, type ByteSink } from '../../src/engine/extract-scan/byte-source';
import { writeLineOutputs, type ResultRow } from '../../src/engine/extract-scan/line-outputs';
import type { ScanOptions } from '../../src/engine/extract-scan/record-scanner';
import { isStrictUtf8 } from '../helpers/strict-utf8';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SUBJECT = DOJ_COLUMNS.indexOf('SUBJECT_ID');

function memorySink(): ByteSink & { text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    async write(chunk) {
      chunks.push(chunk.slice());
    },
    async close() {},
    async abort() {},
    text: () => chunks.map((c) => decoder.decode(c)).join(''),
  };
}

async function outputs(
  bytes: Uint8Array,
  results: ResultRow[],
  engine: ScanOptions['engine'],
  extra: Partial<ScanOptions> = {},
) {
  const sinks = { all: memorySink(), prop64: memorySink(), condensed: memorySink() };
  const scan = await writeLineOutputs(
    bytesSource(bytes),
    { hasHeader: false, engine, ...extra },
    results,
    sinks,
  );
  return {
    scan,
    all: sinks.all.text(),
    prop64: sinks.prop64.text(),
    condensed: sinks.condensed.text(),
  };
}

async function expectSameOutputs(
  bytes: Uint8Array,
  results: ResultRow[],
  extra: Partial<ScanOptions> = {},
) {
  const js = await outputs(bytes, results, 'js', extra);
  const simd = await outputs(bytes, results, 'simd', extra);
  expect(simd.scan).toEqual(js.scan);
  // Compared as whole strings: a difference fails without printing megabytes.
  for (const file of ['all', 'prop64', 'condensed'] as const) {
    expect(simd[file] === js[file], `${file} differs`).toBe(true);
  }
  return js;
}

/** A seeded generator, so a failure names a file that can be made again. */
function seeded(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

/**
 * Line `n`: 95 fields, SUBJECT_ID S<n>, the given ones set and the rest short plain text or the
 * DOJ's `  -  ` placeholder (which a line rewritten cell by cell quotes, so a line sent the wrong
 * way shows).
 */
function line(n: number, values: Record<number, string> = {}) {
  return Array.from({ length: DOJ_COLUMN_COUNT }, (_, i) =>
    i === SUBJECT ? `S${n}` : (values[i] ?? (i % 11 === 5 ? '  -  ' : `v${i % 7}`)),
  ).join(',');
}

/** record-scanner.ts's chunk. */
const CHUNK = 8 << 20;
const CONDENSED = CONDENSED_COLUMNS.map((c) => DOJ_COLUMNS.indexOf(c));
/** Cells each of which alone sends a line one way or the other. */
const DECIDING = [
  'a"b',
  '"a ""b"" c"',
  '"x,-y"',
  '"x,"-y"',
  '-x',
  '"-x"',
  '""',
  '"#a"',
  '#a',
  '"a,b"',
  '"plain"',
  '=x',
  'JOSÉ',
];
const CELLS = [null, '', '11357(B) HS', '=1+1', '-5', 'a,b', 'say "x"', '#3', '2.5'];

function resultRow(rowIdx: number, random: () => number): ResultRow {
  return {
    rowIdx,
    subjectIdRaw: `S${rowIdx}`,
    relevant: random() < 0.5,
    cells: RESULT_COLUMNS.map(() => CELLS[Math.floor(random() * CELLS.length)]!),
  };
}

describe('the wide outputs written in runs by WebAssembly', () => {
  test('equal the JavaScript on 300 random files of awkward lines with result rows', async () => {
    const random = seeded(641);
    // Cells wideRun writes itself (quoted or not, with a comma, a leading #, letters over 127)
    // and cells that send the line to the careful path.
    const usual = ['a', 'Z', ' ', ' ', ',', '#', 'é'];
    const awkward = ['a', ' ', ',', '"', '"', '-', '=', '+', '@', '#', '\t', 'é', '\r'];
    const endings = ['\n', '\n', '\n', '\n', '\r\n', '\r\n', '\r'];
    for (let file = 0; file < 300; file++) {
      const lines: string[] = [];
      const results: ResultRow[] = [];
      const count = 1 + Math.floor(random() * 30);
      for (let n = 0; n < count; n++) {
        const values: Record<number, string> = {};
        // Most lines usual, the rest with a few awkward cells anywhere (condensed ones too).
        const edits = random() < 0.6 ? 0 : 1 + Math.floor(random() * 4);
        for (let e = 0; e < edits; e++) {
          const alphabet = random() < 0.7 ? usual : awkward;
          let value = '';
          const length = Math.floor(random() * 12);
          for (let i = 0; i < length; i++) {
            value += alphabet[Math.floor(random() * alphabet.length)];
          }
          // An unquoted comma would only make a line of the wrong length.
          if (alphabet === usual && random() < 0.5) value = value.replaceAll(',', '');
          if (random() < 0.5) value = `"${value.replace(/"/g, '""')}"`;
          values[Math.floor(random() * DOJ_COLUMN_COUNT)] = value;
        }
        // One cell that decides the line's path on its own, often in a condensed column.
        if (random() < 0.35) {
          const columns = random() < 0.6 ? CONDENSED : DOJ_COLUMNS.map((_, i) => i);
          values[columns[Math.floor(random() * columns.length)]!] =
            DECIDING[Math.floor(random() * DECIDING.length)]!;
        }
        if (values[SUBJECT] !== undefined) delete values[SUBJECT];
        lines.push(line(n, values) + endings[Math.floor(random() * endings.length)]);
        if (random() < 0.15) results.push(resultRow(n, random));
      }
      const text = lines.join('');
      const bytes = encoder.encode(random() < 0.2 ? text.trimEnd() : text);
      try {
        await expectSameOutputs(bytes, results);
      } catch (error) {
        throw new Error(`file ${file} differs: ${JSON.stringify(text)}`, { cause: error });
      }
    }
  });

  test.each([
    ['its CR is the last byte of a chunk', 0],
    ['a chunk ends inside its last field', 3],
  ])(
    'equal the JavaScript across chunks, with lines too long for a run, where a line: %s',
    async (_, shift) => {
      const random = seeded(9);
      const lines: string[] = [];
      const results: ResultRow[] = [];
      // ~13 MB: more than one 8 MB chunk, so runs meet the chunk's end and the carried line;
      // one line is placed on the first chunk's end.
      let length = 0;
      for (let n = 0; n < 14_000; n++) {
        const long: Record<number, string> =
          n === 5_000 || n === 9_001 ? { 93: 'x'.repeat(1_100_000) } : {};
        const quoted: Record<number, string> =
          n % 97 === 0 ? { 12: '"SMITH, ANN"', 54: '"#11357 HS"' } : {};
        let text = line(n, { ...long, ...quoted, 20: 'y'.repeat(n % 600) });
        const crAt = length + text.length;
        const target = CHUNK - 1 + shift;
        if (crAt + 10 < target && crAt + 2_000 > target) {
          const bare = line(n, { 20: '', 94: 'zzzz' });
          text = line(n, { 20: 'y'.repeat(target - length - bare.length), 94: 'zzzz' });
        }
        lines.push(`${text}\r\n`);
        length += text.length + 2;
        if (n % 53 === 0 || n === 5_000) results.push(resultRow(n, random));
      }
      const bytes = encoder.encode(lines.join(''));
      expect(bytes[CHUNK - 1 + shift]).toBe(13);
      const js = await expectSameOutputs(bytes, results);
      expect(js.scan).toEqual({ records: 14_000 });
    },
  );

  test('stop where the JavaScript stops on a line that is not UTF-8', async () => {
    const bytes = encoder.encode(
      `${line(0)}\n${line(1, { 12: 'JOSÉ' })}\n${line(2, { 12: 'Z' })}\n`,
    );
    bytes[bytes.lastIndexOf(90)] = 0xff;
    const js = await expectSameOutputs(bytes, [], { validText: isStrictUtf8 });
    expect(js.scan).toEqual({ stop: 'encoding', line: 3 });
  });
});
