/** Output cell formatting, run in real DuckDB: quoting as the earlier tool, and formula neutralising. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/engine/database';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';
import { CSV_FORMAT_SQL } from '../../src/engine/csv-format';

let db: Database;
beforeAll(async () => {
  db = await openWasmDatabase();
  await db.exec(CSV_FORMAT_SQL);
});
afterAll(() => db.close());

async function cell(value: string | null): Promise<string> {
  const [row] = await db.query<{ v: string }>('SELECT csv_cell(?::VARCHAR) AS v', [value]);
  return row?.v ?? 'missing';
}

describe('csv_cell', () => {
  test.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+cmd|calc', "'+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['\t=1+1', `'\t=1+1`],
  ])('neutralises a formula: %j', async (value, written) => {
    expect(await cell(value)).toBe(written);
  });

  test.each([
    ['  -  ', '"  -  "'],
    ['-', '-'],
    ['--', '--'],
    ['-1.0', '-1.0'],
    ['+5', '+5'],
    ['SKYWALKER,LUKE S', '"SKYWALKER,LUKE S"'],
    ["O'BRIEN,PAT", `"O'BRIEN,PAT"`],
    ['11357(C)HS-POSSESS MARIJUANA', '11357(C)HS-POSSESS MARIJUANA'],
    ['19600314', '19600314'],
    ['x       ', 'x       '],
    ['\t\t\t', '"\t\t\t"'],
    ['\\.', '"\\."'],
    ['', ''],
    [null, ''],
  ])('leaves ordinary DOJ values alone: %j', async (value, written) => {
    expect(await cell(value)).toBe(written);
  });
});
