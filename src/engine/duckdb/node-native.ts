import { DuckDBInstance, version } from '@duckdb/node-api';
import { plainValue, type Database, type Row, type SqlValue } from '../database';

/** Native DuckDB (@duckdb/node-api): the same SQL, both cores, spills to disk when it must. */
export async function openNativeDatabase(): Promise<Database> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  return {
    description: `duckdb native (DuckDB ${version()})`,
    async exec(sql) {
      await conn.run(sql);
    },
    async run(sql, params) {
      await conn.run(sql, params);
    },
    async query<T extends Row>(sql: string, params: SqlValue[] = []) {
      const reader = await conn.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((record) => {
        const row: Row = {};
        for (const [key, value] of Object.entries(record)) row[key] = plainValue(value);
        return row as T;
      });
    },
    async queryColumns(sql: string) {
      const reader = await conn.runAndReadAll(sql);
      const columns: Record<string, unknown[]> = {};
      for (const [name, values] of Object.entries(reader.getColumnsObjectJS()))
        columns[name] = values.map(plainValue);
      return columns;
    },
    interrupt() {
      conn.interrupt();
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
