/**
 * duckdb-wasm (the browser's engine) and native DuckDB must write byte-identical CSVs: a county
 * may run either, and results must not depend on which.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { FIXTURES, runEngine } from '../helpers/run-engine';

const CSVS = [
  'All_Results.csv',
  'All_Results_Condensed.csv',
  'Prop64_Results.csv',
  'Determinations.csv',
];
let dir: string;
let generated: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-parity-'));
  generated = path.join(dir, 'generated-20k.csv');
  await writeFile(generated, generateExtract({ county: 'SAN JOAQUIN', rows: 20_000, seed: 64 }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cases = [
  [
    'sacramento-handmade.input.csv',
    'SACRAMENTO',
    () => path.join(FIXTURES, 'sacramento-handmade.input.csv'),
  ],
  [
    'san-joaquin-no-header.csv',
    'SAN JOAQUIN',
    () => path.join(FIXTURES, 'san-joaquin-no-header.csv'),
  ],
  ['a generated 20k-row extract', 'SAN JOAQUIN', () => generated],
] as const;

describe.each(cases)('%s', (_name, county, file) => {
  test('wasm and native write byte-identical CSVs and the same summary', async () => {
    const options = JSON.parse(
      readFileSync(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8'),
    );
    const [wasm, native] = await Promise.all(
      (['wasm', 'native'] as const).map((engine) =>
        runEngine({ input: file(), county, computeAt: '2020-07-01', options, engine }),
      ),
    );
    try {
      for (const csv of CSVS) {
        const a = await wasm!.read(csv);
        const b = await native!.read(csv);
        expect(a.length, csv).toBeGreaterThan(0);
        expect(a === b, `${csv} differs between engines`).toBe(true);
      }
      const { processingTimeInSeconds: _a, ...wasmSummary } = wasm!.summary;
      const { processingTimeInSeconds: _b, ...nativeSummary } = native!.summary;
      expect(wasmSummary).toEqual(nativeSummary);
      expect(wasm!.summary.prop64ConvictionsCountInCounty).toBeGreaterThan(0);
    } finally {
      await wasm?.cleanup();
      await native?.cleanup();
    }
  });
});
