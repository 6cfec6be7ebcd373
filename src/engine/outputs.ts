import { CONDENSED_COLUMNS, DOJ_COLUMNS, RESULT_COLUMNS } from '../doj/columns';
import { sqlIdentifier, sqlString } from './database';
import { csvHeaderLine, csvLineExpression } from './csv-format';
import { duckdbCell } from './extract-scan/csv-cells';

/** The result files of a run. */
export const OUTPUT_FILES = {
  allResults: 'All_Results.csv',
  condensed: 'All_Results_Condensed.csv',
  prop64Results: 'Prop64_Results.csv',
  determinations: 'Determinations.csv',
  rejectedRows: 'rejected_rows.csv',
  summary: 'summary.json',
  manifest: 'manifest.json',
} as const;

/** Raised (through DuckDB's error()) when file lines and results would be paired wrongly. */
export const OUT_OF_STEP = 'Clearance: output rows out of step with the input';

// A single pre-formatted column written with quoting off, so every byte is the SQL's choice.
// USE_TMP_FILE is off everywhere: the run's own staging folder makes outputs atomic, DuckDB's temp
// file lingered after an aborted COPY, and in the browser it leaves OPFS files empty.
const RAW_LINES =
  "(FORMAT csv, HEADER true, QUOTE '', ESCAPE '', DELIMITER '\u0001', USE_TMP_FILE false)";

/**
 * A CSV file as a query: its header line, and a SELECT of one text column (named by the header)
 * whose values are its other lines, in order. The CLI has DuckDB write it by COPY (copyLinesSql);
 * the browser streams the SELECT's rows into a file its own worker writes (session.ts), so no
 * file handle is ever given to DuckDB's worker. Both give the same bytes: the header, then each
 * value and a line feed (a NULL value as an empty line).
 */
export interface LinesQuery {
  header: string;
  select: string;
}

/** The file a LinesQuery describes, written by DuckDB to `targetPath`. */
export function copyLinesSql(query: LinesQuery, targetPath: string): string {
  return `COPY (
  ${query.select}
) TO ${sqlString(targetPath)} ${RAW_LINES}`;
}

const resultCells = RESULT_COLUMNS.map((column) => ({ alias: 'r', column }));
const EMPTY_SUFFIX = ','.repeat(RESULT_COLUMNS.length);

/** The 18 result cells with their leading comma; most rows have none, and skip the formatter. */
const RESULT_SUFFIX = `CASE WHEN r.is_relevant OR r."Possible Other P64 Charges" IS NOT NULL
       THEN ',' || ${csvLineExpression(resultCells)} ELSE '${EMPTY_SUFFIX}' END`;

/**
 * A raw input line, unchanged unless one of its fields could start a spreadsheet formula. The
 * cheap test (one regex: = + @ TAB or CR anywhere, or a field starting with -) flags a superset of
 * such lines; a flagged line is split into fields and every field re-written through csv_cell.
 */
const SAFE_LINE = `CASE WHEN regexp_matches(l.line, '[=+@\\t\\r]|,"?-|^"?-')
       THEN csv_line_rewritten(l.line) ELSE l.line END`;

/**
 * The rules' row_results view (every row, with its result cells) as a table in file order, for
 * the outputs below that pair it with the file line by line: rows are paired by position only
 * with a table written in order.
 */
export const ROWS_IN_ORDER_SQL = `CREATE OR REPLACE TEMP TABLE row_results_in_order AS
  SELECT * FROM row_results ORDER BY row_idx`;

/**
 * All_Results.csv and Prop64_Results.csv, fast path: each input line as written, then its 18
 * result cells. The lines are paired with `row_results_in_order` by position; the WHERE clause is a
 * tripwire: every line must contain its row's SUBJECT_ID, and both sides must end together, or
 * the statement fails instead of attaching one person's determination to another's row.
 */
export function rawLineOutputQuery(kind: 'all' | 'prop64', rawLines: string): LinesQuery {
  const header = csvHeaderLine([...DOJ_COLUMNS, ...RESULT_COLUMNS]);
  const select = `SELECT ${SAFE_LINE} || ${RESULT_SUFFIX} AS ${sqlIdentifier(header)}
  FROM ${rawLines} l
  POSITIONAL JOIN row_results_in_order r
  WHERE (CASE WHEN l.line IS NOT NULL AND r.row_idx IS NOT NULL
                   AND (r.subject_id_raw IS NULL OR contains(l.line, replace(r.subject_id_raw, '"', '""')))
              THEN true ELSE error('${OUT_OF_STEP}') END)
        ${kind === 'prop64' ? 'AND r.is_relevant' : ''}`;
  return { header, select };
}

/**
 * The same files, slow path: the input re-parsed field by field. Used when the file's physical
 * lines are not its records (malformed lines were skipped, or a quoted field holds a line break).
 */
export function parsedOutputQuery(kind: 'all' | 'prop64', parsedInput: string): LinesQuery {
  const header = csvHeaderLine([...DOJ_COLUMNS, ...RESULT_COLUMNS]);
  const inputCells = DOJ_COLUMNS.map((column) => ({ alias: 'i', column }));
  const select = `SELECT ${csvLineExpression(inputCells)} || ${RESULT_SUFFIX} AS ${sqlIdentifier(header)}
  FROM (SELECT * FROM ${parsedInput}) i
  POSITIONAL JOIN row_results_in_order r
  WHERE (CASE WHEN i.SUBJECT_ID IS NOT DISTINCT FROM r.subject_id_raw AND r.row_idx IS NOT NULL
              THEN true ELSE error('${OUT_OF_STEP}') END)
        ${kind === 'prop64' ? 'AND r.is_relevant' : ''}`;
  return { header, select };
}

