/** The command-line tool as a county's script would call it: real process, real exit codes. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../helpers/cli';
import { FIXTURES } from '../helpers/run-engine';

const input = path.join(FIXTURES, 'sacramento-handmade.input.csv');
const options = path.join(FIXTURES, 'sacramento-handmade.options.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('clearance run', () => {
  test("takes the earlier tool's flags with = or a space and writes every output", async () => {
    const out = path.join(dir, 'run-ok');
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county',
      'sacramento',
      '--compute-at=2019-11-11',
      '--eligibility-options',
      options,
      `--outputs=${out}`,
      '--quiet',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /38 rows, 18 Prop 64 convictions in SACRAMENTO: 17 dismissal, 1 reduction/,
    );
    for (const file of [
      'All_Results.csv',
      'All_Results_Condensed.csv',
      'Prop64_Results.csv',
      'summary.json',
      'manifest.json',
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.county).toBe('SACRAMENTO');
  });

  test('several inputs are several runs, each in its own folder', async () => {
    const out = path.join(dir, 'run-two');
    const second = path.join(FIXTURES, 'san-joaquin-no-header.csv');
    const result = await cli(
      'run',
      `--input-doj=${input},${second}`,
      '--county=SACRAMENTO',
      '--compute-at=2019-11-11',
      `--outputs=${out}`,
      '--quiet',
    );
    expect(result.code).toBe(0);
    expect(existsSync(path.join(out, 'sacramento-handmade.input', 'All_Results.csv'))).toBe(true);
    expect(existsSync(path.join(out, 'san-joaquin-no-header', 'All_Results.csv'))).toBe(true);
  });

  test('reports progress on stderr unless --quiet', async () => {
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county=SACRAMENTO',
      '--compute-at=2019-11-11',
      `--outputs=${path.join(dir, 'progress')}`,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\[\s*\d+%\] Writing All_Results.csv/);
  });

  test('--verbose times each stage, from the tool starting to the last output, and the peak memory', async () => {
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county=SACRAMENTO',
      '--compute-at=2019-11-11',
      `--outputs=${path.join(dir, 'verbose')}`,
      '--quiet',
      '--verbose',
    );
    expect(result.code).toBe(0);
    // npm run bench reads these lines: one per stage, "  <stage>: <seconds> s".
    const stages = [...result.stderr.matchAll(/^ {2}(.+): \d+\.\d\d s$/gm)].map((m) => m[1]);
    expect(stages.slice(0, 3)).toEqual([
      'tool start',
      'start DuckDB (wasm)',
      expect.stringMatching(/^scan \(/),
    ]);
    expect(stages).toEqual(
      expect.arrayContaining(['02_rows.sql', '20_decide.sql', 'wide outputs', 'determinations']),
    );
    expect(result.stderr).toMatch(/^peak memory: \d+ MB$/m);
  });

  test.each([
    ['no flags', []],
    ['a missing --county', [`--input-doj=${input}`, '--outputs=x']],
    [
      'an impossible --compute-at',
      [`--input-doj=${input}`, '--county=X', '--outputs=x', '--compute-at=2019-02-29'],
    ],
    [
      'a badly written --compute-at',
      [`--input-doj=${input}`, '--county=X', '--outputs=x', '--compute-at=11/11/2019'],
    ],
    ['an unknown flag', [`--input-doj=${input}`, '--county=X', '--outputs=x', '--counties=X']],
    ['an unknown engine', [`--input-doj=${input}`, '--county=X', '--outputs=x', '--engine=gpu']],
    ['an unknown layout', [`--input-doj=${input}`, '--county=X', '--outputs=x', '--layout=flat']],
    [
      'a --file-name-suffix that is a path',
      [`--input-doj=${input}`, '--county=X', '--outputs=x', '--file-name-suffix=../up'],
    ],
  ])('exits 2 on %s, with the usage', async (_name, args) => {
    const result = await cli('run', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: /);
    expect(result.stderr).toContain('Usage: clearance run');
  });

  test('exits 2 on a pipe as --eligibility-options, instead of waiting for it for ever', async () => {
    const fifo = path.join(dir, 'options.fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county=X',
      `--outputs=${path.join(dir, 'fifo-options')}`,
      `--eligibility-options=${fifo}`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--eligibility-options: ${fifo} is not an ordinary file (it is a folder, pipe or device).`,
    );
  });

  test('exits 2 on invalid options, naming the field and the allowed range', async () => {
    const bad = path.join(dir, 'bad-options.json');
    await writeFile(
      bad,
      JSON.stringify({
        baselineEligibility: { dismiss: ['11357'], reduce: [] },
        additionalRelief: { subjectAgeThreshold: 30 },
      }),
    );
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county=SACRAMENTO',
      `--eligibility-options=${bad}`,
      `--outputs=${path.join(dir, 'x')}`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'additionalRelief.subjectAgeThreshold: must be 0 (off) or between 40 and 65 (got 30)',
    );
  });

  test('exits 1 on a malformed file, naming file, line and problem, and writes nothing', async () => {
    const out = path.join(dir, 'malformed');
    const result = await cli(
      'run',
      `--input-doj=${path.join(FIXTURES, 'malformed-quote.csv')}`,
      '--county=SACRAMENTO',
      `--outputs=${out}`,
      '--quiet',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'malformed-quote.csv, line 1: the header row has 94 column names, 95 expected',
    );
    expect(result.stderr).not.toMatch(/at \w+ \(|SKYWALKER/); // no stack trace, no record contents
    expect(existsSync(path.join(out, 'All_Results.csv'))).toBe(false);
    // A header that is wrong cannot be skipped like a bad line: no --skip-bad-rows offered.
    expect(result.stderr).not.toContain('--skip-bad-rows');
  });

  test('a bad line in the records says how to skip it, with the CLI flag', async () => {
    const lines = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8').split(
      '\n',
    );
    lines[9] = `${lines[9]},`; // 96 fields
    const input = path.join(dir, 'bad-line.csv');
    writeFileSync(input, lines.join('\n'));
    const result = await cli(
      'run',
      `--input-doj=${input}`,
      '--county=SACRAMENTO',
      `--outputs=${path.join(dir, 'bad-line')}`,
      '--quiet',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad-line.csv, line 10:');
    expect(result.stderr).toContain(
      'Check that this is the file the DOJ sent, unmodified. To process the rest anyway, run again with --skip-bad-rows',
    );
  });

  test('--help on every command exits 0', async () => {
    for (const command of ['run', 'generate']) {
      const result = await cli(command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: clearance ${command}`);
    }
    const top = await cli('help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Commands:');
  });
});

describe('clearance generate', () => {
  test('same seed, same bytes; another seed, other bytes', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    const c = path.join(dir, 'c.csv');
    for (const [file, seed] of [
      [a, '42'],
      [b, '42'],
      [c, '43'],
    ] as const) {
      const result = await cli(
        'generate',
        '--county=SAN JOAQUIN',
        '--rows=3000',
        `--seed=${seed}`,
        `--output=${file}`,
      );
      expect(result.code).toBe(0);
    }
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(readFileSync(a)).not.toEqual(readFileSync(c));
    expect(readFileSync(a, 'utf8').trim().split('\n')).toHaveLength(3001);
  });

  test('exits 2 on a bad --rows', async () => {
    const result = await cli('generate', '--county=X', '--rows=lots', '--seed=1', '--output=x.csv');
    expect(result.code).toBe(2);
  });

  test('--shape=mixed makes the other shape; an unknown shape exits 2', async () => {
    const made: Record<string, string> = {};
    for (const shape of ['', '--shape=doj', '--shape=mixed']) {
      const file = path.join(dir, `shape${shape}.csv`);
      const args = ['--county=FRESNO', '--rows=500', '--seed=9', `--output=${file}`];
      const result = await cli('generate', ...args, ...(shape ? [shape] : []));
      expect(result.code).toBe(0);
      made[shape] = readFileSync(file, 'utf8');
    }
    expect(made['--shape=doj']).toBe(made['']);
    expect(made['--shape=mixed']).not.toBe(made['']);
    const bad = await cli(
      'generate',
      '--county=X',
      '--rows=5',
      '--seed=1',
      '--output=x.csv',
      '--shape=flat',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shape must be one of doj, mixed');
  });
});
