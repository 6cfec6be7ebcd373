/**
 * 01_definitions.sql's shortcuts must give exactly what they stand for: trimmed(x) is trim(x) for
 * every value, including the Unicode spaces DuckDB's trim removes and the control characters it
 * keeps.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString, type Database } from '../../src/engine/database';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';

const DEFINITIONS = path.resolve(__dirname, '../../src/rules/prop64/01_definitions.sql');

let db: Database;
beforeAll(async () => {
  db = await openWasmDatabase();
  await db.exec(await readFile(DEFINITIONS, 'utf8'));
});
afterAll(() => db.close());

/** The values among `values` where trimmed() and trim() disagree (none, when correct). */
async function disagreements(values: (string | null)[]): Promise<(string | null)[]> {
  const rows = values.map((x, i) => `(${i}, ${x === null ? 'NULL' : sqlString(x)})`);
  await db.exec(`CREATE OR REPLACE TABLE v (i INTEGER, x VARCHAR);
    INSERT INTO v VALUES ${rows.join(', ')};`);
  const differ = await db.query<{ i: number }>(
    'SELECT i FROM v WHERE trimmed(x) IS DISTINCT FROM trim(x) ORDER BY i',
  );
  return differ.map((r) => values[r.i]!);
}

describe('trimmed()', () => {
  it('is trim() on blanks, spaces at either end and the Unicode spaces', async () => {
    // Every Unicode space separator (trim removes them) and the ASCII controls (it keeps them).
    const spaces = [0x20, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i)];
    const others = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
    const values: (string | null)[] = [null, '', ' ', '   ', 'A', ' A', 'A ', ' A B ', '  -  '];
    for (const cp of [...spaces, ...others, 0xfeff]) {
      const c = String.fromCodePoint(cp);
      values.push(c, `${c}A`, `A${c}`, `${c}A${c}`, `A${c}B`, ` ${c}A`, `A${c} `);
    }
    values.push('JOSÉ', ' JOSÉ ', 'SMITH,JOHN\u00a0', '11357(A) HS', 'É');
    expect(await disagreements(values)).toEqual([]);
  });

  it('is trim() on 5,000 random strings of spaces, letters and other characters', async () => {
    const alphabet = [' ', ' ', 'A', '1', '-', ',', '\t', '\u00a0', '\u3000', 'é', '\u2009'];
    let seed = 64;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = Array.from({ length: 5000 }, () =>
      Array.from(
        { length: Math.floor(random() * 6) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join(''),
    );
    expect(await disagreements(values)).toEqual([]);
  });
});
