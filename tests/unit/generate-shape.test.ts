/**
 * The two shapes of synthetic extract, measured by DuckDB on the generated file: in the DOJ shape
 * (AB 1793) every subject has a Prop 64 row and about 90 rows; in the mixed shape most have none.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/engine/database';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';
import { DOJ_COLUMNS, type DojColumn } from '../../src/doj/columns';
import { parseCsvLine } from '../../src/doj/csv-line';
import { generateExtract, type ExtractShape } from '../../src/doj/generate';

const COUNTY = 'SAN JOAQUIN';
const ROWS = 20_000;
// A Prop 64 row names H&S 11357-11360 in the offense or, when the offense defers to it, the comment.
const PROP64 = `regexp_matches(coalesce(OFFENSE_DESCR, '') || ' ' || coalesce(COMMENT_TEXT, ''),
  '11357|11358|11359|11360')`;
const CONVICTION_IN_COUNTY = `trim(DISP_DESCR) LIKE 'CONVICTED%'
  AND upper(trim(STP_ORI_CNTY_NAME)) = '${COUNTY}'`;

interface Shape {
  subjects: number;
  rowsPerPerson: number;
  /** Share of subjects with any Prop 64 row, 0-1. */
  withProp64: number;
  /** Share of subjects with a Prop 64 conviction in the county, 0-1. */
  convictedInCounty: number;
  /** Share of rows that belong to a subject with a Prop 64 row, 0-1. */
  rowsOfProp64People: number;
}

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await openWasmDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-shape-'));
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

async function measure(shape: ExtractShape | undefined, seed: number): Promise<Shape> {
  const file = path.join(dir, `${shape ?? 'default'}-${seed}.csv`);
  await writeFile(file, generateExtract({ county: COUNTY, rows: ROWS, seed, shape }));
  const [row] = await db.query<Record<keyof Shape, number>>(`
    WITH t AS (SELECT * FROM read_csv('${file}', all_varchar = true, header = true)),
    people AS (
      SELECT SUBJECT_ID, count(*) AS n, bool_or(${PROP64}) AS p64,
        bool_or(${PROP64} AND ${CONVICTION_IN_COUNTY}) AS convicted
      FROM t GROUP BY SUBJECT_ID)
    SELECT count(*)::DOUBLE AS subjects,
      sum(n) / count(*) AS rowsPerPerson,
      avg(p64::INT) AS withProp64,
      avg(convicted::INT) AS convictedInCounty,
      sum(n) FILTER (WHERE p64) / sum(n) AS rowsOfProp64People
    FROM people`);
  if (!row) throw new Error('no result');
  return {
    subjects: Number(row.subjects),
    rowsPerPerson: Number(row.rowsPerPerson),
    withProp64: Number(row.withProp64),
    convictedInCounty: Number(row.convictedInCounty),
    rowsOfProp64People: Number(row.rowsOfProp64People),
  };
}

describe('the DOJ shape (the default)', () => {
  for (const seed of [1, 2016]) {
    it(`gives every subject a Prop 64 row and ~90 rows (seed ${seed})`, async () => {
      const shape = await measure(undefined, seed);
      expect(shape.withProp64).toBe(1);
      expect(shape.rowsOfProp64People).toBe(1);
      // Not every Prop 64 row is a conviction in the county (the subject cut short at the end
      // may keep only its arrest), but all others have one.
      expect(shape.convictedInCounty * shape.subjects).toBeGreaterThanOrEqual(shape.subjects - 1);
      expect(shape.rowsPerPerson).toBeGreaterThan(60);
      expect(shape.rowsPerPerson).toBeLessThan(120);
    });
  }

  it('is what `shape: doj` gives', async () => {
    const a = generateExtract({ county: COUNTY, rows: 500, seed: 3 });
    expect(generateExtract({ county: COUNTY, rows: 500, seed: 3, shape: 'doj' })).toBe(a);
    expect(generateExtract({ county: COUNTY, rows: 500, seed: 3, shape: 'mixed' })).not.toBe(a);
  });
});

describe('the mixed shape', () => {
  it('gives most subjects no Prop 64 row, and about 9 rows each', async () => {
    const shape = await measure('mixed', 2016);
    expect(shape.withProp64).toBeGreaterThan(0.15);
    expect(shape.withProp64).toBeLessThan(0.45);
    expect(shape.rowsOfProp64People).toBeLessThan(0.5);
    expect(shape.rowsPerPerson).toBeGreaterThan(5);
    expect(shape.rowsPerPerson).toBeLessThan(15);
  });
});

describe('the subject the row count cuts short, in the DOJ shape', () => {
  it('still has a Prop 64 row, wherever the cut falls', () => {
    const column = (name: DojColumn) => DOJ_COLUMNS.indexOf(name);
    const problems: number[] = [];
    // Every cut inside the first few subjects: the file's last subject must have a Prop 64 row.
    for (let rows = 1; rows <= 400; rows++) {
      const cut = generateExtract({ county: COUNTY, rows, seed: 8, header: false })
        .trimEnd()
        .split('\n')
        .map(parseCsvLine);
      const last = cut[cut.length - 1]?.[column('SUBJECT_ID')];
      const prop64 = cut.some(
        (f) =>
          f[column('SUBJECT_ID')] === last &&
          /11357|11358|11359|11360/.test(
            `${f[column('OFFENSE_DESCR')]} ${f[column('COMMENT_TEXT')]}`,
          ),
      );
      if (!prop64) problems.push(rows);
    }
    expect(problems).toEqual([]);
  });
});
