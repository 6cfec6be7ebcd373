/**
 * Issue #16, point 1: the auditor's console claimed to be read-only but ran anything once the
 * wrapper's brackets were closed inside a comment its word check did not know. Every payload here
 * must be refused with a plain message or run without changing anything: not the run's tables,
 * not its output files, not even the console's own copies.
 */
import { readFile, readdir, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffInput } from '../../../src/doj/sniff';
import type { Database } from '../../../src/engine/database';
import { openWasmDatabase } from '../../../src/engine/duckdb/node-wasm';
import { openEngineDatabase } from '../../../src/engine/node/open-database';
import { OutputFolder } from '../../../src/engine/node/output-folder';
import { loadRulePack } from '../../../src/engine/node/rule-pack';
import { EngineSession } from '../../../src/engine/session';
import { ConsoleRefusal, SqlConsole } from '../../../src/engine/sql-console';
import { DEFAULT_OPTIONS } from '../../../src/rules/prop64/options';
import { FIXTURES } from '../../helpers/run-engine';

const INPUT = path.join(FIXTURES, 'sacramento-handmade.input.csv');

/** The reproduction, verbatim. */
const REPRO = `SELECT 1 /* -- */ ) a ) b; UPDATE result_cells SET "Eligibility Determination"='Eligible for Dismissal' WHERE "Eligibility Determination"='Eligible for Reduction'; SELECT * FROM (SELECT (SELECT 1`;

/** The same breakout, carrying each kind of statement the issue saw run. */
const breakout = (statement: string) =>
  `SELECT 1 /* -- */ ) a ) b; ${statement}; SELECT * FROM (SELECT (SELECT 1`;

/** Statements that must never run: refused, whatever DuckDB's wording. */
const MUST_REFUSE = [
  REPRO,
  breakout(`INSERT INTO determinations SELECT * FROM determinations`),
  breakout(`DROP TABLE result_cells`),
  breakout(`DELETE FROM determinations`),
  breakout(`CREATE OR REPLACE MACRO csv_cell(v) AS 'Eligible for Dismissal'`),
  breakout(`CREATE MACRO yes_no(x) AS 'Y'`),
  breakout(`ATTACH ':memory:' AS other`),
  breakout(`SET lock_configuration = false`),
  breakout(`COPY result_cells TO 'leak.csv'`),
  `UPDATE result_cells SET "Eligibility Determination" = 'Eligible for Dismissal'`,
  `INSERT INTO determinations SELECT * FROM determinations`,
  `DROP TABLE determinations`,
  `CREATE MACRO csv_cell(v) AS 'x'`,
  `CREATE OR REPLACE TABLE result_cells AS SELECT 1`,
  `ATTACH 'other.db' AS other`,
  `ATTACH ':memory:' AS other`,
  `DETACH memory`,
  `COPY result_cells TO 'out.csv'`,
  `COPY (SELECT * FROM result_cells) TO '${path.join(tmpdir(), 'console-leak.csv')}'`,
  `EXPORT DATABASE '${tmpdir()}'`,
  `SET enable_external_access = true`,
  `SET lock_configuration = false`,
  `RESET lock_configuration`,
  `PRAGMA enable_profiling`,
  `INSTALL httpfs`,
  `LOAD httpfs`,
  `CHECKPOINT`,
  `BEGIN TRANSACTION`,
  `PREPARE p AS UPDATE result_cells SET "Eligibility Determination" = 'x'`,
  `SELECT * FROM "input.csv"`,
  `FROM 'input.csv'`,
  `SELECT * FROM read_csv('input.csv')`,
  `SELECT * FROM read_csv('${INPUT}')`,
  `SELECT * FROM read_csv_auto('${INPUT}')`,
  `SELECT * FROM read_text('${INPUT}')`,
  `SELECT * FROM read_blob('${INPUT}')`,
  `SELECT * FROM '${INPUT}'`,
  `SELECT * FROM glob('*')`,
  `SELECT * FROM doj_held`,
  `SELECT * FROM query('UPDATE result_cells SET "Eligibility Determination" = ''x''')`,
  `SELECT * FROM query('SELECT 1; DROP TABLE determinations')`,
  // Block comments, each hiding a statement break from a word check that does not know them.
  `SELECT 1 /* ; */ ; DROP TABLE determinations`,
  `/* SELECT */ DELETE FROM determinations`,
  `SELECT /* ) AS q; */ 1 ) q; DROP TABLE subjects; SELECT * FROM ( SELECT 1`,
  // Dollar quoting: a string the word check saw as words, or words it saw as a string.
  `SELECT 1 ) a; DROP TABLE subjects; SELECT $$ ( $$`,
  `SELECT $t$ ' $t$ ) a; DELETE FROM determinations; SELECT ( 1`,
  // Nested and escaped quotes.
  `SELECT 'it''s' ) a; DELETE FROM determinations; SELECT ('x'`,
  `SELECT "a"")" FROM (SELECT 1 AS "a"")") ) a; DROP TABLE subjects; SELECT (1`,
  // Look-alikes: a fullwidth semicolon, a Greek question mark, Cyrillic letters.
  `SELECT 1；DROP TABLE subjects`,
  `SELECT 1\u037e DROP TABLE subjects`,
  `DRОP TABLE subjects`, // Cyrillic О
  `UPDАTE result_cells SET "Eligibility Determination" = 'x'`, // Cyrillic А
  `SELECT 1 ) a ; \u200bDROP TABLE subjects ; SELECT ( 1`,
  // PIVOT without IN runs as several statements in DuckDB: refused.
  `PIVOT determinations ON determination USING count(*)`,
];

