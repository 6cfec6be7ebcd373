/**
 * The wide outputs copy input lines as written. These tests pin the two ways that could go wrong:
 * a cell a spreadsheet would execute, and a file whose lines are not its records.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { atPath, explainFileError } from '../../src/engine/node/file-errors';
import {
  EARLIER_RUNS,
  FolderInUseError,
  isEarlierPapers,
  LOCK_FILE,
  OutputFolder,
  PARTIAL_PREFIX,
} from '../../src/engine/node/output-folder';
import { parseCsvLine } from '../../src/doj/csv-line';
import { FIXTURES, runEngine } from '../helpers/run-engine';

const fixture = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8');
const lines = fixture.split('\n');

function withField(lineIndex: number, column: number, value: string): string {
  const copy = [...lines];
  const fields = parseCsvLine(copy[lineIndex] ?? '');
  fields[column] = value;
  copy[lineIndex] = fields
    .map((f) => (/^[ \t]|[,"\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f))
    .join(',');
  return copy.join('\n');
}

describe('formula cells', () => {
  test('are neutralised in every output, and nothing else on the line changes', async () => {
    // Line 6 is a Sacramento 11358 conviction (a Prop 64 row); column 93 is COMMENT_TEXT.
    const input = withField(6, 93, '=HYPERLINK("http://example.com","click")');
    const run = await runEngine({
      input: { text: input },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
    });
    try {
      for (const file of ['All_Results.csv', 'Prop64_Results.csv', 'All_Results_Condensed.csv']) {
        const text = await run.read(file);
        expect(text, file).toContain(`"'=HYPERLINK(""http://example.com"",""click"")"`);
        expect(text, file).not.toMatch(/(^|,)"?=HYPERLINK/m);
      }
      const all = (await run.read('All_Results.csv')).split('\n');
      const original = parseCsvLine(lines[6] ?? '');
      const written = parseCsvLine(all[6] ?? '');
      expect(written.slice(0, 93)).toEqual(original.slice(0, 93));
      expect(written[94]).toBe(original[94]);
    } finally {
      await run.cleanup();
    }
  });
});

describe('a quoted field holding a line break', () => {
  test('is read as one record and written back intact, determinations aligned', async () => {
    const input = withField(2, 93, 'FIRST LINE\nSECOND LINE');
    const run = await runEngine({
      input: { text: input },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
    });
    try {
      expect(run.summary.lineCount).toBe(38);
      const text = await run.read('All_Results.csv');
      expect(text).toContain('"FIRST LINE\nSECOND LINE"');
      const expected = readFileSync(
        path.join(FIXTURES, 'sacramento-handmade.expected.csv'),
        'utf8',
      );
      // Everything but the edited record is as the earlier tool wrote it.
      const strip = (t: string) => t.replace(/\n[^\n]*FIRST LINE\nSECOND LINE[^\n]*/, '');
      const expectedLines = expected.split('\n');
      expectedLines.splice(2, 1);
      expect(strip(text)).toBe(expectedLines.join('\n'));
    } finally {
      await run.cleanup();
    }
  });
});

/**
 * The output folder itself (issue #16, point 6): one run's files, a lock, a killed run's
 * leftovers removed, private modes, and file-system failures said in words naming the path.
 */
