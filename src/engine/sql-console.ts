import {
  isArrowDatabase,
  sqlIdentifier,
  sqlString,
  type ArrowDatabase,
  type Database,
  type TextGrid,
} from './database';
import { CSV_FORMAT_SQL } from './csv-format';
import { privacySettings } from './duckdb/settings';

export const CONSOLE_ROW_LIMIT = 1000;
export const CONSOLE_EXPORT_LIMIT = 100_000;

export class ConsoleRefusal extends Error {}

export interface ConsoleResult {
  columns: string[];
  rows: string[][];
  /** More rows exist than were returned. */
  truncated: boolean;
}

/** Locks the console's database down before anything is copied into it. */
const CONSOLE_SETUP_SQL = `
SET allowed_paths = [];
SET allowed_directories = [];
SET enable_external_access = false;
${privacySettings({ lockConfiguration: false })}
${CSV_FORMAT_SQL}
SET lock_configuration = true;
`;

/**
 * The run's tables and views the console may copy: everything the run made, except views that
 * read a file when queried (doj_held reads the extract; doj_rows holds the same rows as a table).
 */
const OFFERED_SQL = `
SELECT table_name AS name FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
  AND NOT internal
UNION ALL
SELECT view_name FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
  AND NOT internal AND sql NOT ILIKE '%read_csv%'`;

const WRITING_WORDS =
  /^(insert|update|delete|merge|upsert|create|drop|alter|truncate|copy|export|import|attach|detach|install|load|set|reset|pragma|call|checkpoint|vacuum|use|begin|commit|rollback|abort|prepare|execute|deallocate)\b/i;

/** The auditor's statement as the one query the console will prepare. */
function wrapped(sql: string): string {
  const body = sql.trim().replace(/;\s*$/, '');
  return `SELECT * FROM (\n${body}\n) AS console_query`;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
}

/**
 * A plain refusal for what DuckDB would not prepare, or undefined for any other error (the caller
 * shows DuckDB's own first line: a misspelt column names the auditor's own SQL).
 */
function refusalFor(sql: string, error: unknown): ConsoleRefusal | undefined {
  const message = firstLine(error);
  // A semicolon inside the brackets ends the wrapper's statement early: a syntax error there.
  if (/Cannot prepare multiple statements|syntax error at or near ";"/i.test(message)) {
    return new ConsoleRefusal(
      'The console runs one query at a time, and DuckDB read this as several statements ' +
        '(a semicolon between them, or a PIVOT without an IN list, which DuckDB runs in steps).',
    );
  }
  if (/^Permission Error/i.test(message)) {
    return new ConsoleRefusal("The console cannot read files; query the run's tables instead.");
  }
  if (/^Parser Error/i.test(message)) {
    const first = WRITING_WORDS.exec(sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ''));
    if (first) {
      return new ConsoleRefusal(
        `The console only reads: ${first[1]!.toUpperCase()} statements cannot run here. ` +
          'It runs one query (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW).',
      );
    }
    return new ConsoleRefusal(
      `${message.slice(0, 300)}. The console runs one query (SELECT, WITH, FROM, VALUES, ` +
        'DESCRIBE, SUMMARIZE, SHOW); it cannot change data, settings or files.',
    );
  }
  return undefined;
}

/** The name in DuckDB's "Table with name X does not exist", if that is the error. */
function missingTable(error: unknown): string | undefined {
  return /Table with name (.+?) does not exist/.exec(firstLine(error))?.[1];
}

/**
 * The auditor's console: SQL over the latest run's tables that cannot change the run, by
 * construction rather than by a list of forbidden words.
 *
 * 1. It runs in a database of its own (a second duckdb-wasm instance, in the browser with its own
 *    worker). Each of the run's tables and views is copied into it (as Arrow) the first time a
 *    statement names it. Nothing the console runs can reach the run's database, so the run's
 *    tables, downloads and court papers are out of its reach whatever it runs.
 * 2. No file is registered in it and external access is off, so the extract itself cannot be
 *    read; extensions cannot be loaded; lock_configuration stops any setting from changing.
 * 3. The statement runs only as one prepared statement, `SELECT * FROM (<sql>) AS console_query`:
 *    DuckDB refuses to prepare more than one statement, and only a query parses inside FROM ( ),
 *    so closing the brackets early either makes several statements (refused) or stays a query.
 *    This keeps even the console's own copies as they were copied.
 * The wording of a refusal is chosen from DuckDB's own error; no check here decides safety.
 * Copying on first use keeps a large run from being held twice for tables nobody asks about; the
 * rule pack's macros are not copied (its views are, as tables of their rows).
 */