/** Statements that may run (they only read) or be refused; neither may change anything. */
const MAY_RUN = [
  `SELECT 1 /* -- */`,
  `SELECT 1 /* ; DROP TABLE subjects; */`,
  `SELECT $$ ) a; DROP TABLE subjects; SELECT ( $$ AS text`,
  `SELECT $tag$ ); DELETE FROM determinations; ( $tag$ AS text`,
  `SELECT 'it''s ) ; DROP TABLE subjects; --' AS text`,
  // In an E string \' escapes the quote: all of this is one string.
  `SELECT E'\\' ) a; DELETE FROM determinations; --'`,
  `SELECT "a"")" FROM (SELECT 1 AS "a"")")`,
  `SELECT 'Ѕ' AS cyrillic_dze, '；' AS fullwidth`,
  `PIVOT determinations ON determination IN ('Eligible for Dismissal', 'Eligible for Reduction') USING count(*)`,
  `SUMMARIZE determinations`,
  `SUMMARIZE SELECT * FROM result_cells`,
  `FROM determinations SELECT rule_id LIMIT 3`,
  `FROM result_cells`,
  `DESCRIBE result_cells`,
  `DESCRIBE SELECT * FROM determinations`,
  `SHOW TABLES`,
  `SHOW ALL TABLES`,
  `VALUES (1, 'a'), (2, 'b')`,
  `WITH x AS (SELECT * FROM determinations) SELECT count(*) FROM x`,
  `SELECT * FROM query('SELECT count(*) AS n FROM result_cells')`,
  `SELECT * FROM query_table('determinations')`,
  `SELECT current_setting('lock_configuration') AS locked`,
  `SELECT current_setting('enable_external_access') AS external`,
  `SELECT getvariable('x') AS v`,
  `SELECT * FROM duckdb_tables()`,
  `SELECT * FROM duckdb_settings()`,
  `SELECT 1 -- ) a; DROP TABLE subjects`,
];

/** Every row of a table, as one digest. */
const fingerprint = (table: string) =>
  `SELECT count(*)::BIGINT AS n, coalesce(md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)), '') AS digest FROM "${table}" AS t`;

/** A small seeded generator (mulberry32): the same statements on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'SELECT 1',
  'SELECT *',
  'FROM result_cells',
  'FROM determinations',
  'FROM subjects',
  'WHERE true',
  'LIMIT 2',
  ')',
  ') a',
  '(',
  ';',
  '；',
  '/*',
  '*/',
  '--',
  '\n',
  '$$',
  '$t$',
  "'",
  "''",
  '"',
  "E'\\'",
  `UPDATE result_cells SET "Eligibility Determination" = 'Eligible for Dismissal'`,
  'INSERT INTO determinations SELECT * FROM determinations',
  'DELETE FROM determinations',
  'DROP TABLE subjects',
  "CREATE OR REPLACE MACRO csv_cell(v) AS 'x'",
  "ATTACH ':memory:' AS other",
  "COPY result_cells TO 'x.csv'",
  'SET lock_configuration = false',
  'PIVOT determinations ON determination USING count(*)',
  'SUMMARIZE determinations',
  'DESCRIBE result_cells',
  'SHOW TABLES',
  `FROM 'input.csv'`,
  `read_csv('${INPUT}')`,
  "query('DELETE FROM determinations')",
  'WITH x AS (SELECT 1)',
  'VALUES (1)',
  'DRОP TABLE subjects',
];

function randomStatement(next: () => number): string {
  const count = 1 + Math.floor(next() * 8);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!);
  return parts.join(next() < 0.5 ? ' ' : '');
}

