import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/engine/database';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';
import { ConsoleRefusal, SqlConsole } from '../../src/engine/sql-console';
import { DEFAULT_OPTIONS } from '../../src/rules/prop64/options';
import { FIXTURES } from '../helpers/run-engine';
import { openDecidedSession } from '../helpers/open-session';
import { CONSOLE_EXAMPLES } from '../../src/ui/console-examples';

/** Every row of a table, as one digest: equal digests, equal contents. */
const fingerprint = (table: string) =>
  `SELECT count(*)::BIGINT AS n, md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) AS digest FROM ${table} AS t`;

describe("the auditor's console", () => {
  let db: Database;
  let sqlConsole: SqlConsole;
  beforeAll(async () => {
    ({ db } = await openDecidedSession(path.join(FIXTURES, 'sacramento-handmade.input.csv'), {
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options: DEFAULT_OPTIONS,
    }));
    sqlConsole = await SqlConsole.open(db, openWasmDatabase);
  });
  afterAll(async () => {
    await sqlConsole.close();
    await db.close();
  });

  it('runs a query over the run’s tables and returns text cells', async () => {
    const result = await sqlConsole.query(
      'SELECT determination, count(*) AS n FROM determinations GROUP BY ALL ORDER BY n DESC;',
    );
    expect(result.columns).toEqual(['determination', 'n']);
    const total = result.rows.reduce((sum, r) => sum + Number(r[1]), 0);
    const [count] = await db.query<{ n: number }>('SELECT count(*) AS n FROM determinations');
    expect(total).toBe(Number(count?.n));
    expect(result.truncated).toBe(false);
  });

  it('says when there are more rows than it shows', async () => {
    const result = await sqlConsole.query('FROM doj_rows', 5);
    expect(result.rows).toHaveLength(5);
    expect(result.truncated).toBe(true);
  });

  it('holds exact copies of the run’s tables and views, the extract’s view excepted', async () => {
    const offered = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary
       UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary`,
    );
    expect(offered.length).toBeGreaterThan(10);
    for (const { name } of offered) {
      const query = fingerprint(`"${name}"`);
      if (name === 'doj_held') {
        // A view over the extract itself: not copied, so not there.
        await expect(sqlConsole.query(query)).rejects.toThrow(/doj_held does not exist/);
        continue;
      }
      const [run] = await db.query<{ n: number; digest: string | null }>(query);
      const { rows } = await sqlConsole.query(query);
      expect(rows[0], name).toEqual([String(run?.n), run?.digest ?? '']);
    }
  });

  it('keeps column types through the copy', async () => {
    const types = `SELECT column_name, column_type FROM (DESCRIBE relevant_convictions)`;
    const run = await db.query<{ column_name: string; column_type: string }>(types);
    const { rows } = await sqlConsole.query(types);
    expect(rows).toEqual(run.map((r) => [r.column_name, r.column_type]));
  });

  for (const sql of [
    'DELETE FROM determinations',
    'DROP TABLE subjects',
    "COPY determinations TO 'out.csv'",
    "ATTACH 'other.db'",
    'SET enable_external_access = true',
    "SELECT * FROM read_csv('input.csv')",
    "SELECT * FROM '/etc/passwd'",
    "FROM 'input.csv'",
    'SELECT 1; DELETE FROM determinations',
    'INSTALL httpfs',
    "SELECT * FROM query('DELETE FROM determinations')",
  ]) {
    it(`refuses ${sql}`, async () => {
      await expect(sqlConsole.query(sql)).rejects.toThrow();
    });
  }

  it('still holds every determination after the refused statements, in both databases', async () => {
    const [run] = await db.query<{ n: number }>(fingerprint('determinations'));
    const { rows } = await sqlConsole.query(fingerprint('determinations'));
    expect(Number(run?.n)).toBeGreaterThan(0);
    expect(rows[0]?.[0]).toBe(String(run?.n));
  });

  it('refuses several statements with a plain message', async () => {
    const refused = sqlConsole.query('SELECT 1; SELECT 2');
    await expect(refused).rejects.toBeInstanceOf(ConsoleRefusal);
    await expect(refused).rejects.toThrow(/one query at a time/);
  });

  it('names a write as what the console does not do', async () => {
    await expect(sqlConsole.query('  UPDATE determinations SET reason = 1')).rejects.toThrow(
      /only reads: UPDATE statements cannot run here/,
    );
  });

  it('exports the result as CSV with the outputs’ quoting and formula rule', async () => {
    const csv = await sqlConsole.csv(
      "SELECT '=1+1' AS formula, 'a,b' AS comma, '  -  ' AS padding",
    );
    expect(csv).toBe(`formula,comma,padding\n'=1+1,"a,b","  -  "\n`);
  });

  it('neutralises the CSV header too: column names can come from the records', async () => {
    const csv = await sqlConsole.csv(`SELECT 1 AS "=HYPERLINK(""x"")", 2 AS "a,b", 3 AS "@SUM"`);
    expect(csv.split('\n')[0]).toBe(`"'=HYPERLINK(""x"")","a,b",'@SUM`);
  });

  it('keeps two columns of one name apart', async () => {
    const result = await sqlConsole.query('SELECT 1 AS x, 2 AS x');
    expect(result.rows).toEqual([['1', '2']]);
    expect(result.columns).toHaveLength(2);
  });

  it('runs every saved example', async () => {
    for (const example of CONSOLE_EXAMPLES) {
      const result = await sqlConsole.query(example.sql);
      expect(result.columns.length, example.title).toBeGreaterThan(0);
    }
  });
});

describe('what the console rests on: DuckDB prepares one statement only', () => {
  it('duckdb-wasm refuses to prepare two, and runs neither', async () => {
    const db = await openWasmDatabase();
    try {
      await db.exec('CREATE TABLE t AS SELECT 1 AS v');
      await expect(db.queryPrepared('SELECT 1; DELETE FROM t')).rejects.toThrow(
        /Cannot prepare multiple statements/,
      );
      expect(await db.query('SELECT count(*)::INT AS n FROM t')).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('native DuckDB refuses too (the console runs on duckdb-wasm; checked all the same)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run('CREATE TABLE t AS SELECT 1 AS v');
      await expect(conn.prepare('SELECT 1; DELETE FROM t')).rejects.toThrow(
        /Cannot prepare multiple statements/,
      );
      const reader = await conn.runAndReadAll('SELECT count(*)::INT AS n FROM t');
      expect(reader.getRowObjectsJS()).toEqual([{ n: 1 }]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
