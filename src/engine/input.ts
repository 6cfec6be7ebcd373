import { DOJ_COLUMNS, DOJ_COLUMN_COUNT, HELD_COLUMNS } from '../doj/columns';
import { HELD_ROW_COLUMNS } from './extract-scan/held-rows';
import type { InputShape } from '../doj/sniff';
import { sqlString, type Database } from './database';
import { InputError } from './errors';
import type { BadLine } from './extract-scan/line-check';

export interface InputFile {
  /** What the user calls it (the file name), used in every message. */
  name: string;
  /** How SQL refers to it: an absolute path under Node, a registered file name in the browser. */
  sqlPath: string;
  size: number;
}

const COLUMN_TYPES = `{${DOJ_COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;

/**
 * The extract as DuckDB reads it: every column text, positions fixed by the spec, nothing
 * auto-detected (a sniffer guessing types or delimiters on real data is how rows go missing).
 * A read that records rejects puts malformed rows in `doj_rejects` (the first read, when rows may
 * be skipped or a plain read failed); re-reads for the wide outputs skip the same rows so
 * positions line up.
 */
export function readInputSql(
  input: InputFile,
  shape: InputShape,
  recordRejects: boolean,
  skipBadRows: boolean,
): string {
  const options = [
    `columns = ${COLUMN_TYPES}`,
    `header = ${shape.hasHeader}`,
    'auto_detect = false',
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    'strict_mode = true',
    'null_padding = false',
    `encoding = '${shape.encoding}'`,
  ];
  if (recordRejects) {
    options.push(
      'store_rejects = true',
      "rejects_table = 'doj_rejects'",
      "rejects_scan = 'doj_reject_scans'",
    );
  } else if (skipBadRows) {
    options.push('ignore_errors = true');
  }
  return `read_csv(${sqlString(input.sqlPath)}, ${options.join(', ')})`;
}

/**
 * The rows DuckDB holds when it reads the extract itself: every record, numbered in file order
 * (row_number over the unordered scan streams in read order; the parity tests hold it to the
 * fast reader's numbering).
 */
export function heldFromInputSql(
  input: InputFile,
  shape: InputShape,
  recordRejects: boolean,
  skipBadRows: boolean,
): string {
  return `SELECT row_number() OVER () - 1 AS row_idx, ${HELD_COLUMNS.join(', ')}
