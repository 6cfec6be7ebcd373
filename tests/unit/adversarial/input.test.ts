/**
 * Issue #16's reproductions on reading the extract: --skip-bad-rows skips any malformed line and
 * the run completes (rejected_rows.csv lists each, the good lines' results are those of the file
 * without them); malformed lines are named by their line in files with CR-only or mixed line
 * endings; nothing the CLI prints quotes a record.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError, loggableError } from '../../../src/engine/errors';
import { cli } from '../../helpers/cli';
import { parseCsv } from '../../helpers/csv';
import { FIXTURES, runEngine, type EngineRun } from '../../helpers/run-engine';

const good = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const POLICY = { county: 'SACRAMENTO', computeAt: '2019-11-11' };
/** Line 6 of the file (index 5) is a conviction row of SKYWALKER,LUKE S. */
const BAD = 5;
const row = good[BAD] ?? '';

function file(lines: string[], ending: (i: number) => string = () => '\n'): string {
  return lines.map((l, i) => l + ending(i)).join('');
}
function withLine(bad: string): string[] {
  const lines = [...good];
  lines[BAD] = bad;
  return lines;
}
const without = good.filter((_, i) => i !== BAD);

/** Each malformed kind on line 6, and the reason rejected_rows.csv gives. */
const MALFORMED: Record<string, { text: string; reason: string }> = {
  'a stray quote inside a quoted field': {
    text: file(withLine(row.replace('"SKYWALKER,LUKE S"', '"SKYWALKER,LUKE "S"'))),
    reason: 'has a quotation mark that is not closed properly (in column PRI_NAME)',
  },
  'an unterminated quote': {
    text: file(withLine(row.replace('"SKYWALKER,LUKE S"', '"SKYWALKER,LUKE S'))),
    reason: 'has a quotation mark that is not closed properly (in column PRI_NAME)',
  },
  '94 fields': {
    text: file(withLine(row.replace(/,[^,]*$/, ''))),
    reason: 'has 94 fields, 95 expected',
  },
  '96 fields': {
    text: file(withLine(`${row},EXTRAVALUE96`)),
    reason: 'has 96 fields, 95 expected',
  },
  '94 fields, mixed CRLF and LF line ends': {
    text: file(withLine(row.replace(/,[^,]*$/, '')), (i) => (i % 3 ? '\n' : '\r\n')),
    reason: 'has 94 fields, 95 expected',
  },
  '94 fields, CR-only line ends': {
    text: file(withLine(row.replace(/,[^,]*$/, '')), () => '\r'),
    reason: 'has 94 fields, 95 expected',
  },
};

const RESULTS = ['All_Results.csv', 'Prop64_Results.csv', 'All_Results_Condensed.csv'];
const COMBINATIONS = [
  { engine: 'wasm', reader: 'fast' },
  { engine: 'wasm', reader: 'duckdb' },
  { engine: 'native', reader: 'fast' },
  { engine: 'native', reader: 'duckdb' },
] as const;
/**
 * Both readers on the native engine, and the wasm engine (seconds to start each time) with one
 * reader, taking turns, so every kind meets both engines and both readers within the time the
 * suite has.
 */
function combinationsFor(index: number) {
  return [COMBINATIONS[index % 2]!, COMBINATIONS[2], COMBINATIONS[3]];
}

describe('--skip-bad-rows skips any malformed line and the run completes', () => {
  let clean: EngineRun;
  const cleanFiles: Record<string, string> = {};
  beforeAll(async () => {
    clean = await runEngine({ input: { text: file(without) }, ...POLICY, engine: 'native' });
    for (const f of [...RESULTS, 'Determinations.csv']) cleanFiles[f] = await clean.read(f);
  });
  afterAll(() => clean.cleanup());

  for (const [index, [kind, { text, reason }]] of Object.entries(MALFORMED).entries()) {
    for (const { engine, reader } of combinationsFor(index)) {
      test(`${kind}: ${engine}, ${reader} reader`, async () => {
        const run = await runEngine({
          input: { text },
          ...POLICY,
          engine,
          reader,
          skipBadRows: true,
        });
        try {
          expect(run.summary.rejectedRowCount).toBe(1);
          const rejected = parseCsv(await run.read('rejected_rows.csv'));
          expect(rejected.map((r) => [r.Line, r.Problem])).toEqual([[String(BAD + 1), reason]]);
          // The good lines' results are the file's without the bad line, byte for byte...
          for (const f of RESULTS) expect(await run.read(f), f).toBe(cleanFiles[f]);
          // ...and the worklist's input lines point past the skipped line into the real file.
          const determinations = parseCsv(await run.read('Determinations.csv'));
          const expected = parseCsv(cleanFiles['Determinations.csv'] ?? '').map((d) => {
            const line = Number(d['Input Line']);
            return { ...d, 'Input Line': String(line > BAD ? line + 1 : line) };
          });
          expect(determinations).toEqual(expected);
        } finally {
          await run.cleanup();
        }
      });
    }
  }

  test('a quoted CR, and mixed line ends, are not malformed: same results as without', async () => {
    const quotedCr = file(
      good.map((l, i) => (i === BAD ? l.replace('SKYWALKER,', 'SKYWALKER,\r') : l)),
    );
    const mixed = file(good, (i) => (i % 2 ? '\r\n' : '\n'));
    const plain = await runEngine({ input: { text: file(good) }, ...POLICY, engine: 'native' });
    try {
      for (const [index, text] of [quotedCr, mixed].entries()) {
        for (const { engine, reader } of combinationsFor(index)) {
          const run = await runEngine({
            input: { text },
            ...POLICY,
            engine,
            reader,
            skipBadRows: true,
          });
          try {
            expect(run.summary.rejectedRowCount).toBe(0);
            expect(run.files).not.toContain('rejected_rows.csv');
            // The quoted CR is part of PRI_NAME: All_Results differs on that line only.
            const all = await run.read('All_Results.csv');
            const expected = await plain.read('All_Results.csv');
            if (text === mixed) expect(all).toBe(expected);
            else expect(all.replace('SKYWALKER,\r', 'SKYWALKER,')).toBe(expected);
          } finally {
            await run.cleanup();
          }
        }
      }
    } finally {
      await plain.cleanup();
    }
  });
});

