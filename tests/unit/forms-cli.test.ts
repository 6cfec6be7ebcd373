/** `clearance forms` as a county's script would call it: real process, real exit codes. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvLine } from '../../src/doj/csv-line';
import { groupMotions } from '../../src/forms/model';
import { readCourtData } from '../../src/forms/filing-rows';
import { cli } from '../helpers/cli';
import { TEST_OFFICE } from '../helpers/office';
import { runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

const OFFICE = { ...TEST_OFFICE, filingDate: '2019-12-02' };

let dir: string;
let run: EngineRun;
let office: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-forms-cli-'));
  run = await runSacramentoFixture();
  office = path.join(dir, 'office.json');
  await writeFile(office, JSON.stringify(OFFICE));
});
afterAll(async () => {
  await run.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('clearance forms', () => {
  test('writes the filing data, then the papers from it, and a manifest of every file', async () => {
    const out = path.join(dir, 'papers');
    const result = await cli(
      'forms',
      `--results=${run.dir}`,
      `--office=${office}`,
      '--outputs',
      out,
    );
    expect(result.stderr).toMatch(/\[\s*\d+%\] Writing the motions/);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'bulk-motion.pdf',
      'challenges.csv',
      'court-data.csv',
      'forms.zip',
      'held.csv',
      'notice-of-challenge.pdf',
      'papers-manifest.json',
      'summary-report.pdf',
    ]);
    const courtData = readFileSync(path.join(out, 'court-data.csv'), 'utf8');
    const motions = groupMotions(await readCourtData([courtData]), 'case').length;
    expect(Object.keys(unzipSync(readFileSync(path.join(out, 'forms.zip'))))).toHaveLength(motions);
    expect(result.stdout).toContain(`${motions} motion(s) (one per case) for SACRAMENTO`);
    const manifest = JSON.parse(readFileSync(path.join(out, 'papers-manifest.json'), 'utf8')) as {
      files: { name: string; size: number; sha256: string }[];
    };
    expect(manifest.files.map((f) => f.name).sort()).toEqual(
      readdirSync(out)
        .filter((f) => f !== 'papers-manifest.json')
        .sort(),
    );
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(out, f.name));
      expect(f.size).toBe(bytes.length);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  test('--per=person makes one motion per person; another --per is refused', async () => {
    const out = path.join(dir, 'per-person');
    const args = [`--results=${run.dir}`, `--office=${office}`, `--outputs=${out}`, '--quiet'];
    const result = await cli('forms', ...args, '--per=person');
    expect(result.code).toBe(0);
    const courtData = readFileSync(path.join(out, 'court-data.csv'), 'utf8');
    const people = groupMotions(await readCourtData([courtData]), 'person').length;
    expect(Object.keys(unzipSync(readFileSync(path.join(out, 'forms.zip'))))).toHaveLength(people);
    expect(result.stdout).toContain(`${people} motion(s) (one per person)`);
    const bad = await cli('forms', ...args, '--per=court');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--per must be "case" or "person"');
  });

  test('--combined and --flatten add combined.pdf, quietly', async () => {
    const out = path.join(dir, 'combined');
    const result = await cli(
      'forms',
      `--results=${run.dir}`,
      `--office=${office}`,
      `--outputs=${out}`,
      '--combined',
      '--flatten',
      '--quiet',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(path.join(out, 'combined.pdf'))).toBe(true);
    expect(readFileSync(path.join(out, 'combined.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test.each([
    ['a bad email', { email: 'not-an-email' }, 'email: Email must be an email address'],
    ['a missing bar number', { barNumber: undefined }, 'barNumber:'],
    ['an unknown field', { fax: '555' }, 'unknown field(s) fax'],
    ['a badly written filing date', { filingDate: '12/02/2019' }, 'filingDate:'],
  ])('exits 2 on office settings with %s, naming the field', async (_name, change, message) => {
    const bad = path.join(dir, `office-${Object.keys(change)[0]}.json`);
    await writeFile(bad, JSON.stringify({ ...OFFICE, ...change }));
    const out = path.join(dir, 'bad-office');
    const result = await cli(
      'forms',
      `--results=${run.dir}`,
      `--office=${bad}`,
      `--outputs=${out}`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: clearance forms');
    expect(existsSync(out)).toBe(false);
  });

  test('exits 2 when the office file is not JSON', async () => {
    const bad = path.join(dir, 'office.txt');
    await writeFile(bad, 'officeName: x');
    const result = await cli('forms', `--results=${run.dir}`, `--office=${bad}`, '--outputs=x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not valid JSON');
  });

  test('exits 2 when the results folder does not exist, in plain words', async () => {
    const missing = path.join(dir, 'no-such-run');
    const result = await cli('forms', `--results=${missing}`, `--office=${office}`, '--outputs=x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--results: ${missing} is not a folder`);
    expect(result.stderr).not.toMatch(/at \w+ \(/); // no stack trace
  });

  test('reads a name with a quoted line break, CRLF endings and a BOM', async () => {
    const edited = path.join(dir, 'edited-run');
    await cp(run.dir, edited, { recursive: true });
    const file = path.join(edited, 'Prop64_Results.csv');
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const column = parseCsvLine(header!).indexOf('PRI_NAME');
    const quoted = rows.map((row) => {
      const fields = parseCsvLine(row);
      fields[column] = `${fields[column]}\r\nJR`;
      return fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');
    });
    await writeFile(file, `\uFEFF${[header, ...quoted].join('\r\n')}\r\n`);
    const out = path.join(dir, 'edited-papers');
    const result = await cli(
      'forms',
      `--results=${edited}`,
      `--office=${office}`,
      `--outputs=${out}`,
    );
    expect(result.code).toBe(0);
    // The summary report reads the edited file; the motions come from court-data.csv.
    expect(result.stdout).toMatch(/\d+ motion\(s\) \(one per case\) for SACRAMENTO/);
    expect(result.stderr).not.toContain('could not be made');
  });

  test('exits 1 on a broken results file, naming its line and not its contents', async () => {
    const broken = path.join(dir, 'broken-run');
    await cp(run.dir, broken, { recursive: true });
    const file = path.join(broken, 'Prop64_Results.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[lines.length - 1] = `${lines[lines.length - 1]},"SECRET NAME`;
    await writeFile(file, lines.join('\n'));
    const out = path.join(dir, 'broken-papers');
    const result = await cli(
      'forms',
      `--results=${broken}`,
      `--office=${office}`,
      `--outputs=${out}`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Prop64_Results.csv, line ${lines.length}: quoted field is never closed`,
    );
    expect(result.stderr).not.toContain('SECRET');
    expect(result.stderr).not.toMatch(/at \w+ \(/);
    expect(existsSync(out)).toBe(false);
  });

  test('exits 1 when the folder is not a run folder, and writes nothing', async () => {
    const empty = path.join(dir, 'empty-run');
    await mkdir(empty);
    const out = path.join(dir, 'not-written');
    const result = await cli(
      'forms',
      `--results=${empty}`,
      `--office=${office}`,
      `--outputs=${out}`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Prop64_Results.csv: cannot be read');
    expect(result.stderr).not.toMatch(/at \w+ \(/);
    expect(existsSync(out)).toBe(false);
  });

  test.each([
    ['no flags', []],
    ['a missing --office', ['--results=x', '--outputs=y']],
    ['an unknown flag', ['--results=x', '--office=y', '--outputs=z', '--zip']],
  ])('exits 2 on %s, with the usage', async (_name, args) => {
    const result = await cli('forms', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: clearance forms');
  });

  test('--help exits 0', async () => {
    const result = await cli('forms', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: clearance forms');
  });
});
