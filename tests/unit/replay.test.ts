/** Reproducing a run from its manifest.json: real CLI processes, real files, byte comparisons. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { cli } from '../helpers/cli';
import { FIXTURES } from '../helpers/run-engine';

const CSVS = [
  'All_Results.csv',
  'All_Results_Condensed.csv',
  'Prop64_Results.csv',
  'Determinations.csv',
];
let dir: string;
let input: string;

const bytes = (folder: string, file: string) => readFileSync(path.join(folder, file));
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Every file in a run folder but manifest.json must be in it with its true size and SHA-256. */
async function expectHashesOfFolder(folder: string) {
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'));
  // gogen.json is the command line's summary over every input of one call, for the earlier
  // tool's scripts, written beside the run's own files once every run is done: not one of them.
  const files = (await readdir(folder))
    .filter((f) => f !== 'manifest.json' && f !== 'gogen.json')
    .sort();
  expect(manifest.outputs.map((o: { name: string }) => o.name).sort()).toEqual(files);
  for (const output of manifest.outputs) {
    const data = bytes(folder, output.name);
    expect(output, output.name).toEqual({
      name: output.name,
      size: data.length,
      sha256: sha256(data),
    });
  }
  // summary.json's figures without the run's time: what a replay compares for that file.
  const summary = JSON.parse(await readFile(path.join(folder, 'summary.json'), 'utf8'));
  const timeless = `${JSON.stringify({ ...summary, processingTimeInSeconds: 0 }, null, 2)}\n`;
  expect(manifest.summaryResultsSha256).toBe(sha256(timeless));
  return manifest;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-replay-'));
  input = path.join(dir, 'extract.csv');
  await writeFile(input, generateExtract({ county: 'SAN JOAQUIN', rows: 3000, seed: 64 }));
  const original = await cli(
    'run',
    `--input-doj=${input}`,
    '--county=SAN JOAQUIN',
    '--compute-at=2020-07-01',
    `--eligibility-options=${path.join(FIXTURES, 'sacramento-handmade.options.json')}`,
    `--outputs=${path.join(dir, 'original')}`,
    '--quiet',
  );
  expect(original.code).toBe(0);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('clearance replay', () => {
  test('reproduces every CSV byte for byte from manifest.json and the input', async () => {
    const result = await cli(
      'replay',
      `--manifest=${path.join(dir, 'original', 'manifest.json')}`,
      `--input-doj=${input}`,
      `--outputs=${path.join(dir, 'replayed')}`,
      '--engine=native',
      '--quiet',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Reproduced the run of extract\.csv \(SAN JOAQUIN, as of 2020-07-01\): 5 files identical to the manifest's by SHA-256 \(All_Results\.csv, /,
    );
    for (const file of CSVS) {
      expect(
        bytes(path.join(dir, 'replayed'), file).equals(bytes(path.join(dir, 'original'), file)),
        file,
      ).toBe(true);
    }
    const manifest = JSON.parse(
      await readFile(path.join(dir, 'replayed', 'manifest.json'), 'utf8'),
    );
    expect(manifest.county).toBe('SAN JOAQUIN');
    expect(manifest.computeAt).toBe('2020-07-01');
  }, 120_000);

  test("manifest.json records every output file's size and SHA-256", async () => {
    const manifest = await expectHashesOfFolder(path.join(dir, 'original'));
    expect(manifest.format).toBe('clearance-run-manifest/2');
    expect(manifest.outputs.map((o: { name: string }) => o.name)).toEqual([
      ...CSVS.slice(0, 1),
      'Prop64_Results.csv',
      'All_Results_Condensed.csv',
      'Determinations.csv',
      'summary.json',
    ]);
  });

  // DuckDB's reader writes every CSV by COPY, and skipped lines add rejected_rows.csv: those are
  // hashed by reading the written files back, and must be recorded the same way.
  test("a run by DuckDB's reader with skipped lines records its files, rejected_rows.csv too", async () => {
    // The handmade fixture with one line given a 96th field.
    const lines = (
      await readFile(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8')
    ).split('\n');
    lines[20] = `${lines[20]},extra`;
    const bad = path.join(dir, 'with-bad-line.csv');
    await writeFile(bad, lines.join('\n'));
    const folder = path.join(dir, 'duckdb-reader');
    const run = await cli(
      'run',
      `--input-doj=${bad}`,
      '--county=SACRAMENTO',
      '--compute-at=2019-11-11',
      `--eligibility-options=${path.join(FIXTURES, 'sacramento-handmade.options.json')}`,
      '--reader=duckdb',
      '--skip-bad-rows',
      '--engine=native',
      `--outputs=${folder}`,
      '--quiet',
    );
    expect(run.code, run.stderr).toBe(0);
    const manifest = await expectHashesOfFolder(folder);
    expect(manifest.outputs.map((o: { name: string }) => o.name)).toContain('rejected_rows.csv');
    const replay = await cli(
      'replay',
      `--manifest=${path.join(folder, 'manifest.json')}`,
      `--input-doj=${bad}`,
      `--outputs=${path.join(dir, 'duckdb-reader-again')}`,
      '--engine=native',
      '--quiet',
    );
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/: 6 files identical to the manifest's by SHA-256 /);
  }, 120_000);

  // Its counts are null in summary.json and manifest.json alike (a sum of no rows).
  test('a run of a county with no Prop 64 convictions is reproduced too', async () => {
    const folder = path.join(dir, 'empty-county');
    const handmade = path.join(FIXTURES, 'sacramento-handmade.input.csv');
    const run = await cli(
      'run',
      `--input-doj=${handmade}`,
      '--county=FRESNO',
      '--compute-at=2019-11-11',
      `--outputs=${folder}`,
      '--engine=native',
      '--quiet',
    );
    expect(run.code, run.stderr).toBe(0);
    const replay = await cli(
      'replay',
      `--manifest=${path.join(folder, 'manifest.json')}`,
      `--input-doj=${handmade}`,
      `--outputs=${path.join(dir, 'empty-county-again')}`,
      '--engine=native',
      '--quiet',
    );
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(
      /^Reproduced the run of sacramento-handmade\.input\.csv \(FRESNO/,
    );
  }, 120_000);

  test('two runs with the same input, options and date give byte-identical CSVs', async () => {
    const again = path.join(dir, 'again');
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county=SAN JOAQUIN',
      '--compute-at=2020-07-01',
      `--eligibility-options=${path.join(FIXTURES, 'sacramento-handmade.options.json')}`,
      `--outputs=${again}`,
      '--quiet',
    );
    expect(result.code).toBe(0);
    for (const file of CSVS) {
      expect(bytes(again, file).equals(bytes(path.join(dir, 'original'), file)), file).toBe(true);
    }
  }, 120_000);

  test('refuses an input whose SHA-256 differs, naming the file', async () => {
    const changed = path.join(dir, 'changed.csv');
    await copyFile(input, changed);
    await writeFile(changed, `${await readFile(changed, 'utf8')}\n`);
    const result = await cli(
      'replay',
      `--manifest=${path.join(dir, 'original', 'manifest.json')}`,
      `--input-doj=${changed}`,
      `--outputs=${path.join(dir, 'refused')}`,
      '--quiet',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /changed\.csv is not the file that run read: its SHA-256 is [0-9a-f]{64}/,
    );
  });

  test('refuses when a rule file is not the one the run used', async () => {
    const manifestPath = path.join(dir, 'original', 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.rulePack.files[5].sha256 = '0'.repeat(64);
    const edited = path.join(dir, 'edited-manifest.json');
    await writeFile(edited, JSON.stringify(manifest));
    const result = await cli(
      'replay',
      `--manifest=${edited}`,
      `--input-doj=${input}`,
      `--outputs=${path.join(dir, 'refused-rules')}`,
      '--quiet',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Rule file ${manifest.rulePack.files[5].name} differs`);
  });

  test('a file that is not a manifest gets a plain message', async () => {
    const notManifest = path.join(dir, 'summary.json');
    await writeFile(notManifest, '{"county": "X"}');
    const result = await cli(
      'replay',
      `--manifest=${notManifest}`,
      `--input-doj=${input}`,
      `--outputs=${path.join(dir, 'refused-2')}`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: This is not a Clearance manifest\.json/);
  });
});