describe('without --skip-bad-rows, the message names line N whatever the line endings', () => {
  const bad = withLine(row.replace(/,[^,]*$/, ''));
  const ENDINGS: Record<string, (i: number) => string> = {
    'CR-only': () => '\r',
    'mixed CRLF and LF': (i) => (i % 2 ? '\r\n' : '\n'),
    'mixed LF and CR': (i) => (i % 2 ? '\r' : '\n'),
  };
  for (const [index, [name, ending]] of Object.entries(ENDINGS).entries()) {
    for (const { engine, reader } of combinationsFor(index)) {
      test(`${name}: ${engine}, ${reader} reader`, async () => {
        const error = await runEngine({
          input: { text: file(bad, ending) },
          ...POLICY,
          engine,
          reader,
        }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).line).toBe(BAD + 1);
        expect((error as InputError).message).toContain('has 94 fields, 95 expected');
      });
    }
  }
});

describe("the CLI's output never quotes a record", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'clearance-adversarial-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const SECRETS = ['SKYWALKER', 'LUKE', '19600314', '1008675309', '18675309', 'EXTRAVALUE96'];

  for (const [index, [kind, { text }]] of Object.entries(MALFORMED).entries()) {
    test(kind, async () => {
      const input = path.join(dir, `${kind.replace(/\W+/g, '-')}.csv`);
      // Only the malformed line names the person: the other lines' values are renamed.
      const lines = text.split(/(\r\n|\r|\n)/);
      await writeFile(
        input,
        lines
          .map((l, i) =>
            i === 2 * BAD || i === 2 * (BAD - 1)
              ? l
              : l
                  .replace(/SKYWALKER,(\r?)LUKE S/g, 'OTHER,$1PERSON')
                  .replace(/19600314/g, '19500101')
                  .replace(/1008675309/g, '1000000001')
                  .replace(/18675309/g, '10000001'),
          )
          .join(''),
      );
      // Stopped at the line, and skipping it; each engine in turn.
      const runs: [string, string[]][] = [
        [index % 2 ? 'wasm' : 'native', ['--verbose']],
        [index % 2 ? 'native' : 'wasm', ['--skip-bad-rows', '--verbose']],
      ];
      for (const [engine, args] of runs) {
        const out = path.join(dir, `out-${engine}-${args.length}`);
        const { code, stdout, stderr } = await cli(
          'run',
          `--input-doj=${input}`,
          '--county=SACRAMENTO',
          '--compute-at=2019-11-11',
          `--outputs=${out}`,
          `--engine=${engine}`,
          ...args,
        );
        const printed = `${stdout}\n${stderr}`;
        // Not vacuous: the run failed naming line 6, or skipped it.
        expect(printed).toMatch(args.includes('--skip-bad-rows') ? /skipped 1/ : /line 6/);
        expect(code).toBe(args.includes('--skip-bad-rows') ? 0 : 1);
        for (const secret of SECRETS) expect(printed).not.toContain(secret);
        await rm(out, { recursive: true, force: true });
      }
    });
  }
});

test("CLEARANCE_DEBUG's print of an unexpected DuckDB error keeps its class, line and frames only", () => {
  const duckdb = new Error(
    `Invalid Input Error: CSV Error on Line: 6\nOriginal Line: ${row}\nValue with unterminated quote found.`,
  );
  const logged = loggableError(duckdb);
  expect(logged.split('\n')[0]).toBe('Invalid Input Error on line 6');
  expect(logged).toMatch(/^\s+at /m); // where in the code: the point of the debug print
  for (const secret of ['SKYWALKER', '19600314', '1008675309', 'unterminated']) {
    expect(logged).not.toContain(secret);
  }
});
