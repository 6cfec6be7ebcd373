/**
 * Bad input gets a plain message naming the file, line and problem, never echoes record contents,
 * and leaves no output that looks complete.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src/engine/errors';
import { runToFolder } from '../../src/engine/node/run-to-folder';
import { DEFAULT_OPTIONS } from '../../src/rules/prop64/options';
import { parseCsv } from '../helpers/csv';
import { FIXTURES, runEngine } from '../helpers/run-engine';

const good = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8');
const goodLines = good.split('\n');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-bad-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs on a file and returns the InputError, checking nothing was left in the output folder. */
async function failure(inputPath: string): Promise<InputError> {
  const outputDir = path.join(dir, `out-${path.basename(inputPath)}`);
  try {
    await runToFolder({
      inputPath,
      outputDir,
      engine: 'wasm',
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options: DEFAULT_OPTIONS,
      skipBadRows: false,
    });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    // Nothing that looks like a result, and no staging folder left behind.
    expect(existsSync(outputDir) ? readdirSync(outputDir) : []).toEqual([]);
    const message = (error as InputError).message;
    for (const secret of ['SKYWALKER', 'BIRD,BIG', '18675309', 'CULTIVATE']) {
      expect(message).not.toContain(secret);
    }
    return error as InputError;
  }
  throw new Error(`expected ${inputPath} to fail`);
}

async function writeInput(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('malformed files stop the run with file, line and problem', () => {
  test('malformed-quote.csv: 94 fields on every line', async () => {
    const error = await failure(path.join(FIXTURES, 'malformed-quote.csv'));
    expect(error.file).toBe('malformed-quote.csv');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/94 column names, 95 expected/);
  });

  test('a header with a named 96th column', async () => {
    // (extra-column.csv's 96th name is empty: a trailing comma, read as the 95 columns; see
    // header-trailing-comma.test.ts.)
    const lines = [...goodLines];
    lines[0] = `${lines[0]},EXTRA_COLUMN`;
    const error = await failure(await writeInput('extra-name.csv', lines.join('\n')));
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/96 column names, 95 expected/);
  });

  test('a data row with a field missing names its line', async () => {
    const lines = [...goodLines];
    lines[6] = (lines[6] ?? '').replace(/,#$/, '');
    const error = await failure(await writeInput('short-row.csv', lines.join('\n')));
    expect(error.line).toBe(7);
    expect(error.message).toContain('has 94 fields, 95 expected');
  });

  test('a data row with an extra field names its line', async () => {
    const lines = [...goodLines];
    lines[3] = `${lines[3]},extra`;
    const error = await failure(await writeInput('long-row.csv', lines.join('\n')));
    expect(error.line).toBe(4);
    expect(error.message).toContain('has 96 fields, 95 expected');
  });

  test('an unterminated quote names its line', async () => {
    const lines = [...goodLines];
    lines[5] = (lines[5] ?? '').replace('"SKYWALKER,LUKE S"', '"SKYWALKER,LUKE S');
    const error = await failure(await writeInput('open-quote.csv', lines.join('\n')));
    expect(error.line).toBe(6);
    expect(error.message).toMatch(/quotation mark/);
  });

  test('an empty file', async () => {
    const error = await failure(await writeInput('empty.csv', ''));
    expect(error.message).toContain('the file is empty');
  });

  test('a binary file', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    const error = await failure(await writeInput('spreadsheet.xlsx', bytes));
    expect(error.message).toContain('binary file');
  });

  test('a missing file', async () => {
    const error = await failure(path.join(dir, 'not-there.csv'));
    expect(error.message).toContain('does not exist');
  });

  test('a directory', async () => {
    const folder = path.join(dir, 'a-folder.csv');
    await mkdir(folder, { recursive: true });
    const error = await failure(folder);
    expect(error.message).toContain('folder, not a file');
  });

  test('a text file that is not an extract', async () => {
    const error = await failure(
      await writeInput('notes.txt', 'Dear colleague,\nplease find attached.\n'),
    );
    expect(error.line).toBe(1);
    expect(error.message).toContain('does not look like a DOJ research file');
  });
});

describe('--skip-bad-rows', () => {
  test('skips malformed lines, lists them in rejected_rows.csv and counts them', async () => {
    const lines = [...goodLines];
    lines[6] = (lines[6] ?? '').replace(/,#$/, '');
    lines[20] = `${lines[20]},extra`;
    const run = await runEngine({
      input: { text: lines.join('\n') },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      skipBadRows: true,
    });
    try {
      expect(run.summary.rejectedRowCount).toBe(2);
      expect(run.summary.lineCount).toBe(36);
      const rejected = parseCsv(await run.read('rejected_rows.csv'));
      expect(rejected.map((r) => [r.Line, r.Problem])).toEqual([
        ['7', 'has 94 fields, 95 expected'],
        ['21', 'has 96 fields, 95 expected'],
      ]);
      // Rows after a skipped line keep their own determinations (positions stay aligned).
      const all = parseCsv(await run.read('All_Results.csv'));
      expect(all).toHaveLength(36);
      const determinations = parseCsv(await run.read('Determinations.csv'));
      // Input lines point at the real file, past the skipped lines.
      const troy = determinations.find((d) => d.PRI_NAME === 'TROY, CASTOR');
      expect(troy?.['Input Line']).toBe('39');
    } finally {
      await run.cleanup();
    }
  });
});

describe('files the earlier tooling stumbled on', () => {
  test('a UTF-8 byte-order mark before the header', async () => {
    const run = await runEngine({
      input: { text: `\uFEFF${good}` },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
    });
    try {
      expect(run.manifest.inputs[0]?.hasHeader).toBe(true);
      expect(run.summary.lineCount).toBe(38);
      expect(run.summary.prop64ConvictionsCountInCounty).toBe(18);
    } finally {
      await run.cleanup();
    }
  });

  test('CRLF line endings and no header (the San Joaquin sample)', async () => {
    const run = await runEngine({
      input: path.join(FIXTURES, 'san-joaquin-no-header.csv'),
      county: 'SAN JOAQUIN',
      computeAt: '2019-11-11',
    });
    try {
      expect(run.manifest.inputs[0]?.hasHeader).toBe(false);
      expect(run.summary.lineCount).toBe(38);
      const text = await run.read('All_Results.csv');
      // The input's \r\n line endings must not leak into the last column.
      expect(text.includes('\r')).toBe(false);
      const all = parseCsv(text);
      expect(all.filter((r) => r['Eligibility Determination'] !== '').length).toBeGreaterThan(5);
    } finally {
      await run.cleanup();
    }
  });
});

describe('a county with no rows', () => {
  test('warns and still writes every output, with zero determinations', async () => {
    const warnings: string[] = [];
    const run = await runEngine({
      input: path.join(FIXTURES, 'sacramento-handmade.input.csv'),
      county: 'ALPINE',
      computeAt: '2019-11-11',
      warnings,
    });
    try {
      expect(warnings.join('\n')).toMatch(/no Prop 64 convictions in ALPINE/);
      expect(run.summary.prop64ConvictionsCountInCounty).toBe(0);
      expect(run.files).toEqual(
        expect.arrayContaining([
          'All_Results.csv',
          'Prop64_Results.csv',
          'summary.json',
          'manifest.json',
        ]),
      );
      expect((await run.read('Prop64_Results.csv')).trim().split('\n')).toHaveLength(1);
    } finally {
      await run.cleanup();
    }
  });
});
