/**
 * The hand-made Sacramento fixture: input and the earlier tooling's expected output. Every value
 * of the 18 result columns must match on every row; the whole file is byte-identical too, since
 * the CSV writer follows the earlier tooling's quoting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESULT_COLUMNS } from '../../src/doj/columns';
import { parseCsv } from '../helpers/csv';
import { FIXTURES, runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

const fixture = (name: string) => path.join(FIXTURES, name);
const expectedText = readFileSync(fixture('sacramento-handmade.expected.csv'), 'utf8');
const expected = parseCsv(expectedText);

describe.each(['wasm', 'native'] as const)('sacramento-handmade on the %s engine', (engine) => {
  let run: EngineRun;
  beforeAll(async () => {
    run = await runSacramentoFixture(engine);
  });
  afterAll(() => run.cleanup());

  test('every value of the 18 result columns matches, row by row', async () => {
    const got = parseCsv(await run.read('All_Results.csv'));
    expect(got).toHaveLength(expected.length);
    const mismatches: string[] = [];
    expected.forEach((want, i) => {
      for (const column of RESULT_COLUMNS) {
        if (got[i]?.[column] !== want[column]) {
          mismatches.push(
            `row ${i + 1} ${column}: expected "${want[column]}", got "${got[i]?.[column]}"`,
          );
        }
      }
    });
    expect(mismatches).toEqual([]);
    // Not vacuous: the fixture has 18 determinations.
    expect(got.filter((r) => r['Eligibility Determination'] !== '')).toHaveLength(18);
  });

  test('All_Results.csv is byte-identical to the expected file', async () => {
    expect(await run.read('All_Results.csv')).toBe(expectedText);
  });

  test('Prop64_Results.csv holds exactly the rows with a determination, all columns', async () => {
    const prop64 = parseCsv(await run.read('Prop64_Results.csv'));
    const withDetermination = expected.filter((r) => r['Eligibility Determination'] !== '');
    expect(prop64).toEqual(withDetermination);
  });

  test('All_Results_Condensed.csv has the 20 condensed columns then the 18', async () => {
    const [header] = (await run.read('All_Results_Condensed.csv')).split('\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['CII_NUMBER', 'PRI_NAME', 'GENDER']);
    const condensed = parseCsv(await run.read('All_Results_Condensed.csv'));
    expect(Object.keys(condensed[0] ?? {})).toHaveLength(38);
    expect(condensed.map((r) => r['Eligibility Reason'])).toEqual(
      expected.map((r) => r['Eligibility Reason']),
    );
    expect(condensed.map((r) => r.PRI_NAME)).toEqual(expected.map((r) => r.PRI_NAME));
  });

  test('summary.json carries the spec keys with the fixture counts', () => {
    expect(run.summary).toMatchObject({
      county: 'SACRAMENTO',
      lineCount: 38,
      earliestConviction: '1979-06-01T00:00:00Z',
      prop64ConvictionsCountInCounty: 18,
      subjectsWithProp64ConvictionCountInCounty: 12,
      convictionReductionCountByCodeSection: { '11359': 1, '11360': 0 },
    });
    expect(typeof run.summary.prop64FelonyConvictionsCountInCounty).toBe('number');
  });

  test('manifest.json records the inputs, rules and options', () => {
    const m = run.manifest;
    expect(m.inputs[0]).toMatchObject({
      name: 'sacramento-handmade.input.csv',
      rowCount: 38,
      hasHeader: true,
    });
    expect(m.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.rulePack.files.length).toBeGreaterThan(10);
    expect(m.county).toBe('SACRAMENTO');
    expect(m.computeAt).toBe('2019-11-11');
    expect(m.determinations).toEqual({ dismissal: 17, reduction: 1, none: 0, needsReview: 0 });
  });
});
