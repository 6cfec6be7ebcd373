/**
 * Some DOJ files end the header with a comma after END_OF_REC (the earlier tool, gogen, read
 * them). Such a header is the 95 columns, and a row of 95 fields or of 96 with the last empty is
 * read alike: the same results as the file without the commas, by both readers and both engines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sniffInput } from '../../src/doj/sniff';
import { bytesSource } from '../../src/engine/extract-scan/byte-source';
import { scanRecords } from '../../src/engine/extract-scan/record-scanner';
import { FIXTURES, runEngine, type EngineRun } from '../helpers/run-engine';

const good = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8');
const [header = '', ...rows] = good.split('\n').filter((l) => l !== '');
const encoder = new TextEncoder();

const VARIANTS: Record<string, string> = {
  'comma on the header only': [`${header},`, ...rows].join('\n') + '\n',
  'comma on every line': [`${header},`, ...rows.map((r) => `${r},`)].join('\n') + '\n',
  'comma on some rows, CRLF': [`${header},`, ...rows.map((r, i) => (i % 2 ? `${r},` : r))].join(
    '\r\n',
  ),
};
const COMPARED = [
  'All_Results.csv',
  'Prop64_Results.csv',
  'All_Results_Condensed.csv',
  'Determinations.csv',
];

describe('the header row', () => {
  test('a trailing empty 96th name is the 95 columns, not an error', () => {
    const shape = sniffInput('x.csv', encoder.encode(`${header},\n${rows[0]}\n`), 99999);
    expect(shape).toMatchObject({ hasHeader: true, trailingComma: true, warnings: [] });
    expect(sniffInput('x.csv', encoder.encode(good), good.length).trailingComma).toBe(false);
  });

  test('a named 96th column, or two trailing commas, is still refused', () => {
    for (const text of [`${header},EXTRA\n`, `${header},,\n`]) {
      expect(() => sniffInput('x.csv', encoder.encode(text), text.length)).toThrow(
        /header row has 9[67] column names, 95 expected/,
      );
    }
  });

  test('the fixture extra-column.csv (a trailing comma on its header) is read', async () => {
    const run = await runEngine({
      input: path.join(FIXTURES, 'extra-column.csv'),
      county: 'SAN JOAQUIN',
      computeAt: '2019-11-11',
    });
    try {
      const fixture = readFileSync(path.join(FIXTURES, 'extra-column.csv'), 'utf8');
      const dataLines = fixture.split(/\r?\n/).filter((l) => l !== '').length - 1;
      expect(run.summary.lineCount).toBe(dataLines);
      expect(run.summary.rejectedRowCount).toBe(0);
    } finally {
      await run.cleanup();
    }
  });
});

describe('rows with a trailing empty field read as the rows without it', () => {
  let base: EngineRun;
  const baseFiles: Record<string, string> = {};
  beforeAll(async () => {
    base = await runEngine({
      input: { text: good },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
    });
    for (const f of COMPARED) baseFiles[f] = await base.read(f);
  });
  afterAll(() => base.cleanup());

  for (const [variant, text] of Object.entries(VARIANTS)) {
    for (const engine of ['wasm', 'native'] as const) {
      for (const reader of ['fast', 'duckdb'] as const) {
        test(`${variant}: ${engine}, ${reader} reader`, async () => {
          const run = await runEngine({
            input: { text },
            county: 'SACRAMENTO',
            computeAt: '2019-11-11',
            engine,
            reader,
          });
          try {
            expect(run.summary).toEqual({
              ...base.summary,
              processingTimeInSeconds: run.summary.processingTimeInSeconds,
            });
            for (const f of COMPARED) expect(await run.read(f), f).toBe(baseFiles[f]);
            expect(run.files).not.toContain('rejected_rows.csv');
          } finally {
            await run.cleanup();
          }
        });
      }
    }
  }

  test('a 96th field that is not empty is a malformed line, named', async () => {
    const text = [`${header},`, ...rows.map((r, i) => (i === 4 ? `${r},X` : `${r},`))].join('\n');
    await expect(
      runEngine({ input: { text }, county: 'SACRAMENTO', computeAt: '2019-11-11' }),
    ).rejects.toThrow(/line 6: this line has 96 fields, 95 expected/);
  });
});

describe("the fast reader's scanner, as the browser uses it", () => {
  /** Each record's line as the scanner hands it on (what the wide outputs copy). */
  async function scannedLines(text: string, trailingComma: boolean, engine: 'js' | 'simd') {
    const seen: string[] = [];
    const decoder = new TextDecoder();
    const result = await scanRecords(
      bytesSource(encoder.encode(text)),
      { hasHeader: true, trailingComma, engine },
      (_i, buf, start, end) => seen.push(decoder.decode(buf.subarray(start, end))),
    );
    return { result, seen };
  }

  for (const engine of ['js', 'simd'] as const) {
    test(`${engine}: a row's trailing comma is not part of its line`, async () => {
      const plain = await scannedLines(good, false, engine);
      expect(plain.result.stop).toBeUndefined();
      for (const text of Object.values(VARIANTS)) {
        const { result, seen } = await scannedLines(text, true, engine);
        expect(result.stop).toBeUndefined();
        expect(seen).toEqual(plain.seen);
      }
      // Not told of the trailing comma, it hands such a file back.
      const told = await scannedLines(VARIANTS['comma on every line']!, false, engine);
      expect(told.result.stop).toBe('field-count');
    });
  }
});
