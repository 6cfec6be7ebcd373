import { CONDENSED_COLUMNS, DOJ_COLUMNS, RESULT_COLUMNS } from '../doj/columns';
import { sqlIdentifier, sqlString } from './database';
import { csvHeaderLine, csvLineExpression } from './csv-format';

/** The result files of a run, in the order they are written. */
export const OUTPUT_FILES = {
  allResults: 'All_Results.csv',
  condensed: 'All_Results_Condensed.csv',
  prop64Results: 'Prop64_Results.csv',
  determinations: 'Determinations.csv',
  rejectedRows: 'rejected_rows.csv',
  summary: 'summary.json',
  manifest: 'manifest.json',
} as const;

// A single pre-formatted column, written with quoting off, so every byte is the SQL's choice.
const RAW_LINES = "(FORMAT csv, HEADER true, QUOTE '', ESCAPE '', DELIMITER '\\x1f')";

const inputCols = (names: readonly string[]) => names.map((column) => ({ alias: 'i', column }));
const resultCols = RESULT_COLUMNS.map((column) => ({ alias: 'r', column }));

/**
 * All_Results / Condensed / Prop64_Results: the input file re-read (never held in memory) and
 * joined by position to `row_results`, which has one row per kept input row in file order. The
 * WHERE clause is a guard: if the two sides ever fell out of step, the run fails loudly instead of
 * attaching one person's determination to another's row.
 */
export function wideOutputSql(
  kind: 'all' | 'condensed' | 'prop64',
  readInput: string,
  targetPath: string,
): string {
  const inputColumns = kind === 'condensed' ? CONDENSED_COLUMNS : DOJ_COLUMNS;
  const header = csvHeaderLine([...inputColumns, ...RESULT_COLUMNS]);
  const line = csvLineExpression([...inputCols(inputColumns), ...resultCols]);
  const relevantOnly = kind === 'prop64' ? 'AND r.is_relevant' : '';
  return `COPY (
  SELECT ${line} AS ${sqlIdentifier(header)}
  FROM (SELECT * FROM ${readInput}) i
  POSITIONAL JOIN (SELECT * FROM row_results ORDER BY row_idx) r
  WHERE (CASE WHEN trim(i.SUBJECT_ID) IS NOT DISTINCT FROM r.subject_id THEN true
              ELSE error('Internal error: output rows out of step with the input.') END)
        ${relevantOnly}
) TO ${sqlString(targetPath)} ${RAW_LINES}`;
}

export const DETERMINATION_COLUMNS = [
  'Input Line',
  'CII_NUMBER',
  'PRI_NAME',
  'PRI_DOB',
  'Code Section',
  'Date of Conviction',
  'Case Number',
  'Eligibility Determination',
  'Eligibility Reason',
  'Rule ID',
  'Rule Set',
  'Needs Review',
  'Review Note',
] as const;

/** One row per relevant conviction: the reviewing attorney's worklist, with the deciding rule. */
export function determinationsSql(targetPath: string): string {
  const header = csvHeaderLine(DETERMINATION_COLUMNS);
  const line = csvLineExpression(DETERMINATION_COLUMNS.map((column) => ({ alias: 'd', column })));
  return `COPY (
  SELECT ${line} AS ${sqlIdentifier(header)}
  FROM (SELECT * FROM determination_report ORDER BY "Input Line"::BIGINT) d
) TO ${sqlString(targetPath)} ${RAW_LINES}`;
}

export function rejectedRowsSql(targetPath: string): string {
  const columns = ['Line', 'Problem', 'Original Line'];
  const line = csvLineExpression(columns.map((column) => ({ alias: 'x', column })));
  return `COPY (
  SELECT ${line} AS ${sqlIdentifier(csvHeaderLine(columns))}
  FROM (SELECT r.line::VARCHAR AS "Line", r.reason AS "Problem", r.csv_line AS "Original Line"
        FROM rejected_lines r ORDER BY r.line) x
) TO ${sqlString(targetPath)} ${RAW_LINES}`;
}
