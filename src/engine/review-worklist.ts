import { reviewDecisionSchema, type Decision, type ReviewDecision } from '../filing/review-file';
import type { Database, Row, SqlValue } from './database';

/**
 * The reviewing attorney's worklist in the browser: every conviction with a determination, its
 * filing decision as 50_filing.sql chose it (the attorney's, or the default), and the attorney's
 * changes written into review_decisions, the same table a review file fills. The caller runs
 * 50_filing.sql again after each change (EngineSession.refile), so what the list shows is what the
 * papers will say.
 */

/** Where a conviction stands for the papers: held also covers a grant with no case number to file under. */
export type FilingStatus = Decision;

export interface WorklistFilter {
  status?: FilingStatus;
  /** A hold code of 25_holds.sql ('superstrike', 'needs-review', ...). */
  holdCode?: string;
  /** 11357, 11358, 11359 or 11360. */
  section?: string;
  /** Part of a name, CII number or court case number (any case). */
  search?: string;
}

export interface WorklistRow {
  line: number;
  /** For the explanation ("Why?"): the row the rules decided. */
  rowIdx: number;
  name: string;
  dob: string;
  cii: string;
  /** '' when missing or a placeholder (such a conviction is held). */
  caseNumber: string;
  codeSection: string;
  date: string;
  level: string;
  determination: string;
  reason: string;
  /** Why it is held, one reason each ([] when it is not). */
  holdReasons: string[];
  holdCodes: string[];
  status: FilingStatus;
  decision: Decision;
  ground: string;
  note: string;
  /** YYYY-MM-DD when the attorney decided; '' for a default. */
  decidedOn: string;
  byAttorney: boolean;
}

export interface WorklistOverview {
  total: number;
  /** Convictions by where they stand: granted (filed), challenged, held. */
  grant: number;
  challenge: number;
  hold: number;
  byAttorney: number;
  /** Convictions carrying each hold reason, whatever was decided for them. */
  holdCodes: { code: string; count: number }[];
  sections: { section: string; count: number }[];
}

/** The hold reasons of 25_holds.sql in the words a filter or bulk action uses. */
export const HOLD_LABELS: Readonly<Record<string, string>> = {
  'needs-review': 'Needs review (a date is unknown or impossible)',
  superstrike: 'Superstrike on record',
  pc290: 'PC 290 on record',
  deceased: 'Recorded as deceased',
  'after-prop64': 'Disposition after 11/9/2016',
  'after-review-date': 'Conviction after the review date',
  'case-number': 'No usable court case number',
};

const WORKLIST_SQL = `SELECT
    f.input_line::BIGINT                                    AS line,
    dr.row_idx::BIGINT                                      AS "rowIdx",
    f."Name"                                                AS name,
    f."Date of Birth"                                       AS dob,
    f."CII Number"                                          AS cii,
    coalesce(f.court_case_number, '')                       AS "caseNumber",
    coalesce(f."Code Section", '')                          AS "codeSection",
    coalesce(f."Date of Conviction", '')                    AS date,
    f."Level"                                               AS level,
    coalesce(f.determination, '')                           AS determination,
    coalesce(dr."Eligibility Reason", '')                   AS reason,
    h.hold_reason_list                                      AS "holdReasons",
    h.hold_codes                                            AS "holdCodes",
    CASE WHEN f.decision = 'hold' OR (f.decision = 'grant' AND f.court_case_number IS NULL)
         THEN 'hold' ELSE f.decision END                    AS status,
    f.decision                                              AS decision,
    coalesce(f.ground, '')                                  AS ground,
    coalesce(f.note, '')                                    AS note,
    coalesce(strftime(f.decided_on, '%Y-%m-%d'), '')        AS "decidedOn",
    f.decided_by_attorney                                   AS "byAttorney",
    regexp_extract(coalesce(f."Code Section", ''), '1135[789]|11360') AS section
  FROM filing_rows f
  JOIN determination_report dr ON dr."Input Line"::BIGINT = f.input_line
  JOIN conviction_holds h ON h.row_idx = dr.row_idx`;

/** The filter as a WHERE clause over WORKLIST_SQL's columns, values as parameters. */
function where(filter: WorklistFilter): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (filter.status) {
    parts.push('status = ?');
    params.push(filter.status);
  }
  if (filter.holdCode) {
    parts.push('list_contains("holdCodes", ?)');
    params.push(filter.holdCode);
  }
  if (filter.section) {
    parts.push('section = ?');
    params.push(filter.section);
  }
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    // contains() takes the text literally: a % or _ typed in the box matches itself.
    parts.push(
      '(contains(lower(name), ?) OR contains(lower(cii), ?) OR contains(lower("caseNumber"), ?))',
    );
    params.push(search, search, search);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export async function worklistOverview(db: Database): Promise<WorklistOverview> {
  const [totals] = await db.query<Record<string, number>>(
    `SELECT count(*)::INTEGER AS total,
       count_if(status = 'grant')::INTEGER AS "grant",
       count_if(status = 'challenge')::INTEGER AS challenge,
       count_if(status = 'hold')::INTEGER AS hold,
       count_if("byAttorney")::INTEGER AS "byAttorney"
     FROM (${WORKLIST_SQL})`,
  );
  const holdCodes = await db.query<{ code: string; count: number }>(
    `SELECT code, count(*)::INTEGER AS count
     FROM (SELECT unnest("holdCodes") AS code FROM (${WORKLIST_SQL}))
     GROUP BY code ORDER BY count DESC, code`,
  );
  const sections = await db.query<{ section: string; count: number }>(
    `SELECT section, count(*)::INTEGER AS count FROM (${WORKLIST_SQL})
     WHERE section <> '' GROUP BY section ORDER BY section`,
  );
  return {
    total: totals?.total ?? 0,
    grant: totals?.grant ?? 0,
    challenge: totals?.challenge ?? 0,
    hold: totals?.hold ?? 0,
    byAttorney: totals?.byAttorney ?? 0,
    holdCodes,
    sections,
  };
}

