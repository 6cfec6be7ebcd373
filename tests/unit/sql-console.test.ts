import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/engine/database';
import { consoleCsv, consoleSqlProblem, runConsoleQuery } from '../../src/engine/sql-console';
import { DEFAULT_OPTIONS } from '../../src/rules/prop64/options';
import { FIXTURES } from '../helpers/run-engine';
import { openDecidedSession } from '../helpers/open-session';
import { CONSOLE_EXAMPLES } from '../../src/ui/console-examples';

describe("the auditor's console", () => {
  let db: Database;
  beforeAll(async () => {
    ({ db } = await openDecidedSession(path.join(FIXTURES, 'sacramento-handmade.input.csv'), {
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options: DEFAULT_OPTIONS,
    }));
  });
  afterAll(() => db.close());

  it('runs a query over the loaded tables and returns text cells', async () => {
    const result = await runConsoleQuery(
      db,
      'SELECT determination, count(*) AS n FROM determinations GROUP BY ALL ORDER BY n DESC;',
    );
    expect(result.columns).toEqual(['determination', 'n']);
    const total = result.rows.reduce((sum, r) => sum + Number(r[1]), 0);
    const [count] = await db.query<{ n: number }>('SELECT count(*) AS n FROM determinations');
    expect(total).toBe(Number(count?.n));
    expect(result.truncated).toBe(false);
  });

  it('says when there are more rows than it shows', async () => {
    const result = await runConsoleQuery(db, 'FROM doj_rows', 5);
    expect(result.rows).toHaveLength(5);
    expect(result.truncated).toBe(true);
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
      expect(consoleSqlProblem(sql)).toBeDefined();
      await expect(runConsoleQuery(db, sql)).rejects.toThrow();
    });
  }

  it('still holds every determination after the refused statements', async () => {
    const [count] = await db.query<{ n: number }>('SELECT count(*) AS n FROM determinations');
    expect(Number(count?.n)).toBeGreaterThan(0);
  });

  it('refuses a write even where the word check would not see it: only a query can be wrapped', async () => {
    // "Delete" hidden in a quoted identifier passes the word check; DuckDB still refuses.
    await expect(
      db.query('SELECT * FROM (\nUPDATE determinations SET reason = 1\n) AS console_query'),
    ).rejects.toThrow();
  });

  it('exports the result as CSV with the outputs’ quoting and formula rule', async () => {
    const csv = await consoleCsv(
      db,
      "SELECT '=1+1' AS formula, 'a,b' AS comma, '  -  ' AS padding",
    );
    expect(csv).toBe(`formula,comma,padding\n'=1+1,"a,b","  -  "\n`);
  });

  it('runs every saved example', async () => {
    for (const example of CONSOLE_EXAMPLES) {
      expect(consoleSqlProblem(example.sql), example.title).toBeUndefined();
      const result = await runConsoleQuery(db, example.sql);
      expect(result.columns.length, example.title).toBeGreaterThan(0);
    }
  });
});
