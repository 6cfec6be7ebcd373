/**
 * The browser streams every output CSV out of DuckDB and writes it itself (src/engine/line-files.ts);
 * the CLI has DuckDB write it by COPY. Both must give the same bytes, file for file: here both run
 * on duckdb-wasm under Node, on the same decided session, with DuckDB reading the file (so every
 * CSV, the condensed one included, comes out of SQL).
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { SNIFF_BYTES, sniffInput } from '../../src/doj/sniff';
import { MemoryOutputs } from '../../src/engine/browser/opfs-outputs';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';
import type { ByteSink } from '../../src/engine/extract-scan/byte-source';
import { loadRulePack } from '../../src/engine/node/rule-pack';
import { EngineSession, type OutputTarget } from '../../src/engine/session';
import { parseEligibilityOptions } from '../../src/rules/prop64/options';
import { FIXTURES } from '../helpers/run-engine';

let dir: string;
let generated: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-streamed-'));
  generated = path.join(dir, 'generated-5k.csv');
  await writeFile(generated, generateExtract({ county: 'SACRAMENTO', rows: 5_000, seed: 17 }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The CLI's way: a folder DuckDB writes into by COPY. */
function copyTarget(folder: string): OutputTarget {
  const file = (name: string) => path.join(folder, name);
  return {
    sqlPathFor: async (name) => file(name),
    writeText: (name, text) => writeFile(file(name), text),
    async sink(): Promise<ByteSink> {
      throw new Error('every CSV of a DuckDB-read run is written by COPY');
    },
  };
}

describe.each([
  ['the hand-made Sacramento extract', () => path.join(FIXTURES, 'sacramento-handmade.input.csv')],
  ['a generated 5k-row extract', () => generated],
])('%s', (_name, input) => {
  test('each CSV streamed out of DuckDB has the bytes COPY writes', async () => {
    const inputPath = input();
    const bytes = readFileSync(inputPath);
    const shape = sniffInput(
      path.basename(inputPath),
      bytes.subarray(0, SNIFF_BYTES),
      bytes.length,
    );
    const db = await openWasmDatabase();
    try {
      const session = new EngineSession(db, await loadRulePack());
      await session.load(
        { name: path.basename(inputPath), sqlPath: inputPath, size: bytes.length },
        shape,
        { skipBadRows: false },
      );
      await session.decide({
        county: 'SACRAMENTO',
        computeAt: '2019-11-11',
        options: parseEligibilityOptions(
          JSON.parse(readFileSync(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8')),
        ),
      });
      const copied = path.join(dir, `copy-${path.basename(inputPath)}`);
      await mkdir(copied, { recursive: true });
      const streamed = new MemoryOutputs();

      const csvs = await session.writeCsvOutputs(copyTarget(copied));
      expect(await session.writeCsvOutputs(streamed)).toEqual(csvs);
      const filing = await session.writeFilingCsvs(copyTarget(copied));
      expect((await session.writeFilingCsvs(streamed)).files).toEqual(filing.files);

      expect(csvs).toContain('All_Results_Condensed.csv');
      for (const name of [...csvs, ...filing.files]) {
        const byCopy = await readFile(path.join(copied, name));
        const byStream = Buffer.from(await (await streamed.file(name)).arrayBuffer());
        expect(byCopy.length, name).toBeGreaterThan(0);
        expect(byStream.equals(byCopy), `${name}: streamed bytes differ from COPY's`).toBe(true);
      }
    } finally {
      await db.close();
    }
  });
});
