import type { Database } from '../database';

/**
 * A Database whose statements wait for the real one to open. The browser starts DuckDB (2-2.5 s
 * of compiling wasm and registering files) while the fast reader scans the extract, which needs
 * no database until it hands over the rows it kept.
 */
export function whenReady(opening: Promise<Database>): Database {
  let opened: Database | undefined;
  void opening.then((db) => (opened = db)).catch(() => undefined);
  return {
    get description() {
      return opened?.description ?? 'duckdb-wasm (starting)';
    },
    exec: async (sql) => (await opening).exec(sql),
    run: async (sql, params) => (await opening).run(sql, params),
    query: async (sql, params) => (await opening).query(sql, params),
    queryColumns: async (sql) => (await opening).queryColumns(sql),
    async *streamLines(sql) {
      const db = await opening;
      if (!db.streamLines) throw new Error('This database cannot stream a query.');
      yield* db.streamLines(sql);
    },
    interrupt: () => opened?.interrupt(),
    close: async () => (await opening).close(),
  };
}
