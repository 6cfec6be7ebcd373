/**
 * The fast reader (src/engine/extract-scan/) must change nothing but the time: on every kind of
 * file, its run writes byte-identical CSVs and the same summary as a run where DuckDB's own CSV
 * reader reads every row. And it must hand back, untouched, any file that is not plainly one
 * record per line.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvLine } from '../../src/doj/csv-line';
import { generateExtract } from '../../src/doj/generate';
import { FIXTURES, runEngine } from '../helpers/run-engine';

const CSVS = [
  'All_Results.csv',
  'All_Results_Condensed.csv',
  'Prop64_Results.csv',
  'Determinations.csv',
];
const sacramento = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8');
const options = JSON.parse(
  readFileSync(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8'),
);

function csvField(f: string): string {
  return /^[ \t]|[,"\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f;
}

/** The fixture with some cells replaced: [line index, column, value]. */
function withFields(text: string, edits: [number, number, string][]): string {
  const lines = text.split('\n');
  for (const [index, column, value] of edits) {
    const fields = parseCsvLine(lines[index] ?? '');
    fields[column] = value;
    lines[index] = fields.map(csvField).join(',');
  }
  return lines.join('\n');
}

let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-fast-reader-'));
  const generated = generateExtract({ county: 'SAN JOAQUIN', rows: 20_000, seed: 2026 });
  const lines = generated.trimEnd().split('\n');
  // Neighbouring data lines swapped pairwise: most people's rows are no longer together.
  const apart = [lines[0]!];
  for (let i = 1; i < lines.length; i += 2) {
    if (i + 1 < lines.length) apart.push(lines[i + 1]!, lines[i]!);
    else apart.push(lines[i]!);
  }
  const texts: Record<string, string> = {
    generated,
    // Over SECOND_THREAD_FROM_BYTES: a second thread reads most of it while DuckDB starts.
    large: generateExtract({ county: 'SAN JOAQUIN', rows: 45_000, seed: 2027 }),
    crlf: generated.replaceAll('\n', '\r\n'),
    apart: apart.join('\n'),
    'no final line break': generated.trimEnd(),
    // Line 6 is a Sacramento 11358 conviction; 93 COMMENT_TEXT, 12 PRI_NAME, 52 OFN, 38 STP_ORDER.
    formulas: withFields(sacramento, [
      [6, 93, '=HYPERLINK("http://example.com","click")'],
      [6, 12, 'SMITH,-JOHN'],
      [7, 52, '@risky'],
      [8, 12, '-5+3'],
      [9, 93, '#hash "quoted" comment, with a comma'],
      [10, 92, '"'],
    ]),
  };
  for (const [name, text] of Object.entries(texts)) {
    files[name] = path.join(dir, `${name.replaceAll(' ', '-')}.csv`);
    await writeFile(files[name]!, text);
  }
  files.sacramento = path.join(FIXTURES, 'sacramento-handmade.input.csv');
  files['no header'] = path.join(FIXTURES, 'san-joaquin-no-header.csv');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cases = [
  ['sacramento', 'SACRAMENTO', 1, 1],
  ['no header', 'SAN JOAQUIN', 1, 1],
  ['generated', 'SAN JOAQUIN', 1, 1],
  ['large', 'SAN JOAQUIN', 1, 2],
  ['crlf', 'SAN JOAQUIN', 1, 1],
  ['no final line break', 'SAN JOAQUIN', 1, 1],
  ['apart', 'SAN JOAQUIN', 2, 1],
  ['formulas', 'SACRAMENTO', 1, 1],
] as const;

describe.each(cases)('%s', (name, county, passes, threads) => {
  test('the fast reader writes what DuckDB reading every row writes', async () => {
    const trace: string[] = [];
    const [fast, duckdb] = await Promise.all([
      runEngine({ input: files[name]!, county, computeAt: '2020-07-01', options, trace }),
      runEngine({
        input: files[name]!,
        county,
        computeAt: '2020-07-01',
        options,
        reader: 'duckdb',
      }),
    ]);
    try {
      const scan = trace.find((t) => t.startsWith('scan'));
      // Under Node the SIMD loop reads the file (the trace names the loop that ran).
      expect(scan, 'the fast reader read the file').toMatch(
        new RegExp(`^scan \\(simd, ${threads} thread\\(s\\), ${passes} pass`),
      );
      for (const csv of CSVS) {
        const a = await fast.read(csv);
        expect(a.length, csv).toBeGreaterThan(0);
        expect(a === (await duckdb.read(csv)), `${csv} differs`).toBe(true);
      }
      const { processingTimeInSeconds: _a, ...fastSummary } = fast.summary;
      const { processingTimeInSeconds: _b, ...duckdbSummary } = duckdb.summary;
      expect(fastSummary).toEqual(duckdbSummary);
      expect(fast.summary.prop64ConvictionsCountInCounty).toBeGreaterThan(0);
    } finally {
      await fast.cleanup();
      await duckdb.cleanup();
    }
  });
});

test('a Latin-1 file is left to DuckDB, which writes its outputs as UTF-8', async () => {
  // PRI_NAME of line 6 with an É, written in Latin-1 (one byte, 0xC9).
  const text = withFields(sacramento, [[6, 12, 'NÚÑEZ,JOSÉ']]);
  const file = path.join(dir, 'latin-1.csv');
  await writeFile(file, Buffer.from(text, 'latin1'));
  const trace: string[] = [];
  const run = await runEngine({
    input: file,
    county: 'SACRAMENTO',
    computeAt: '2020-07-01',
    options,
    trace,
  });
  try {
    expect(trace.some((t) => t.startsWith('scan'))).toBe(false);
    expect(await run.read('All_Results.csv')).toContain('"NÚÑEZ,JOSÉ"');
    expect(await run.read('All_Results_Condensed.csv')).toContain('"NÚÑEZ,JOSÉ"');
  } finally {
    await run.cleanup();
  }
});
