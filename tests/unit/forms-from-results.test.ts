/**
 * peopleFromProp64Results on a real run of the hand-made Sacramento fixture. What each person and
 * conviction should be is computed from the fixture's expected CSV (the earlier tooling's
 * output), never hard-coded, so the test follows the fixture.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { peopleFromProp64Results, readProp64Results } from '../../src/forms/from-results';
import { flagCountsFromResults } from '../../src/forms/summary-report';
import type { FormPerson } from '../../src/forms/model';
import { parseCsvLine } from '../../src/doj/csv-line';
import { parseCsv } from '../helpers/csv';
import { FIXTURES, runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

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
  run = await runSacramentoFixture();
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
      /line 3: has 114 fields; the header has 113/,
    );
  });

  test('a broken quote is reported with its line', () => {
    const lines = csvText.trimEnd().split('\n');
    const last = lines.length - 1;
    lines[last] = `${lines[last]},"unclosed`;
    expect(() => peopleFromProp64Results(lines.join('\n'))).toThrow(
      new RegExp(`line ${last + 1}: quoted field is never closed`),
    );
  });

  test('a quote opened and never closed takes the lines after it into its record', () => {
    const lines = csvText.trimEnd().split('\n');
    lines[1] = `${lines[1]},"unclosed`;
    // Where the quote ends is a guess, so the record it starts is refused, at its first line.
    expect(() => peopleFromProp64Results(lines.join('\n'))).toThrow(/Prop64_Results.csv, line 2: /);
  });

  test('a file without the results header is refused', () => {
    const body = csvText.split('\n').slice(1).join('\n');
    expect(() => peopleFromProp64Results(body)).toThrow(/not the results header/);
  });

  test('a header-only file has nobody', () => {
    expect(peopleFromProp64Results(csvText.split('\n')[0]!)).toEqual([]);
  });
});

/** The text cut into pieces of `size` characters: where a file read in chunks may be split. */
function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** The Sacramento run with its first person's name replaced; that person's rows quote every field. */
function withFirstName(name: string): string {
  const [header, ...rows] = csvText.trimEnd().split('\n');
  const columns = parseCsvLine(header!);
  const column = columns.indexOf('PRI_NAME');
  const id = columns.indexOf('SUBJECT_ID');
  const firstId = people[0]!.subjectId;
  const edited = rows.map((row) => {
    const fields = parseCsvLine(row);
    if (fields[id]!.trim() !== firstId) return row;
    fields[column] = name;
    return fields.map(quoted).join(',');
  });
  return [header, ...edited].join('\n');
}

describe('readProp64Results, streamed', () => {
  test('reads the same people and flags whatever the chunks, with a BOM and CRLF', async () => {
    const edited = `\uFEFF${csvText.replaceAll('\n', '\r\n')}`;
    for (const size of [1, 7, 4096, edited.length]) {
      const read = await readProp64Results(chunksOf(edited, size));
      expect(read.people).toEqual(people);
      expect(read.flags).toEqual(flagCountsFromResults(csvText));
    }
  });

  test('a quoted line break, comma and doubled quotes stay inside the name', async () => {
    const name = 'SMITH,\r\nJOHN "JACK"\nJR';
    const text = withFirstName(name);
    for (const size of [1, 3, text.length]) {
      const read = await readProp64Results(chunksOf(text, size));
      expect(read.people.map((p) => p.subjectId)).toEqual(people.map((p) => p.subjectId));
      expect(read.people[0]!.name).toBe(name);
      expect(read.people.slice(1)).toEqual(people.slice(1));
    }
    expect(peopleFromProp64Results(text)[0]!.name).toBe(name);
  });

  test('a field of nothing but quotes reads as its quotes', async () => {
    const read = await readProp64Results([withFirstName('""')]);
    expect(read.people[0]!.name).toBe('""');
  });

  test('a line after a quoted line break is counted as an editor counts it', () => {
    const lines = withFirstName('A\nB').trimEnd().split('\n');
    // The first person's records each take two lines; break the file's last line.
    const broken = lines.length - 1;
    lines[broken] = `${lines[broken]},"unclosed`;
    expect(() => peopleFromProp64Results(lines.join('\n'))).toThrow(
      new RegExp(`line ${broken + 1}: quoted field is never closed`),
    );
  });

  test('an empty file is refused, naming the file', async () => {
    await expect(readProp64Results([''])).rejects.toThrow(/Prop64_Results.csv.*empty/);
  });
});
