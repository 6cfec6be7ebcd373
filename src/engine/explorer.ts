import type { Database } from './database';

/**
 * The results explorer: the people of the county's review, searchable by name, CII number or court
 * case number, and each person's Prop 64 convictions with the determination the rules gave them.
 * These are read-only views over the rule pack's tables; nothing here decides anything.
 */
export interface PersonSummary {
  subjectId: string;
  name: string;
  cii: string;
  dob: string;
  caseNumbers: string;
  convictions: number;
  dismissed: number;
  reduced: number;
  noRelief: number;
  needsReview: number;
}

export interface PersonPage {
  /** People matching the search, over all pages. */
  total: number;
  offset: number;
  people: PersonSummary[];
}

export interface ConvictionDetail {
  /** The row's position in the extract (0-based, header excluded): the key of its explanation. */
  rowIdx: number;
  /** Its line number in the input file, as Determinations.csv gives it. */
  inputLine: string;
  date: string;
  codeSection: string;
  section: string;
  felony: boolean;
  caseNumber: string;
  determination: string;
  reason: string;
  ruleId: string;
  reviewNote: string;
}

export interface PersonDetail extends PersonSummary {
  deceased: boolean;
  superstrikes: string;
  pc290Sections: string;
  pc290Registrant: boolean;
  otherConvictions: number;
  convictionList: ConvictionDetail[];
}

export const PAGE_SIZE = 25;

/** Built once per decision, so paging and searching stay instant on a million-row extract. */
const EXPLORER_SQL = `
CREATE OR REPLACE TABLE explorer_convictions AS
SELECT
  rc.row_idx, rc.subject_id,
  coalesce(strftime(rc.disposition_date, '%Y-%m-%d'), '') AS date,
  rc.code_section, rc.prop64_section AS section, rc.is_felony AS felony,
  -- The conviction's own court case number, as the papers file it (25_holds.sql): not the
  -- output's step-level "Case Number", which joins a step's numbers with DOJ placeholders
  -- ("NULL ; 22F68143").
  coalesce(filing_case_number(rc.ofn), '') AS case_number,
  coalesce(d.determination, 'No relief') AS determination,
  coalesce(d.reason, '') AS reason,
  coalesce(d.rule_id, '') AS rule_id,
  coalesce(d.review_note, '') AS review_note,
  dr."Input Line" AS input_line
FROM relevant_convictions rc
JOIN determinations d USING (row_idx)
JOIN determination_report dr USING (row_idx);

CREATE OR REPLACE TABLE explorer_people AS
SELECT
  s.subject_id AS subject_id,
  coalesce(trim(s.name), '') AS name,
  coalesce(trim(s.cii_number), '') AS cii,
  coalesce(trim(s.dob_text), '') AS dob,
  string_agg(DISTINCT nullif(c.case_number, ''), '; ') AS case_numbers,
  count(*) AS convictions,
  count_if(c.determination = 'Eligible for Dismissal')::BIGINT AS dismissed,
  count_if(c.determination = 'Eligible for Reduction')::BIGINT AS reduced,
  count_if(c.determination = 'No relief')::BIGINT AS no_relief,
  count_if(c.review_note <> '')::BIGINT AS needs_review,
  -- What the Show filter reads: the attorney's flags and the reasons a conviction is held.
  any_value(s.superstrike_sections IS NOT NULL) AS has_superstrike,
  any_value(s.pc290_sections IS NOT NULL OR coalesce(s.is_pc290_registrant, false)) AS has_pc290,
  any_value(s.subject_id IN (SELECT rf.subject_id FROM possible_other_p64 p
                             JOIN row_facts rf USING (row_idx))) AS has_possible_other_p64,
  list_distinct(flatten(list(h.hold_codes))) AS hold_codes,
  -- One lower-case haystack per person, so a search is a single contains() per row.
  lower(concat_ws(' ', s.name, s.cii_number, string_agg(c.case_number, ' '))) AS haystack
FROM explorer_convictions c
JOIN subjects s USING (subject_id)
JOIN conviction_holds h USING (row_idx)
GROUP BY s.subject_id, s.name, s.cii_number, s.dob_text
ORDER BY name, subject_id;
`;

export async function buildExplorer(db: Database): Promise<void> {
  await db.exec(EXPLORER_SQL);
}

type PersonRecord = {
  subject_id: string;
  name: string;
  cii: string;
  dob: string;
  case_numbers: string | null;
  convictions: number;
  dismissed: number;
  reduced: number;
  no_relief: number;
  needs_review: number;
};

const PERSON_COLUMNS =
  'subject_id, name, cii, dob, case_numbers, convictions, dismissed, reduced, no_relief, needs_review';

