/**
 * Issue #16, point 6: what the command-line tool did with files and folders, each reproduced as
 * the issue found it, through the real tool (a process, its exit code, the folder it leaves).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../../helpers/cli';
import { TEST_OFFICE } from '../../helpers/office';
import { FIXTURES, runEngine } from '../../helpers/run-engine';

const input = path.join(FIXTURES, 'sacramento-handmade.input.csv');
const options = path.join(FIXTURES, 'sacramento-handmade.options.json');
const SLOW = 120_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-cli-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (outputs: string, inputs: string, ...more: string[]) =>
  cli(
    'run',
    `--input-doj=${inputs}`,
    '--county=SACRAMENTO',
    '--compute-at=2019-11-11',
    `--outputs=${outputs}`,
    `--eligibility-options=${options}`,
    '--quiet',
    ...more,
  );

/** A pid no process has now: one that has just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

describe('the output folder', () => {
  test(
    '--input-doj=out/All_Results.csv --outputs=out is refused, the input untouched',
    async () => {
      const out = path.join(dir, 'holds-input');
      await mkdir(out);
      const inside = path.join(out, 'All_Results.csv');
      await copyFile(input, inside);
      const result = await run(out, inside);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`the output folder ${out} holds this input file`);
      expect(readFileSync(inside, 'utf8')).toBe(readFileSync(input, 'utf8'));
      // Nothing written into the refused folder, gogen.err neither.
      expect(readdirSync(out)).toEqual(['All_Results.csv']);
    },
    SLOW,
  );

  test(
    'a file given as --outputs is refused in words, not "stopped unexpectedly (Error)"',
    async () => {
      const file = path.join(dir, 'a-file');
      await writeFile(file, 'not a folder');
      const result = await run(file, input);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${file}: this is a file, not a folder.`);
      expect(result.stderr).not.toContain('unexpectedly');
      const under = await run(path.join(file, 'results'), input);
      expect(under.code).toBe(1);
      expect(under.stderr).toContain('part of this path is a file, not a folder. (ENOTDIR)');
      expect(under.stderr).not.toContain('unexpectedly');
    },
    SLOW,
  );

  describe('after a killed run and an earlier run', () => {
    let out: string;
    let result: Awaited<ReturnType<typeof cli>>;
    const earlier = ['All_Results.csv', 'rejected_rows.csv', 'summary.json', 'gogen.err'];
    beforeAll(async () => {
      out = path.join(dir, 'killed');
      // What a killed run left: its staging folder with held rows and a partial CSV in it, and
      // the lock of a process that is gone. And the files of an earlier, finished run.
      const partial = path.join(out, `.clearance-partial-${deadPid()}-1700000000000`);
      await mkdir(partial, { recursive: true });
      await writeFile(path.join(partial, '.held-rows.csv'), 'held rows of the killed run\n');
      await writeFile(path.join(partial, 'All_Results.csv'), 'half a file\n');
      await writeFile(path.join(out, '.clearance.lock'), `${deadPid()}\n`);
      for (const name of earlier) await writeFile(path.join(out, name), `earlier ${name}\n`);
      await writeFile(path.join(out, 'notes.txt'), "the reviewer's own notes\n");
      result = await run(out, input);
    }, SLOW);

    test('the stale lock of a dead process is taken over and the run succeeds', () => {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(existsSync(path.join(out, '.clearance.lock'))).toBe(false);
    });

    test("the killed run's partial folder and held rows are gone", () => {
      expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    });

    test("the earlier run's files (a stale rejected_rows.csv too) are moved aside, not mixed", () => {
      expect(existsSync(path.join(out, 'rejected_rows.csv'))).toBe(false);
      expect(existsSync(path.join(out, 'gogen.err'))).toBe(false);
      const [aside, ...more] = readdirSync(path.join(out, 'earlier-runs'));
      expect(more).toEqual([]);
      const asideDir = path.join(out, 'earlier-runs', aside ?? '');
      expect(readdirSync(asideDir).sort()).toEqual([...earlier].sort());
      expect(readFileSync(path.join(asideDir, 'rejected_rows.csv'), 'utf8')).toBe(
        'earlier rejected_rows.csv\n',
      );
      // The new run's files, and what is not a run's file left where it was.
      expect(readFileSync(path.join(out, 'All_Results.csv'), 'utf8')).not.toContain('earlier');
      expect(existsSync(path.join(out, 'gogen.json'))).toBe(true);
      expect(existsSync(path.join(out, 'notes.txt'))).toBe(true);
    });

    test('every file the run wrote is 0600', () => {
      for (const name of readdirSync(out)) {
        const info = statSync(path.join(out, name));
        if (info.isFile() && name !== 'notes.txt') {
          expect(info.mode & 0o777, name).toBe(0o600);
        }
      }
    });
  });

  test(
    'two runs into one folder at once: one writes, the other is refused with a plain message',
    async () => {
      const out = path.join(dir, 'two-at-once');
      const [first, second] = await Promise.all([run(out, input), run(out, input)]);
      const codes = [first.code, second.code].sort();
      expect(codes).toEqual([0, 1]);
      const refused = first.code === 1 ? first : second;
      expect(refused.stderr).toMatch(
        /another Clearance run \(process \d+\) is writing into this folder/,
      );
      expect(refused.stderr).not.toContain('unexpectedly');
      // One run's files, complete, and no lock left behind.
      expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
      expect(existsSync(path.join(out, 'earlier-runs'))).toBe(false);
      expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
    },
    SLOW,
  );
});

describe('special files as input', () => {
  test(
    'a FIFO, a device and a folder are refused (a FIFO used to hang the run)',
    async () => {
      const fifo = path.join(dir, 'extract.fifo');
      execFileSync('mkfifo', [fifo]);
      const folder = path.join(dir, 'a-folder.csv');
      await mkdir(folder);
      const out = path.join(dir, 'special');
      const result = await run(out, `${fifo},/dev/zero,${folder}`, '--layout=gogen');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'extract.fifo: this is not an ordinary file (it is a pipe, socket or device).',
      );
      expect(result.stderr).toContain('zero: this is not an ordinary file');
      expect(result.stderr).toContain('a-folder.csv: this is a folder, not a file.');
      const errors = JSON.parse(readFileSync(path.join(out, 'gogen.err'), 'utf8'));
      expect(Object.keys(errors).sort()).toEqual([fifo, folder, '/dev/zero'].sort());
    },
    SLOW,
  );
});

describe('court papers', () => {
  test(
    '`clearance forms` writes every paper 0600, like the CSVs',
    async () => {
      const results = await runEngine({ input, county: 'SACRAMENTO', computeAt: '2019-11-11' });
      try {
        const office = path.join(dir, 'office.json');
        await writeFile(office, JSON.stringify({ ...TEST_OFFICE, filingDate: '2019-12-02' }));
        const out = path.join(dir, 'papers');
        const result = await cli(
          'forms',
          `--results=${results.dir}`,
          `--office=${office}`,
          `--outputs=${out}`,
          '--combined',
          '--quiet',
        );
        expect(result.code).toBe(0);
        const names = readdirSync(out);
        expect(names).toContain('forms.zip');
        for (const name of names) {
          expect(statSync(path.join(out, name)).mode & 0o777, name).toBe(0o600);
        }
      } finally {
        await results.cleanup();
      }
    },
    SLOW,
  );
});
