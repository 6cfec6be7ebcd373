/**
 * peopleFromProp64Results on a real run of the hand-made Sacramento fixture. What each person and
 * conviction should be is computed from the fixture's expected CSV (the earlier tooling's
 * output), never hard-coded, so the test follows the fixture.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { peopleFromProp64Results } from '../../src/forms/from-results';
import type { FormPerson } from '../../src/forms/model';
import { parseCsv } from '../helpers/csv';
import { FIXTURES, runEngine, type EngineRun } from '../helpers/run-engine';

const fixture = (name: string) => path.join(FIXTURES, name);
const expectedRows = parseCsv(
  readFileSync(fixture('sacramento-handmade.expected.csv'), 'utf8'),
).filter((r) => r['Eligibility Determination'] !== '');

/** The rules' charge: COMMENT_TEXT when OFFENSE_DESCR only points at it; text before a dash. */
function codeSectionOf(row: Record<string, string>): string {
  const offense = row.OFFENSE_DESCR!.trim();
  const charge =
    offense === '' || offense === 'SEE COMMENT FOR CHARGE' ? row.COMMENT_TEXT! : offense;
  return charge.split('-')[0]!.trim();
}

function isFelony(row: Record<string, string>): boolean {
  const status = row.CONV_STAT_DESCR!.trim();
  return status === 'FELONY' || (status === '' && row.OFFENSE_TOC!.trim() === 'F');
}

const RELIEF: Record<string, string | null> = {
  'Eligible for Dismissal': 'dismiss',
  'Eligible for Reduction': 'reduce',
};

/** One key per conviction row, as the rows say it, to compare multisets. */
function rowKey(row: Record<string, string>): string {
  return JSON.stringify([
    row['Date of Conviction'],
    codeSectionOf(row),
    isFelony(row),
    RELIEF[row['Eligibility Determination']!] ?? null,
    row['Eligibility Reason'],
  ]);
}

/** The same key from a person's merged convictions, expanded back to one per count. */
function convictionKeys(person: FormPerson): string[] {
  return person.convictions.flatMap((c) =>
    Array<string>(c.counts).fill(
      JSON.stringify([c.date, c.codeSection, c.felony, c.relief, c.reason]),
    ),
  );
}

let run: EngineRun;
let csvText: string;
let people: FormPerson[];

beforeAll(async () => {
  run = await runEngine({
    input: fixture('sacramento-handmade.input.csv'),
    county: 'SACRAMENTO',
    computeAt: '2019-11-11',
    options: JSON.parse(readFileSync(fixture('sacramento-handmade.options.json'), 'utf8')),
  });
  csvText = await run.read('Prop64_Results.csv');
  people = peopleFromProp64Results(csvText);
});
afterAll(() => run.cleanup());

describe('peopleFromProp64Results on the Sacramento run', () => {
  test('one person per SUBJECT_ID, in order of first appearance', () => {
    const ids = [...new Set(expectedRows.map((r) => r.SUBJECT_ID!.trim()))];
    expect(ids.length).toBeGreaterThan(1);
    expect(people.map((p) => p.subjectId)).toEqual(ids);
  });

  test("name, date of birth, CII and case numbers come from the person's rows", () => {
    for (const person of people) {
      const rows = expectedRows.filter((r) => r.SUBJECT_ID!.trim() === person.subjectId);
      const first = rows[0]!;
      expect(person.name).toBe(first.PRI_NAME!.trim());
      expect(person.cii).toBe(first.CII_NUMBER!.trim());
      const dob = first.PRI_DOB!;
      expect(person.dob).toBe(`${dob.slice(4, 6)}/${dob.slice(6, 8)}/${dob.slice(0, 4)}`);
      const cases = rows.flatMap((r) => r['Case Number']!.split('; ').map((s) => s.trim()));
      expect(person.caseNumbers).toEqual([...new Set(cases.filter((s) => s !== ''))]);
    }
  });

  test('every conviction row is there once per count, with its section, felony mark and relief', () => {
    for (const person of people) {
      const rows = expectedRows.filter((r) => r.SUBJECT_ID!.trim() === person.subjectId);
      expect(convictionKeys(person).sort()).toEqual(rows.map(rowKey).sort());
      for (const c of person.convictions) {
        expect(c.codeSection).toContain(c.section);
        expect(['11357', '11358', '11359', '11360']).toContain(c.section);
        expect(c.determination).toMatch(/^Eligible for (Dismissal|Reduction)$/);
      }
    }
    const total = people.reduce((n, p) => n + convictionKeys(p).length, 0);
    expect(total).toBe(expectedRows.length);
  });

  test('a charge written in COMMENT_TEXT takes its code section from the comment', () => {
    const inComment = expectedRows.filter(
      (r) => r.OFFENSE_DESCR!.trim() === 'SEE COMMENT FOR CHARGE',
    );
    expect(inComment.length).toBeGreaterThan(0);
    for (const row of inComment) {
      const person = people.find((p) => p.subjectId === row.SUBJECT_ID!.trim())!;
      const sections = person.convictions.map((c) => c.codeSection);
      expect(sections).toContain(row.COMMENT_TEXT!.split('-')[0]!.trim());
    }
  });

  test('the reduced conviction carries relief "reduce"', () => {
    const reduced = expectedRows.filter(
      (r) => r['Eligibility Determination'] === 'Eligible for Reduction',
    );
    const found = people.flatMap((p) => p.convictions).filter((c) => c.relief === 'reduce');
    expect(found.reduce((n, c) => n + c.counts, 0)).toBe(reduced.length);
  });
});

describe('peopleFromProp64Results on edited files', () => {
  test('a byte-order mark and CRLF line endings read the same', () => {
    const edited = `\uFEFF${csvText.replaceAll('\n', '\r\n')}`;
    expect(peopleFromProp64Results(edited)).toEqual(people);
  });

  test('identical rows become one conviction with a count', () => {
    const [header, first, ...rest] = csvText.trimEnd().split('\n');
    const doubled = [header, first, first, first, ...rest].join('\n');
    const again = peopleFromProp64Results(doubled);
    const before = people[0]!.convictions[0]!;
    const after = again[0]!.convictions[0]!;
    expect(after).toEqual({ ...before, counts: before.counts + 2 });
    expect(again[0]!.convictions).toHaveLength(people[0]!.convictions.length);
  });

  test('a line with the wrong number of fields is named', () => {
    const lines = csvText.trimEnd().split('\n');
    lines[2] = `${lines[2]},extra`;
    expect(() => peopleFromProp64Results(lines.join('\n'))).toThrow(
      /line 3 has 114 fields; the header has 113/,
    );
  });

  test('a broken quote is reported with its line', () => {
    const lines = csvText.trimEnd().split('\n');
    lines[1] = `${lines[1]},"unclosed`;
    expect(() => peopleFromProp64Results(lines.join('\n'))).toThrow(
      /line 2: quoted field is never closed/,
    );
  });

  test('a file without the results header is refused', () => {
    const body = csvText.split('\n').slice(1).join('\n');
    expect(() => peopleFromProp64Results(body)).toThrow(/not the results header/);
  });

  test('a header-only file has nobody', () => {
    expect(peopleFromProp64Results(csvText.split('\n')[0]!)).toEqual([]);
  });
});
