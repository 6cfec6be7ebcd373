import { sqlIdentifier, type Database } from './database';
import { CSV_FORMAT_SQL } from './csv-format';
import { tokenize } from './sql-tokens';

/**
 * The auditor's console: read-only SQL over the loaded data. Three fences, each enough for most
 * mistakes and together for the rest:
 * 1. the statement must be one query (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW) with
 *    no word that writes, attaches, loads or changes settings, and no function that reads files;
 * 2. it runs wrapped as a subquery, where DuckDB accepts nothing but a query;
 * 3. the database itself is locked down: no external access, no file but the user's own, no
 *    settings changes (lock_configuration).
 */
const QUERY_STARTS = new Set(['select', 'with', 'from', 'values', 'describe', 'summarize', 'show']);

const FORBIDDEN_WORDS = new Set(
  `insert update delete merge upsert create drop alter truncate copy export import attach detach
  install load set reset pragma call checkpoint vacuum use begin commit rollback abort prepare
  execute deallocate
  read_csv read_csv_auto read_text read_blob read_json read_json_auto read_ndjson read_parquet
  parquet_scan parquet_metadata parquet_schema csv_scan glob sniff_csv query query_table
  getenv setvariable`
    .split(/\s+/)
    .filter(Boolean),
);

export const CONSOLE_ROW_LIMIT = 1000;
export const CONSOLE_EXPORT_LIMIT = 100_000;

/** Why a statement is refused, in plain words; undefined when it may run. */
export function consoleSqlProblem(sql: string): string | undefined {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'comment' && t.text.trim() !== '');
  if (tokens.length === 0) return 'Write a query first.';
  const semicolon = tokens.findIndex((t) => t.kind === 'text' && t.text.includes(';'));
  if (semicolon !== -1 && semicolon !== tokens.length - 1) {
    return 'Only one statement at a time.';
  }
  const first = tokens[0]?.text.toLowerCase() ?? '';
  if (!QUERY_STARTS.has(first)) {
    return 'The console only reads: start with SELECT, WITH, FROM, DESCRIBE, SUMMARIZE or SHOW.';
  }
  for (const token of tokens) {
    const word = token.text.toLowerCase();
    if ((token.kind === 'keyword' || token.kind === 'text') && FORBIDDEN_WORDS.has(word)) {
      return `"${token.text}" is not allowed here: the console cannot change data, settings or files, or read files.`;
    }
    if (token.kind === 'string' && /[/\\]|\.(csv|dat|txt|json|parquet|db|duckdb)'?$/i.test(word)) {
      return 'The console cannot read files; query the loaded tables instead.';
    }
  }
  return undefined;
}

function wrapped(sql: string): string {
  const body = sql.trim().replace(/;\s*$/, '');
  return `SELECT * FROM (\n${body}\n) AS console_query`;
}

export class ConsoleRefusal extends Error {}

export interface ConsoleResult {
  columns: string[];
  rows: string[][];
  /** More rows exist than were returned. */
  truncated: boolean;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export async function runConsoleQuery(
  db: Database,
  sql: string,
  limit = CONSOLE_ROW_LIMIT,
): Promise<ConsoleResult> {
  const problem = consoleSqlProblem(sql);
  if (problem) throw new ConsoleRefusal(problem);
  // Every column as text: the grid shows what DuckDB would print, whatever the type.
  const rows = await db.query(
    `SELECT COLUMNS(*)::VARCHAR FROM (${wrapped(sql)}) LIMIT ${limit + 1}`,
  );
  const described = await db.query<{ column_name: string }>(`DESCRIBE ${wrapped(sql)}`);
  const columns = described.map((d) => d.column_name);
  return {
    columns,
    rows: rows.slice(0, limit).map((r) => Object.values(r).map(cellText)),
    truncated: rows.length > limit,
  };
}

/** The query's result as CSV, written with the same quoting and formula rule as the outputs. */
export async function consoleCsv(
  db: Database,
  sql: string,
  limit = CONSOLE_EXPORT_LIMIT,
): Promise<string> {
  const { columns } = await runConsoleQuery(db, sql, 0);
  await db.exec(CSV_FORMAT_SQL);
  const cells = columns.map((c) => `q.${sqlIdentifier(c)}::VARCHAR`).join(', ');
  const lines = await db.query<{ line: string }>(
    `SELECT array_to_string(list_transform(list_value(${cells}), v -> csv_cell(v)), ',') AS line
     FROM (${wrapped(sql)}) AS q LIMIT ${limit}`,
  );
  const header = columns.map((c) =>
    /[",\r\n]|^[ \t]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c,
  );
  return [header.join(','), ...lines.map((l) => l.line)].join('\n') + '\n';
}