function toSummary(r: PersonRecord): PersonSummary {
  return {
    subjectId: r.subject_id,
    name: r.name,
    cii: r.cii,
    dob: r.dob,
    caseNumbers: r.case_numbers ?? '',
    convictions: Number(r.convictions),
    dismissed: Number(r.dismissed),
    reduced: Number(r.reduced),
    noRelief: Number(r.no_relief),
    needsReview: Number(r.needs_review),
  };
}

/**
 * Which people the explorer shows besides the search: those with a conviction of one
 * determination, those carrying one of the attorney's flags, or those with a conviction held for
 * one reason (a hold code of 25_holds.sql), e.g. "determination:reduced", "flag:superstrike",
 * "hold:case-number".
 */
export type PeopleFilter =
  | `determination:${'dismissed' | 'reduced' | 'noRelief' | 'needsReview'}`
  | `flag:${'superstrike' | 'pc290' | 'possibleOtherProp64'}`
  | `hold:${string}`;

const FILTER_SQL: Readonly<Record<string, string>> = {
  'determination:dismissed': 'dismissed > 0',
  'determination:reduced': 'reduced > 0',
  'determination:noRelief': 'no_relief > 0',
  'determination:needsReview': 'needs_review > 0',
  'flag:superstrike': 'has_superstrike',
  'flag:pc290': 'has_pc290',
  'flag:possibleOtherProp64': 'has_possible_other_p64',
};

/**
 * Names, CII numbers and case numbers containing every word of `search` (case-insensitive), among
 * the people `filter` picks.
 */
export async function searchPeople(
  db: Database,
  search: string,
  page: number,
  filter?: PeopleFilter,
): Promise<PersonPage> {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const conditions = words.map(() => 'contains(haystack, ?)');
  const params: string[] = [...words];
  if (filter?.startsWith('hold:')) {
    conditions.push('list_contains(hold_codes, ?)');
    params.push(filter.slice('hold:'.length));
  } else if (filter) {
    const condition = FILTER_SQL[filter];
    if (!condition) throw new Error(`No such filter: ${filter}`);
    conditions.push(condition);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const offset = Math.max(0, Math.floor(page)) * PAGE_SIZE;
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM explorer_people ${where}`,
    params,
  );
  const rows = await db.query<PersonRecord>(
    `SELECT ${PERSON_COLUMNS} FROM explorer_people ${where}
     ORDER BY name, subject_id LIMIT ${PAGE_SIZE} OFFSET ${offset}`,
    params,
  );
  return { total: Number(count?.n ?? 0), offset, people: rows.map(toSummary) };
}

/** One person: every Prop 64 conviction in the county with its determination and reason. */
export async function personDetail(db: Database, subjectId: string): Promise<PersonDetail | null> {
  const [person] = await db.query<
    PersonRecord & {
      is_deceased: boolean;
      superstrike_sections: string | null;
      pc290_sections: string | null;
      is_pc290_registrant: boolean;
      conviction_count: number;
    }
  >(
    `SELECT p.subject_id, p.name, p.cii, p.dob, p.case_numbers, p.convictions, p.dismissed,
       p.reduced, p.no_relief, p.needs_review, s.is_deceased, s.superstrike_sections,
       s.pc290_sections, s.is_pc290_registrant, s.conviction_count
     FROM explorer_people p JOIN subjects s USING (subject_id) WHERE p.subject_id = ?`,
    [subjectId],
  );
  if (!person) return null;
  const convictions = await db.query<{
    row_idx: number;
    input_line: string;
    date: string;
    code_section: string;
    section: string;
    felony: boolean;
    case_number: string;
    determination: string;
    reason: string;
    rule_id: string;
    review_note: string;
  }>(
    `SELECT row_idx, input_line, date, code_section, section, felony, case_number, determination,
       reason, rule_id, review_note
     FROM explorer_convictions WHERE subject_id = ? ORDER BY row_idx`,
    [subjectId],
  );
  return {
    ...toSummary(person),
    deceased: Boolean(person.is_deceased),
    superstrikes: person.superstrike_sections ?? '',
    pc290Sections: person.pc290_sections ?? '',
    pc290Registrant: Boolean(person.is_pc290_registrant),
    otherConvictions: Number(person.conviction_count) - Number(person.convictions),
    convictionList: convictions.map((c) => ({
      rowIdx: Number(c.row_idx),
      inputLine: c.input_line,
      date: c.date,
      codeSection: c.code_section,
      section: c.section,
      felony: Boolean(c.felony),
      caseNumber: c.case_number,
      determination: c.determination,
      reason: c.reason,
      ruleId: c.rule_id,
      reviewNote: c.review_note,
    })),
  };
}
