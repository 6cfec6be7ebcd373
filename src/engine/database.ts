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
  /**
   * A query of one text column, streamed: each value's UTF-8 bytes and a line feed, in chunks, as
   * DuckDB produces them (duckdb-wasm only; the CLI writes such files by COPY instead).
   */
  streamLines?(sql: string): AsyncIterable<Uint8Array>;
  /** Stops whatever statement is running, if the build allows it. */
  interrupt(): void;
  close(): Promise<void>;
}

/** A query's result as text cells, columns in the result's order (names as DuckDB gives them). */
export interface TextGrid {
  columns: string[];
  rows: (string | null)[][];
}

/**
 * What the auditor's console needs of a duckdb-wasm database (browser or Node) beyond Database:
 * a table handed to another database as Arrow, and a query that is always prepared, which DuckDB
 * refuses to do for more than one statement.
 */
export interface ArrowDatabase extends Database {
  /** A query's whole result as an Arrow table, opaque here: only appendArrow reads it. */
  queryArrow(sql: string): Promise<ArrowResult>;
  /** Appends an Arrow result's rows to an existing table of the same columns. */
  appendArrow(table: string, rows: ArrowResult): Promise<void>;
  /** Prepares one statement and runs it; values as DuckDB turns them into text via Arrow. */
  queryPrepared(sql: string): Promise<TextGrid>;
}

/** An Arrow table made by one duckdb-wasm database for another. */
export interface ArrowResult {
  readonly numRows: number;
}

export function isArrowDatabase(db: Database): db is ArrowDatabase {
  const candidate = db as Partial<ArrowDatabase>;
  return (
    typeof candidate.queryArrow === 'function' &&
    typeof candidate.appendArrow === 'function' &&
    typeof candidate.queryPrepared === 'function'
  );
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
