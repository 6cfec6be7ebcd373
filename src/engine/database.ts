/**
 * The one thing the engine needs from DuckDB, so the same pipeline runs on duckdb-wasm (browser,
 * and Node for tests and the CLI) and on native DuckDB (@duckdb/node-api).
 */
export type SqlValue = string | number | boolean | null;
export type Row = Record<string, unknown>;

export interface Database {
  /** Which DuckDB build this is, for the manifest ("duckdb-wasm 1.32.0 (DuckDB v1.4.3)"). */
  readonly description: string;
  /** Runs one or more statements without parameters (a whole rule file). */
  exec(sql: string): Promise<void>;
  /** Runs one statement with positional `?` parameters. */
  run(sql: string, params: SqlValue[]): Promise<void>;
  /** Runs one query and returns plain rows: numbers for integers, ISO strings for dates. Small results only. */
  query<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** The same for a large result, by column: each column's values in row order. */
  queryColumns(sql: string): Promise<Record<string, unknown[]>>;
  /** Stops whatever statement is running, if the build allows it. */
  interrupt(): void;
  close(): Promise<void>;
}

/** Makes a value safe to embed as a SQL string literal (file paths only: values go in as parameters). */
export function sqlString(text: string): string {
  if (text.includes('\0')) throw new Error('A file name cannot contain a NUL character.');
  return `'${text.replaceAll("'", "''")}'`;
}

/** Makes an identifier (a column header) safe to embed in SQL. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Arrow and node-api values into plain JSON-friendly values. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}
