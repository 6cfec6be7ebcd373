import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { splitSqlStatements } from '../../src/engine/sql-statements';

describe('splitSqlStatements', () => {
  test('splits at semicolons outside strings, identifiers and comments', () => {
    const sql = `-- a comment; not a split
SELECT 'a;b', "x;y" FROM t; /* c; d */ SELECT 'it''s; fine';
SELECT 3`;
    expect(splitSqlStatements(sql)).toEqual([
      `-- a comment; not a split\nSELECT 'a;b', "x;y" FROM t`,
      `/* c; d */ SELECT 'it''s; fine'`,
      'SELECT 3',
    ]);
  });

  test('drops pieces that are only comments', () => {
    expect(splitSqlStatements('SELECT 1;\n-- trailing note\n')).toEqual(['SELECT 1']);
  });

  test('every rule file splits into statements that each start a known command', () => {
    const dir = path.resolve(import.meta.dirname, '../../src/rules/prop64');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const statements = splitSqlStatements(readFileSync(path.join(dir, file), 'utf8'));
      expect(statements.length, file).toBeGreaterThan(0);
      for (const s of statements) {
        const bare = s.replace(/--[^\n]*\n/g, '').trim();
        expect(bare, `${file}: ${bare.slice(0, 60)}`).toMatch(/^(CREATE|INSERT|SELECT)\b/);
      }
    }
  });
});
