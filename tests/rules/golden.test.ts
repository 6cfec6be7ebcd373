/**
 * Golden-folder rule tests: each folder under cases/ holds input rows and the expected result
 * columns side by side (README.md there explains the layout). Every column named in expected.csv
 * is compared on every row, so a case says exactly what it pins down and nothing more.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DojColumn } from '../../src/doj/columns';
import { parseCsv } from '../helpers/csv';
import { toDojFile } from '../helpers/doj-rows';
import { runEngine } from '../helpers/run-engine';

const CASES_DIR = path.join(import.meta.dirname, 'cases');
const FROM_DETERMINATIONS = [
  'Rule ID',
  'Needs Review',
  'Review Note',
  'Hold Reasons',
  'Court Case Number',
  'Level',
  'Relief Statute',
];
const IGNORED = ['why'];

interface CaseSpec {
  description: string;
  county: string;
  computeAt: string;
  options?: unknown;
  header?: boolean;
}

const caseNames = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('golden rule cases', () => {
  test('there are cases to run', () => {
    expect(caseNames.length).toBeGreaterThan(10);
  });

  test.each(caseNames)('%s', async (name) => {
    const dir = path.join(CASES_DIR, name);
    const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseSpec;
    const input = parseCsv(readFileSync(path.join(dir, 'input.csv'), 'utf8')) as Partial<
      Record<DojColumn, string>
    >[];
    const expected = parseCsv(readFileSync(path.join(dir, 'expected.csv'), 'utf8'));
    expect(expected.length, 'expected.csv needs one row per input row').toBe(input.length);

    const header = spec.header ?? true;
    const run = await runEngine({
      input: { text: toDojFile(input, header) },
      county: spec.county,
      computeAt: spec.computeAt,
      options: spec.options,
    });
    try {
      const all = parseCsv(await run.read('All_Results.csv'));
      const determinations = new Map(
        parseCsv(await run.read('Determinations.csv')).map((d) => [Number(d['Input Line']), d]),
      );
      const mismatches: string[] = [];
      expected.forEach((want, i) => {
        for (const [column, value] of Object.entries(want)) {
          if (IGNORED.includes(column)) continue;
          const got = FROM_DETERMINATIONS.includes(column)
            ? (determinations.get(i + 1 + (header ? 1 : 0))?.[column] ?? '')
            : all[i]?.[column];
          if (got === undefined)
            throw new Error(`${name}: unknown column "${column}" in expected.csv`);
          if (got !== value)
            mismatches.push(`row ${i + 1} "${column}": expected "${value}", got "${got}"`);
        }
      });
      expect(mismatches).toEqual([]);

      const summaryFile = path.join(dir, 'expected-summary.json');
      if (existsSync(summaryFile)) {
        expect(run.summary).toMatchObject(JSON.parse(readFileSync(summaryFile, 'utf8')));
      }
    } finally {
      await run.cleanup();
    }
  });
});