export class SqlConsole {
  /** Copies made or under way, by lower-case name (DuckDB's names are case-insensitive). */
  private readonly copies = new Map<string, Promise<void>>();
  /** Statements run one after another, so none sees a table half copied. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly run: ArrowDatabase,
    private readonly own: ArrowDatabase,
    /** The run's tables and views that may be copied: lower-case name to name. */
    private readonly offered: Map<string, string>,
  ) {}

  /**
   * A console over `run`'s tables in a database from `open` (a fresh duckdb-wasm instance, with
   * nothing registered in it), which the console locks down and from then on owns.
   */
  static async open(run: Database, open: () => Promise<ArrowDatabase>): Promise<SqlConsole> {
    if (!isArrowDatabase(run)) throw new Error('The console copies tables from duckdb-wasm only.');
    const names = await run.query<{ name: string }>(OFFERED_SQL);
    const own = await open();
    try {
      await own.exec(CONSOLE_SETUP_SQL);
    } catch (error) {
      await own.close().catch(() => undefined);
      throw error;
    }
    return new SqlConsole(run, own, new Map(names.map(({ name }) => [name.toLowerCase(), name])));
  }

  /** The first `limit` rows of the auditor's query, every cell as DuckDB prints it. */
  query(sql: string, limit = CONSOLE_ROW_LIMIT): Promise<ConsoleResult> {
    return this.inTurn(() => this.queryNow(sql, limit));
  }

  /**
   * The query's result as CSV, every cell, the header's too (column names can come from the
   * records, as PIVOT's do), through the outputs' own csv_cell: the same quoting and formula rule.
   */
  csv(sql: string, limit = CONSOLE_EXPORT_LIMIT): Promise<string> {
    return this.inTurn(() => this.csvNow(sql, limit));
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.own.close();
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.catch(() => undefined).then(work);
    this.queue = turn;
    return turn;
  }

  private async queryNow(sql: string, limit: number): Promise<ConsoleResult> {
    const grid = await this.prepared(
      sql,
      `SELECT COLUMNS(*)::VARCHAR FROM (${wrapped(sql)}) LIMIT ${limit + 1}`,
    );
    return {
      columns: grid.columns,
      rows: grid.rows.slice(0, limit).map((row) => row.map((cell) => cell ?? '')),
      truncated: grid.rows.length > limit,
    };
  }

  private async csvNow(sql: string, limit: number): Promise<string> {
    const { columns } = await this.queryNow(sql, 0);
    const line = (cells: string[]) =>
      `array_to_string(list_transform(list_value(${cells.join(', ')}), v -> csv_cell(v)), ',')`;
    const header = await this.own.queryPrepared(`SELECT ${line(columns.map(sqlString))}`);
    const body = await this.prepared(
      sql,
      `SELECT ${line(columns.map((c) => `q.${sqlIdentifier(c)}::VARCHAR`))}
       FROM (${wrapped(sql)}) AS q LIMIT ${limit}`,
    );
    return [...header.rows, ...body.rows].map((r) => r[0] ?? '').join('\n') + '\n';
  }

  /** Runs `statement` (built around `sql`), copying in each of the run's tables it names. */
  private async prepared(sql: string, statement: string): Promise<TextGrid> {
    if (sql.trim() === '') throw new ConsoleRefusal('Write a query first.');
    const tried = new Set<string>();
    for (;;) {
      try {
        return await this.own.queryPrepared(statement);
      } catch (error) {
        const key = missingTable(error)?.toLowerCase();
        const name = key === undefined ? undefined : this.offered.get(key);
        if (key === undefined || name === undefined || tried.has(key)) {
          throw refusalFor(sql, error) ?? error;
        }
        tried.add(key);
        await this.copied(key, name);
      }
    }
  }

  /** One of the run's tables, copied once (concurrent queries wait for the same copy). */
  private async copied(key: string, name: string): Promise<void> {
    let copying = this.copies.get(key);
    if (!copying) {
      copying = this.copy(name);
      this.copies.set(key, copying);
      copying.catch(() => this.copies.delete(key));
    }
    await copying;
  }

  private async copy(name: string): Promise<void> {
    const table = sqlIdentifier(name);
    const columns = await this.run.query<{ column_name: string; column_type: string }>(
      `SELECT column_name, column_type FROM (DESCRIBE ${table})`,
    );
    const definition = columns
      .map((c) => `${sqlIdentifier(c.column_name)} ${c.column_type}`)
      .join(', ');
    await this.own.exec(`CREATE TABLE ${table} (${definition})`);
    try {
      await this.own.appendArrow(name, await this.run.queryArrow(`SELECT * FROM ${table}`));
    } catch (error) {
      // Never left half copied: the next statement naming it copies it again.
      await this.own.exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      throw error;
    }
  }
}
