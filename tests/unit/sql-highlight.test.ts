import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { highlightLines, tokenize } from '../../src/ui/sql-highlight';

const RULES = path.resolve(__dirname, '../../src/rules/prop64');

describe('SQL colouring on the rules page', () => {
  it('keeps every character of every rule file, line for line', async () => {
    for (const name of (await readdir(RULES)).filter((n) => n.endsWith('.sql'))) {
      const text = await readFile(path.join(RULES, name), 'utf8');
      expect(
        tokenize(text)
          .map((t) => t.text)
          .join(''),
        name,
      ).toBe(text);
      const lines = highlightLines(text);
      expect(
        lines.map((l) => l.map((t) => t.text).join('')),
        name,
      ).toEqual(text.split('\n'));
    }
  });

  it('tells comments, strings, quoted names, numbers and keywords apart', () => {
    const kinds = tokenize(`SELECT 'it''s' AS "Case Number", 21 -- age\nFROM t`)
      .filter((t) => t.kind !== 'text')
      .map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'keyword:SELECT',
      "string:'it''s'",
      'keyword:AS',
      'identifier:"Case Number"',
      'number:21',
      'comment:-- age',
      'keyword:FROM',
    ]);
  });

  it('copes with an unterminated string without losing text', () => {
    expect(
      tokenize("SELECT 'abc")
        .map((t) => t.text)
        .join(''),
    ).toBe("SELECT 'abc");
  });
});