/** The message the console's page shows: the first line (the worker shows no more). */
function shownMessage(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

describe('the console cannot change the run (issue #16)', () => {
  let dir: string;
  let db: Database;
  let session: EngineSession;
  let sqlConsole: SqlConsole;
  let before: OutputFolder;
  let tables: string[];
  let outputsBefore: Map<string, Buffer>;
  let fingerprintsBefore: Map<string, unknown>;

  async function outputs(folder: OutputFolder): Promise<Map<string, Buffer>> {
    await session.writeCsvOutputs(folder);
    const files = new Map<string, Buffer>();
    for (const name of await readdir(folder.staging)) {
      files.set(name, await readFile(path.join(folder.staging, name)));
    }
    return files;
  }

  async function fingerprints(): Promise<Map<string, unknown>> {
    const all = new Map<string, unknown>();
    for (const table of tables) all.set(table, (await db.query(fingerprint(table)))[0]);
    return all;
  }

  /** Runs one statement; returns whether it ran, and checks a refusal reads plainly. */
  async function attempt(sql: string, csv = false): Promise<boolean> {
    try {
      if (csv) await sqlConsole.csv(sql);
      else await sqlConsole.query(sql);
      return true;
    } catch (error) {
      const message = shownMessage(error);
      // A refusal of the console's own, or DuckDB's one-line complaint about the auditor's SQL.
      if (!(error instanceof ConsoleRefusal)) {
        expect(message, sql).toMatch(/^[A-Z][A-Za-z ]* Error: /);
      }
      expect(message.length, sql).toBeLessThan(600);
      expect(message, sql).not.toMatch(/\bat .+\.(ts|js):\d+/);
      return false;
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'clearance-console-'));
    before = await OutputFolder.create(path.join(dir, 'before'));
    const after = path.join(dir, 'after');
    db = await openEngineDatabase('wasm', {
      readable: [INPUT],
      writable: [before.staging, after],
    });
    session = new EngineSession(db, await loadRulePack());
    const { size } = await stat(INPUT);
    const head = (await readFile(INPUT)).subarray(0, SNIFF_BYTES);
    await session.load(
      { name: 'input.csv', sqlPath: INPUT, size },
      sniffInput('input.csv', head, size),
      { skipBadRows: false },
    );
    await session.decide({
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options: DEFAULT_OPTIONS,
    });
    tables = (
      await db.query<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary
         UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary
         ORDER BY name`,
      )
    ).map((r) => r.name);
    outputsBefore = await outputs(before);
    fingerprintsBefore = await fingerprints();
    sqlConsole = await SqlConsole.open(db, openWasmDatabase);
  });

  afterAll(async () => {
    await sqlConsole?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has something the repro would change: convictions eligible for reduction', async () => {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::INT AS n FROM result_cells WHERE "Eligibility Determination" = 'Eligible for Reduction'`,
    );
    expect(row?.n).toBeGreaterThan(0);
    expect(outputsBefore.size).toBeGreaterThanOrEqual(4);
  });

  for (const sql of MUST_REFUSE) {
    it(`refuses: ${sql.slice(0, 90)}`, async () => {
      expect(await attempt(sql)).toBe(false);
      expect(await attempt(sql, true)).toBe(false);
      const [run] = await db.query(fingerprint('result_cells'));
      expect(run).toEqual(fingerprintsBefore.get('result_cells'));
    });
  }

  for (const sql of MAY_RUN) {
    it(`runs or refuses, harmlessly: ${sql.slice(0, 90)}`, async () => {
      await attempt(sql);
      const [run] = await db.query(fingerprint('determinations'));
      expect(run).toEqual(fingerprintsBefore.get('determinations'));
    });
  }

  it('runs the harmless ones that only read', async () => {
    for (const sql of [
      `SUMMARIZE determinations`,
      `FROM determinations SELECT rule_id LIMIT 3`,
      `DESCRIBE result_cells`,
      `SHOW TABLES`,
      `SELECT $$ ) a; DROP TABLE subjects; SELECT ( $$ AS text`,
      `PIVOT determinations ON determination IN ('Eligible for Dismissal') USING count(*)`,
    ]) {
      expect(await attempt(sql), sql).toBe(true);
    }
  });

  it('reads the settings as locked, and no file reachable', async () => {
    const { rows } = await sqlConsole.query(
      `SELECT current_setting('lock_configuration')::VARCHAR, current_setting('enable_external_access')::VARCHAR`,
    );
    expect(rows).toEqual([['true', 'false']]);
  });

  it('keeps the console’s own copy unchanged after the repro', async () => {
    await attempt(REPRO);
    const { rows } = await sqlConsole.query(fingerprint('result_cells'));
    const run = fingerprintsBefore.get('result_cells') as { n: number; digest: string };
    expect(rows).toEqual([[String(run.n), run.digest]]);
  });

  it('leaves the outputs and every table byte-identical after 400 random statements', async () => {
    const next = seeded(16);
    let ran = 0;
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      if (await attempt(randomStatement(next), i % 10 === 0)) ran++;
      else refused++;
    }
    // Not vacuous: some statements ran, many were refused.
    expect(ran).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(100);

    expect(await fingerprints()).toEqual(fingerprintsBefore);
    const after = await OutputFolder.create(path.join(dir, 'after'));
    const outputsAfter = await outputs(after);
    expect([...outputsAfter.keys()].sort()).toEqual([...outputsBefore.keys()].sort());
    for (const [name, bytes] of outputsBefore) {
      expect(outputsAfter.get(name)?.equals(bytes), name).toBe(true);
    }
  }, 600_000);
});
