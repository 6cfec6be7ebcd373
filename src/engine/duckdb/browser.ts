import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { ArrowDatabase, ArrowResult, Row, SqlValue } from '../database';
import { splitSqlStatements } from '../sql-statements';
import { arrowToColumns, arrowToGrid, arrowToRows, linesOfBatch } from './arrow-rows';
import { privacySettings } from './settings';
import { startHelper } from '../browser/helper-workers';

/** A browser database plus the handle needed to register the user's files with it. */
export interface BrowserDatabase extends ArrowDatabase {
  registerFile(name: string, file: File): Promise<void>;
  /**
   * Bytes DuckDB reads as a file under `name` (the fast reader's held rows). Register a name
   * (empty) before lockDown; registering it again replaces the bytes.
   */
  registerBuffer(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * After the files are registered: no extension loading, no file but those, no settings changed
   * afterwards. Nothing a rule file or the auditor's console runs can reach beyond this tab.
   */
  lockDown(): Promise<void>;
  /** Stops the statement running now; the database and its tables stay usable. */
  cancel(): Promise<void>;
}

/**
 * duckdb-wasm in the browser: the bundles are served from this site (never a CDN), the eh build
 * where the browser has WebAssembly exceptions and mvp otherwise. Statements go through `send`,
 * one at a time, so Cancel can stop a long one between or during statements.
 */
export async function openBrowserDatabase(): Promise<BrowserDatabase> {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  if (!bundle.mainWorker) throw new Error('No DuckDB worker bundle for this browser.');
  // DuckDB's worker, started by the page (see helper-workers.ts) inside a wrapper that silences
  // its console (it can print an error quoting a record): see duckdb-quiet-worker.js.
  const worker = await startHelper('duckdb', {
    script: new URL(bundle.mainWorker, location.href).href,
  });
  if (!worker) throw new Error('DuckDB could not start in this browser.');
  // AsyncDuckDB only posts to its worker, listens for messages and terminates it, as a
  // HelperWorker does.
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker as unknown as Worker);
  await db.instantiate(bundle.mainModule);
  const conn = await db.connect();
  const version = await db.getVersion();
  const registered: string[] = [];

  const run = async (sql: string) => {
    for (const statement of splitSqlStatements(sql)) {
      const reader = await conn.send(statement);
      // Draining the reader runs the statement to completion (or until cancelSent).
      for await (const batch of reader) void batch;
    }
  };

  return {
    description: `duckdb-wasm (DuckDB ${version})`,
    async registerFile(name, file) {
      await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      registered.push(name);
    },
    async registerBuffer(name, bytes) {
      await db.registerFileBuffer(name, bytes);
      if (!registered.includes(name)) registered.push(name);
    },
    async lockDown() {
      const names = registered.map((n) => `'${n.replaceAll("'", "''")}'`).join(', ');
      await run(`SET allowed_paths = [${names}];
        SET enable_external_access = false;
        ${privacySettings({ lockConfiguration: true })}`);
    },
    async exec(sql) {
      await run(sql);
    },
    async run(sql, params) {
      const statement = await conn.prepare(sql);
      try {
        await statement.query(...params);
      } finally {
        await statement.close();
      }
    },
    async query<T extends Row>(sql: string, params: SqlValue[] = []) {
      if (params.length === 0) return arrowToRows<T>(await conn.query(sql));
      const statement = await conn.prepare(sql);
      try {
        return arrowToRows<T>(await statement.query(...params));
      } finally {
        await statement.close();
      }
    },
    async queryColumns(sql: string) {
      return arrowToColumns(await conn.query(sql));
    },
    // Output files: DuckDB's worker never holds a file handle (WebKit cannot be given one); the
    // rows come back batch by batch, one worker round trip each, and the engine worker writes them.
    async *streamLines(sql: string) {
      const reader = await conn.send(sql, true);
      for await (const batch of reader) yield* linesOfBatch(batch);
    },
    async queryArrow(sql) {
      return conn.query(sql);
    },
    async appendArrow(table, rows: ArrowResult) {
      await conn.insertArrowTable(rows as Parameters<typeof conn.insertArrowTable>[0], {
        name: table,
        create: false,
      });
    },
    async queryPrepared(sql) {
      const statement = await conn.prepare(sql);
      try {
        return arrowToGrid(await statement.query());
      } finally {
        await statement.close();
      }
    },
    interrupt() {
      void conn.cancelSent();
    },
    async cancel() {
      await conn.cancelSent();
    },
    async close() {
      await conn.close();
      await db.dropFiles(registered);
      await db.terminate();
    },
  };
}
