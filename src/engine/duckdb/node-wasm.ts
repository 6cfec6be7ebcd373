import { createRequire } from 'node:module';
import path from 'node:path';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { ArrowDatabase, ArrowResult, SqlValue, Row } from '../database';
import { arrowToColumns, arrowToGrid, arrowToRows, linesOfBatch } from './arrow-rows';

const require = createRequire(import.meta.url);
// Required rather than imported: an ESM import of this 1.2 MB CommonJS file first has Node scan
// it for its export names (measured: 0.5 s against 0.35 s, on every run).
const { createDuckDB, NODE_RUNTIME, VoidLogger } =
  require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');

/**
 * duckdb-wasm's blocking build under Node: the same wasm the browser runs, so tests and the CLI
 * exercise exactly the code path a county's browser does. Plain absolute paths work in SQL.
 *
 * A path keeps the size it had when this database first read it: a file written again at the same
 * path reads as its old length (measured: 10 rows rewritten as 100,000 still read as 10). Every
 * run opens its own database and writes its held rows in its own staging folder, so none re-reads
 * a path; anything that does must use a new path or a new database.
 */
export async function openWasmDatabase(): Promise<ArrowDatabase> {
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm'));
  const bundles = {
    mvp: {
      mainModule: path.join(dist, 'duckdb-mvp.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs'),
    },
    eh: {
      mainModule: path.join(dist, 'duckdb-eh.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs'),
    },
  };
  const db: DuckDBBindings = await createDuckDB(bundles, new VoidLogger(), NODE_RUNTIME);
  await db.instantiate(() => undefined);
  const conn: DuckDBConnection = db.connect();
  const version = db.getVersion();
  return {
    description: `duckdb-wasm (DuckDB ${version})`,
    async exec(sql) {
      conn.query(sql);
    },
    async run(sql, params) {
      const statement = conn.prepare(sql);
      try {
        statement.query(...params);
      } finally {
        statement.close();
      }
    },
    async query<T extends Row>(sql: string, params: SqlValue[] = []) {
      if (params.length === 0) return arrowToRows<T>(conn.query(sql));
      const statement = conn.prepare(sql);
      try {
        return arrowToRows<T>(statement.query(...params));
      } finally {
        statement.close();
      }
    },
    async queryColumns(sql: string) {
      return arrowToColumns(conn.query(sql));
    },
    /** As the browser streams its outputs (tests hold these bytes to COPY's). */
    async *streamLines(sql: string) {
      for (const batch of await conn.send(sql, true)) yield* linesOfBatch(batch);
    },
    async queryArrow(sql) {
      return conn.query(sql);
    },
    async appendArrow(table, rows: ArrowResult) {
      conn.insertArrowTable(rows as Parameters<typeof conn.insertArrowTable>[0], {
        name: table,
        create: false,
      });
    },
    async queryPrepared(sql) {
      const statement = conn.prepare(sql);
      try {
        return arrowToGrid(statement.query());
      } finally {
        statement.close();
      }
    },
    interrupt() {
      // The blocking build runs each statement to completion on this thread; the CLI stops
      // between stages instead.
    },
    async close() {
      conn.close();
      db.reset();
    },
  };
}
