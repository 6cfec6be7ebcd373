/** Reproducing a run from its manifest.json: real CLI processes, real files, byte comparisons. */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
}, 60_000);
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
  }, 60_000);

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
  }, 60_000);

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