FROM ${readInputSql(input, shape, recordRejects, skipBadRows)}`;
}

/**
 * The held rows the fast reader wrote (held-rows.ts): the row's position, then the rules'
 * columns as the extract has them, read with the extract's own options.
 */
export function heldFromScanSql(heldRowsPath: string, shape: InputShape): string {
  const columns = `{'row_idx': 'BIGINT', ${HELD_ROW_COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  return `SELECT * FROM read_csv(${sqlString(heldRowsPath)}, columns = ${columns}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false, encoding = '${shape.encoding}')`;
}

/**
 * The file's physical lines as single strings, for the wide outputs: streaming a line unchanged
 * costs a fraction of re-parsing 95 fields. The delimiter is four control bytes no extract
 * contains, and quoting is off, so every line is one value.
 */
export function readRawLinesSql(input: InputFile, shape: InputShape): string {
  return `read_csv(${sqlString(input.sqlPath)}, columns = {'line': 'VARCHAR'}, header = ${shape.hasHeader}, auto_detect = false, delim = '\u0001\u0002\u0003\u0004', quote = '', escape = '', strict_mode = false, encoding = '${shape.encoding}')`;
}

/** The rejects table of a read that recorded none (the same columns as DuckDB's own). */
export const EMPTY_REJECTS_SQL = `
CREATE OR REPLACE TABLE doj_rejects (
  scan_id UBIGINT, file_id UBIGINT, line UBIGINT, line_byte_position UBIGINT,
  byte_position UBIGINT, column_idx UBIGINT, column_name VARCHAR, error_type VARCHAR,
  csv_line VARCHAR, error_message VARCHAR);
`;

/** The plain-language reason for a rejected line, shared by error messages and rejected_rows.csv. */
export const REJECT_REASON_SQL = `
CREATE OR REPLACE MACRO reject_reason(error_type, error_message, column_name) AS
  CASE error_type
    WHEN 'MISSING COLUMNS' THEN 'has ' || regexp_extract(error_message, 'Found: ([0-9]+)', 1) || ' fields, ${DOJ_COLUMN_COUNT} expected'
    WHEN 'TOO MANY COLUMNS' THEN 'has ' || regexp_extract(error_message, 'Found: ([0-9]+)', 1) || ' fields, ${DOJ_COLUMN_COUNT} expected'
    WHEN 'UNQUOTED VALUE' THEN 'has a quotation mark that is not closed properly (in column ' || column_name || ')'
    WHEN 'INVALID ENCODING' THEN 'contains bytes that are not valid text'
    WHEN 'INVALID UNICODE' THEN 'contains bytes that are not valid text'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'is longer than the longest line DuckDB accepts (2 MB)'
    ELSE 'could not be read (' || lower(error_type) || ')'
  END;
CREATE OR REPLACE VIEW rejected_lines AS
SELECT line, reject_reason(error_type, error_message, column_name) AS reason, csv_line
FROM doj_rejects
QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1
UNION ALL
SELECT line, reason, csv_line FROM skipped_lines;
`;

/** The lines the line check took out of the file before DuckDB read it (see line-check.ts). */
export const SKIPPED_LINES_SQL = `
CREATE OR REPLACE TABLE skipped_lines (line UBIGINT, reason VARCHAR, csv_line VARCHAR);
`;

/** Puts the line check's skipped lines in `skipped_lines`, a few hundred per statement. */
export async function storeSkippedLines(db: Database, lines: readonly BadLine[]): Promise<void> {
  await db.exec(SKIPPED_LINES_SQL);
  const BATCH = 200;
  for (let from = 0; from < lines.length; from += BATCH) {
    const batch = lines.slice(from, from + BATCH);
    await db.run(
      `INSERT INTO skipped_lines VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
      batch.flatMap((l) => [l.line, l.reason, l.text]),
    );
  }
}

export interface RejectSummary {
  count: number;
  first?: { line: number; reason: string };
}

export async function summariseRejects(db: Database): Promise<RejectSummary> {
  const rows = await db.query<{ n: number; line: number | null; reason: string | null }>(
    `SELECT count(*) AS n, min(line) AS line, arg_min(reason, line) AS reason FROM rejected_lines`,
  );
  const row = rows[0];
  if (!row || row.n === 0 || row.line === null || row.reason === null) return { count: 0 };
  return { count: row.n, first: { line: row.line, reason: row.reason } };
}

/** A malformed row stops the run unless the user chose to skip bad rows. */
export function rejectError(input: InputFile, rejects: RejectSummary): InputError {
  const more = rejects.count > 1 ? ` (${rejects.count - 1} more line(s) have problems too)` : '';
  return new InputError(
    input.name,
    `this line ${rejects.first?.reason ?? 'could not be read'}${more}.`,
    rejects.first?.line,
    // How to read the rest anyway is each shell's own: a flag in the CLI, a button in the browser.
    'Check that this is the file the DOJ sent, unmodified.',
    true,
  );
}

/** Maps a DuckDB failure while reading the file to a plain message, without echoing its text. */
export function readFailure(input: InputFile, error: unknown): InputError {
  const message = error instanceof Error ? error.message : '';
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  if (/invalid state|Invalid unicode|Invalid Input Error/i.test(message)) {
    return new InputError(
      input.name,
      'the file could not be read as comma-separated text. This does not look like a DOJ research file.',
      line === undefined ? undefined : Number(line),
    );
  }
  if (/No such file|Cannot open file|not exist/i.test(message)) {
    return new InputError(input.name, 'the file could not be opened.');
  }
  return new InputError(
    input.name,
    'the file could not be read.',
    line === undefined ? undefined : Number(line),
  );
}