/** One page of the worklist: held convictions first, then in input order. */
export async function worklistPage(
  db: Database,
  filter: WorklistFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: WorklistRow[]; total: number }> {
  const { sql, params } = where(filter);
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM (${WORKLIST_SQL}) ${sql}`,
    params,
  );
  const rows = await db.query<
    Omit<WorklistRow, 'holdCodes' | 'holdReasons'> & {
      holdCodes: unknown;
      holdReasons: unknown;
    } & Row
  >(
    `SELECT * EXCLUDE (section) FROM (${WORKLIST_SQL}) ${sql}
     ORDER BY status = 'hold' DESC, line LIMIT ? OFFSET ?`,
    [...params, pageSize, Math.max(0, page) * pageSize],
  );
  return {
    total: count?.n ?? 0,
    rows: rows.map((r) => ({
      ...r,
      line: Number(r.line),
      rowIdx: Number(r.rowIdx),
      holdCodes: Array.from((r.holdCodes as ArrayLike<string> | null) ?? []),
      holdReasons: Array.from((r.holdReasons as ArrayLike<string> | null) ?? []),
    })),
  };
}

/** What the attorney decides for a set of convictions; `null` puts them back to the default. */
export type WorklistChoice = Pick<ReviewDecision, 'decision' | 'ground' | 'note'> | null;

/**
 * Records one decision for every conviction the target names (input lines, or every one the
 * filter matches: the bulk actions) and returns how many. The caller then runs 50_filing.sql.
 */
export async function decideWorklist(
  db: Database,
  target: { lines: readonly number[] } | { filter: WorklistFilter },
  choice: WorklistChoice,
  decidedOn: string,
): Promise<number> {
  // The same checks as a review file's decision (a challenge needs a ground, ...), so what is
  // recorded here can always be saved as review.json and read back.
  if (choice) reviewDecisionSchema.parse({ line: 1, ...choice, decidedOn });
  await db.exec('CREATE OR REPLACE TEMP TABLE worklist_pick (input_line BIGINT PRIMARY KEY)');
  if ('lines' in target) {
    for (let start = 0; start < target.lines.length; start += 500) {
      const batch = target.lines.slice(start, start + 500);
      await db.run(
        `INSERT OR IGNORE INTO worklist_pick
         SELECT input_line FROM filing_choices WHERE input_line IN (${batch.map(() => '?').join(', ')})`,
        batch,
      );
    }
  } else {
    const { sql, params } = where(target.filter);
    // Materialised first: the decisions change what the worklist (a view of them) would list.
    await db.run(`INSERT INTO worklist_pick SELECT line FROM (${WORKLIST_SQL}) ${sql}`, params);
  }
  const [picked] = await db.query<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM worklist_pick',
  );
  await db.exec(
    'DELETE FROM review_decisions WHERE input_line IN (SELECT input_line FROM worklist_pick)',
  );
  if (choice) {
    await db.run(
      `INSERT INTO review_decisions
       SELECT input_line, ?, ?, ?, ?::DATE FROM worklist_pick`,
      [choice.decision, choice.ground?.trim() || null, choice.note?.trim() || null, decidedOn],
    );
  }
  await db.exec('DROP TABLE worklist_pick');
  return picked?.n ?? 0;
}

/** The attorney's decisions as a review file holds them, in line order. */
export async function reviewDecisions(db: Database): Promise<ReviewDecision[]> {
  const rows = await db.query<{
    line: number;
    decision: Decision;
    ground: string | null;
    note: string | null;
    decidedOn: string;
  }>(
    `SELECT input_line AS line, decision, ground, note,
            strftime(decided_on, '%Y-%m-%d') AS "decidedOn"
     FROM review_decisions ORDER BY input_line`,
  );
  return rows.map((r) => ({
    line: Number(r.line),
    decision: r.decision,
    ...(r.ground ? { ground: r.ground } : {}),
    ...(r.note ? { note: r.note } : {}),
    decidedOn: r.decidedOn,
  }));
}

/** Every conviction's Input Line, for checking an imported review against this run. */
export async function determinationLines(db: Database): Promise<Set<number>> {
  const rows = await db.query<{ line: number }>(
    'SELECT "Input Line"::BIGINT AS line FROM determination_report',
  );
  return new Set(rows.map((r) => Number(r.line)));
}