describe('the output folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'clearance-output-folder-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

  test('the staging folder is 0700 while a run works, its files 0600 once committed', async () => {
    const out = path.join(dir, 'modes');
    const folder = await OutputFolder.create(out);
    expect(statSync(folder.staging).mode & 0o777).toBe(0o700);
    // As DuckDB's COPY writes: the umask's mode, not the sink's 0600.
    await writeFile(path.join(folder.staging, 'All_Results.csv'), 'x\n', { mode: 0o644 });
    await folder.writeText('summary.json', '{}\n');
    expect(await folder.commit()).toEqual(['All_Results.csv', 'summary.json']);
    for (const name of ['All_Results.csv', 'summary.json']) {
      expect(statSync(path.join(out, name)).mode & 0o777, name).toBe(0o600);
    }
    expect(readdirSync(out).sort()).toEqual(['All_Results.csv', 'summary.json']);
  });

  test('a live lock refuses a second run, naming the process; a dead one is taken over', async () => {
    const out = path.join(dir, 'lock');
    const first = await OutputFolder.create(out);
    expect(readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    const second = OutputFolder.create(out);
    await expect(second).rejects.toBeInstanceOf(FolderInUseError);
    await expect(second).rejects.toThrow(
      `another Clearance run (process ${process.pid}) is writing into this folder.`,
    );
    await first.discard();
    expect(existsSync(path.join(out, LOCK_FILE))).toBe(false);

    await writeFile(path.join(out, LOCK_FILE), `${deadPid()}\n`);
    const third = await OutputFolder.create(out);
    expect(readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await third.discard();
  });

  test("a killed run's staging folder and held rows are removed by the next run", async () => {
    const out = path.join(dir, 'killed');
    const partial = path.join(out, `${PARTIAL_PREFIX}${deadPid()}-1`);
    await mkdir(partial, { recursive: true });
    await writeFile(path.join(partial, '.held-rows.csv'), 'held\n');
    const folder = await OutputFolder.create(out);
    expect(existsSync(partial)).toBe(false);
    await folder.discard();
    expect(readdirSync(out)).toEqual([]);
  });

  test("an earlier run's files are moved aside at commit; other files stay", async () => {
    const out = path.join(dir, 'earlier');
    await mkdir(path.join(out, 'sacramento'), { recursive: true });
    await writeFile(path.join(out, 'sacramento', 'manifest.json'), '{}');
    await mkdir(path.join(out, 'photos'));
    for (const name of ['All_Results_1_x.csv', 'gogen_x.json', 'forms.zip', 'notes.txt']) {
      await writeFile(path.join(out, name), 'earlier');
    }
    const folder = await OutputFolder.create(out);
    await folder.writeText('All_Results.csv', 'new');
    // Nothing moves until the run succeeds.
    expect(existsSync(path.join(out, 'gogen_x.json'))).toBe(true);
    await folder.commit();
    expect(readdirSync(out).sort()).toEqual([
      'All_Results.csv',
      EARLIER_RUNS,
      'notes.txt',
      'photos',
    ]);
    const [stamp] = readdirSync(path.join(out, EARLIER_RUNS));
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    expect(readdirSync(path.join(out, EARLIER_RUNS, stamp ?? '')).sort()).toEqual([
      'All_Results_1_x.csv',
      'forms.zip',
      'gogen_x.json',
      'sacramento',
    ]);
  });

  test('the court papers move aside only earlier papers, never the run they came from', async () => {
    const out = path.join(dir, 'papers');
    await mkdir(out);
    for (const name of ['Prop64_Results.csv', 'court-list.pdf']) {
      await writeFile(path.join(out, name), 'earlier');
    }
    const folder = await OutputFolder.create(out, { earlierRun: isEarlierPapers });
    await folder.writeText('court-list.csv', 'new');
    await folder.commit();
    expect(readdirSync(out).sort()).toEqual(['Prop64_Results.csv', 'court-list.csv', EARLIER_RUNS]);
  });

  test('a folder holding an input, or a file as the folder, is refused before anything is written', async () => {
    const out = path.join(dir, 'holds');
    await mkdir(path.join(out, 'deeper'), { recursive: true });
    const inside = path.join(out, 'deeper', 'extract.dat');
    await writeFile(inside, '');
    await expect(OutputFolder.create(out, { inputs: [inside] })).rejects.toThrow(
      `the output folder ${out} holds this input file.`,
    );
    await expect(OutputFolder.create(inside)).rejects.toThrow('this is a file, not a folder.');
    expect(readdirSync(out)).toEqual(['deeper']);
  });
});

describe('file-system failures in words', () => {
  const errno = (code: string, extra: object = {}) =>
    Object.assign(new Error(`${code}: secret record text`), { code, ...extra });

  test.each([
    ['ENOSPC', 'the disk is full: /data/out/All_Results.csv could not be written'],
    ['EACCES', 'permission denied: this user may not read or write /data/out/All_Results.csv'],
    ['EROFS', '/data/out/All_Results.csv is on a read-only disk or share'],
    ['ENOTDIR', '/data/out/All_Results.csv: part of this path is a file, not a folder'],
    ['EISDIR', '/data/out/All_Results.csv is a folder where a file was expected'],
    ['EDQUOT', 'the disk quota is used up: /data/out/All_Results.csv'],
  ])('%s names the path and says what to do', (code, words) => {
    const message = explainFileError(errno(code, { path: '/data/out/All_Results.csv' }));
    expect(message).toContain(words);
    expect(message).toContain(`(${code})`);
    expect(message).not.toContain('secret');
  });

  test('an error without a path (a stream, DuckDB) names the folder the command was writing', () => {
    expect(explainFileError(atPath(errno('ENOSPC'), '/data/out'))).toContain(
      'the disk is full: /data/out could not be written',
    );
    const duckdb = new Error('IO Error: Could not write file "x": No space left on device');
    expect(explainFileError(duckdb, '/data/out')).toBe(
      'the disk is full: /data/out could not be written. Free some space, or choose a folder on another disk, and run again. (ENOSPC)',
    );
  });

  test('anything else is not a file-system failure', () => {
    expect(explainFileError(new Error('Binder Error: no such column'))).toBeUndefined();
    expect(explainFileError(errno('ECONNRESET'))).toBeUndefined();
    expect(explainFileError('ENOSPC')).toBeUndefined();
  });
});
