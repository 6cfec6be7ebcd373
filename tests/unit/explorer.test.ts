import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBreakdown } from '../../src/engine/breakdown';
import type { Database } from '../../src/engine/database';
import {
  buildExplorer,
  personDetail,
  searchPeople,
  PAGE_SIZE,
  type PeopleFilter,
} from '../../src/engine/explorer';
import { parseEligibilityOptions } from '../../src/rules/prop64/options';
import { parseCsv } from '../helpers/csv';
import { openDecidedSession } from '../helpers/open-session';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const INPUT = path.join(FIXTURES, 'sacramento-handmade.input.csv');
const expected = async () =>
  parseCsv(await readFile(path.join(FIXTURES, 'sacramento-handmade.expected.csv'), 'utf8'));

/** A row's OFN as a court case number: trimmed, and none for the DOJ's ways of writing none. */
const ownCaseNumber = (ofn = '') =>
  /^([\s\-_.#X]*|NULL|N\/?A|NONE|UNKNOWN)$/.test(ofn.trim().toUpperCase()) ? '' : ofn.trim();

/** The expected file's Prop 64 rows in the county: the ones with a determination column filled. */
const reviewed = (rows: Record<string, string>[]) =>
  rows.filter((r) => r['# of Prop 64 convictions'] !== '');

describe('results explorer and breakdown (hand-made Sacramento fixture)', () => {
  let db: Database;

  beforeAll(async () => {
    const options = parseEligibilityOptions(
      JSON.parse(await readFile(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8')),
    );
    ({ db } = await openDecidedSession(INPUT, {
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options,
    }));
    await buildExplorer(db);
  });
  afterAll(() => db.close());

  it('lists each person with a Prop 64 conviction in the county once, with their counts', async () => {
    const rows = reviewed(await expected());
    const page = await searchPeople(db, '', 0);
    const subjects = new Set(rows.map((r) => r.SUBJECT_ID?.trim()));
    expect(page.total).toBe(subjects.size);
    for (const person of page.people) {
      const mine = rows.filter((r) => r.SUBJECT_ID?.trim() === person.subjectId);
      expect(person.convictions).toBe(mine.length);
      const count = (d: string) => mine.filter((r) => r['Eligibility Determination'] === d).length;
      expect(person.dismissed).toBe(count('Eligible for Dismissal'));
      expect(person.reduced).toBe(count('Eligible for Reduction'));
      expect(person.noRelief).toBe(count(''));
    }
  });

  it('finds people by any word of name, CII number or case number', async () => {
    const all = (await searchPeople(db, '', 0)).people;
    const someone = all.find((p) => p.caseNumbers !== '');
    expect(someone).toBeDefined();
    if (!someone) return;
    const lastName = someone.name.split(',')[0] ?? '';
    expect((await searchPeople(db, lastName.toLowerCase(), 0)).people).toContainEqual(someone);
    const caseNumber = someone.caseNumbers.split('; ')[0] ?? '';
    expect((await searchPeople(db, caseNumber, 0)).people).toContainEqual(someone);
    // Every word must match: a name and that person's case number find exactly them.
    expect((await searchPeople(db, `${lastName} ${caseNumber}`, 0)).people).toEqual([someone]);
    expect((await searchPeople(db, 'zzzz-nobody', 0)).total).toBe(0);
    // Input that would be SQL if it were concatenated is only ever a search value.
    expect((await searchPeople(db, "' OR 1=1 --", 0)).total).toBe(0);
  });

  it('shows only the people a filter picks: a determination, a flag, a hold reason', async () => {
    const all = await expected();
    const rows = reviewed(all);
    const everyone = async (filter: Parameters<typeof searchPeople>[3]) => {
      const found: string[] = [];
      for (let page = 0; ; page++) {
        const got = await searchPeople(db, '', page, filter);
        found.push(...got.people.map((p) => p.subjectId));
        if (got.people.length < PAGE_SIZE) return found.sort();
      }
    };
    const subjectsWhere = (
      list: Record<string, string>[],
      test: (r: Record<string, string>) => boolean,
    ) => [...new Set(list.filter(test).map((r) => r.SUBJECT_ID?.trim() ?? ''))].sort();
    const filled = (v: string | undefined) => v !== undefined && v !== '' && v !== '-';
    type Row = Record<string, string>;
    const cases: [PeopleFilter, (r: Row) => boolean][] = [
      [
        'determination:dismissed',
        (r) => r['Eligibility Determination'] === 'Eligible for Dismissal',
      ],
      ['determination:reduced', (r) => r['Eligibility Determination'] === 'Eligible for Reduction'],
      ['determination:noRelief', (r) => r['Eligibility Determination'] === ''],
      ['flag:superstrike', (r) => filled(r['Superstrike Code Section(s)'])],
      [
        'flag:pc290',
        (r) => filled(r['PC290 Code Section(s)']) || r['PC290 Registration'] === 'Yes',
      ],
    ];
    for (const [filter, test] of cases) {
      const want = subjectsWhere(rows, test);
      expect(await everyone(filter), filter).toEqual(want);
    }
    expect(cases.some(([filter]) => filter.startsWith('flag:'))).toBe(true);
    // Possible other Prop 64 charges: on any row of the person's record, relevant or not.
    const withOther = new Set(subjectsWhere(all, (r) => filled(r['Possible Other P64 Charges'])));
    expect(await everyone('flag:possibleOtherProp64')).toEqual(
      subjectsWhere(rows, (r) => withOther.has(r.SUBJECT_ID?.trim() ?? '')),
    );
    // Held for a reason: the people with a conviction held for it.
    const holds = await db.query<{ code: string; subject_id: string }>(
      `SELECT DISTINCT code, subject_id FROM (
         SELECT unnest(h.hold_codes) AS code, rc.subject_id AS subject_id
         FROM relevant_convictions rc JOIN conviction_holds h USING (row_idx))`,
    );
    const codes = [...new Set(holds.map((h) => h.code))];
    expect(codes.length).toBeGreaterThan(1);
    for (const code of codes) {
      expect(await everyone(`hold:${code}`), code).toEqual(
        holds
          .filter((h) => h.code === code)
          .map((h) => h.subject_id)
          .sort(),
      );
    }
  });

  it('pages through the list', async () => {
    const first = await searchPeople(db, '', 0);
    const beyond = await searchPeople(db, '', Math.ceil(first.total / PAGE_SIZE));
    expect(beyond.people).toEqual([]);
    expect(beyond.total).toBe(first.total);
  });

  it("shows a person's convictions with the determinations and reasons of the output", async () => {
    const rows = reviewed(await expected());
    for (const person of (await searchPeople(db, '', 0)).people) {
      const detail = await personDetail(db, person.subjectId);
      const mine = rows.filter((r) => r.SUBJECT_ID?.trim() === person.subjectId);
      expect(detail?.convictionList.map((c) => [c.determination, c.reason])).toEqual(
        mine.map((r) => [r['Eligibility Determination'] || 'No relief', r['Eligibility Reason']]),
      );
      // Each conviction's own court case number (its row's OFN), no placeholder.
      expect(detail?.convictionList.map((c) => c.caseNumber)).toEqual(
        mine.map((r) => ownCaseNumber(r.OFN)),
      );
    }
    expect(await personDetail(db, 'no-such-person')).toBeNull();
  });

  it('counts by section, reason and flag agree with the expected output', async () => {
    const rows = reviewed(await expected());
    const breakdown = await readBreakdown(db);
    const total = breakdown.bySection.reduce((n, s) => n + s.convictions, 0);
    expect(total).toBe(rows.length);
    const dismissed = breakdown.bySection.reduce((n, s) => n + s.dismissed, 0);
    expect(dismissed).toBe(
      rows.filter((r) => r['Eligibility Determination'] === 'Eligible for Dismissal').length,
    );
    const reasons = breakdown.byReason.reduce((n, r) => n + r.convictions, 0);
    expect(reasons).toBe(rows.filter((r) => r['Eligibility Determination'] !== '').length);
    expect(breakdown.flags.superstrike).toBe(
      rows.filter((r) => !['', '-'].includes(r['Superstrike Code Section(s)'] ?? '')).length,
    );
    const all = await expected();
    expect(breakdown.flags.possibleOtherProp64).toBe(
      all.filter((r) => r['Possible Other P64 Charges'] !== '').length,
    );
  });
});