/**
 * All_Results_Condensed.csv from the columns already in memory, written by DuckDB's own CSV writer
 * (per-cell formatting in SQL costs seconds per million rows in wasm). Empty strings are written
 * as empty cells, as the earlier tooling did; formula-like cells are neutralised.
 */
export function condensedOutputSql(targetPath: string): string {
  const cell = (expr: string, name: string) => `${condensedCell(expr)} AS ${sqlIdentifier(name)}`;
  return `COPY (
  SELECT
    ${CONDENSED_COLUMNS.map((c) => cell(c, c)).join(',\n    ')},
    ${RESULT_COLUMNS.map((c) => cell(sqlIdentifier(c), c)).join(',\n    ')}
  ${condensedRowsSql()}
) TO ${sqlString(targetPath)} (FORMAT csv, HEADER true, USE_TMP_FILE false)`;
}

/**
 * The same file as one text column, for a browser that streams it: each cell quoted as DuckDB's
 * CSV writer quotes it (a comma, quote, CR or LF anywhere, or a leading #), NULL as an empty cell.
 * The CLI keeps DuckDB's own writer, which is faster; engine-parity tests hold the two together.
 */
export function condensedLinesQuery(): LinesQuery {
  // Its header quoted as DuckDB's writer quotes names ("# of convictions on record").
  const header = [...CONDENSED_COLUMNS, ...RESULT_COLUMNS].map(duckdbCell).join(',');
  const cells = [...CONDENSED_COLUMNS, ...RESULT_COLUMNS.map((c) => sqlIdentifier(c))].map(
    (expr) => `coalesce(duckdb_csv_cell(${condensedCell(expr)}), '')`,
  );
  return {
    header,
    select: `SELECT concat_ws(',', ${cells.join(', ')}) AS ${sqlIdentifier(header)}
  ${condensedRowsSql()}`,
  };
}

/** One condensed cell: empty as NULL (an empty cell), neutralised when its row is risky. */
function condensedCell(expr: string): string {
  return `nullif(CASE WHEN risky THEN csv_neutralise(${expr}) ELSE ${expr} END, '')`;
}

/** The condensed rows, each with `risky`: whether any of its cells could start a formula. */
function condensedRowsSql(): string {
  const inputs = CONDENSED_COLUMNS.map((c) => `d.${c}`);
  // The outer query sees the joined columns by bare name: input and result names never clash.
  const risky = `(${['=', '+', '@'].map((ch) => `contains(joined, '${ch}')`).join(' OR ')}
      OR contains(joined, chr(31) || '-') OR starts_with(joined, '-')
      OR contains(joined, chr(9)) OR contains(joined, chr(13)))`;
  return `FROM (
    SELECT *, ${risky} AS risky
    FROM (SELECT *, concat_ws(chr(31), ${inputs.map((c) => `coalesce(${c}, '')`).join(', ')},
                    coalesce(r."Case Number", ''), coalesce(r."Possible Other P64 Charges", '')) AS joined
          FROM doj_rows d
          POSITIONAL JOIN row_results_in_order r)
  )
  WHERE (CASE WHEN SUBJECT_ID IS NOT DISTINCT FROM subject_id_raw THEN true ELSE error('${OUT_OF_STEP}') END)`;
}

export const DETERMINATION_COLUMNS = [
  'Input Line',
  'CII_NUMBER',
  'PRI_NAME',
  'PRI_DOB',
  'Code Section',
  'Date of Conviction',
  'Case Number',
  'Court Case Number',
  'Level',
  'Eligibility Determination',
  'Eligibility Reason',
  'Rule ID',
  'Rule Set',
  'Needs Review',
  'Review Note',
  'Hold Reasons',
  'Relief Statute',
] as const;

/**
 * A relation's columns as a CSV with the outputs' quoting and formula rule, in the relation's own
 * row order (preserve_insertion_order keeps a subquery's ORDER BY).
 */
export function relationCsvQuery(relation: string, columns: readonly string[]): LinesQuery {
  const header = csvHeaderLine(columns);
  const line = csvLineExpression(columns.map((column) => ({ alias: 'd', column })));
  return { header, select: `SELECT ${line} AS ${sqlIdentifier(header)}\n  FROM ${relation} d` };
}

export function relationCsvSql(
  relation: string,
  columns: readonly string[],
  targetPath: string,
): string {
  return copyLinesSql(relationCsvQuery(relation, columns), targetPath);
}

/** One of a run's own CSVs read back: its header, every cell as text, strictly RFC 4180. */
export function readOutputCsvSql(filePath: string): string {
  return `read_csv(${sqlString(filePath)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true)`;
}

/** One row per relevant conviction: the reviewing attorney's worklist, with the deciding rule. */
export function determinationsQuery(): LinesQuery {
  return relationCsvQuery(
    '(SELECT * FROM determination_report ORDER BY "Input Line"::BIGINT)',
    DETERMINATION_COLUMNS,
  );
}

export function rejectedRowsQuery(): LinesQuery {
  const columns = ['Line', 'Problem', 'Original Line'];
  const line = csvLineExpression(columns.map((column) => ({ alias: 'x', column })));
  const header = csvHeaderLine(columns);
  return {
    header,
    select: `SELECT ${line} AS ${sqlIdentifier(header)}
  FROM (SELECT r.line::VARCHAR AS "Line", r.reason AS "Problem", r.csv_line AS "Original Line"
        FROM rejected_lines r ORDER BY r.line) x`,
  };
}

export function rejectedRowsSql(targetPath: string): string {
  return copyLinesSql(rejectedRowsQuery(), targetPath);
}
