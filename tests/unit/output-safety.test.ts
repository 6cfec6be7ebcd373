/**
 * The wide outputs copy input lines as written. These tests pin the two ways that could go wrong:
 * a cell a spreadsheet would execute, and a file whose lines are not its records.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCsvLine } from '../../src/doj/csv-line';
import { FIXTURES, runEngine } from '../helpers/run-engine';

const fixture = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8');
const lines = fixture.split('\n');

function withField(lineIndex: number, column: number, value: string): string {
  const copy = [...lines];
  const fields = parseCsvLine(copy[lineIndex] ?? '');
  fields[column] = value;
  copy[lineIndex] = fields
    .map((f) => (/^[ \t]|[,"\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f))
    .join(',');
  return copy.join('\n');
}

describe('formula cells', () => {
  test('are neutralised in every output, and nothing else on the line changes', async () => {
    // Line 6 is a Sacramento 11358 conviction (a Prop 64 row); column 93 is COMMENT_TEXT.
    const input = withField(6, 93, '=HYPERLINK("http://example.com","click")');
    const run = await runEngine({
      input: { text: input },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
    });
    try {
      for (const file of ['All_Results.csv', 'Prop64_Results.csv', 'All_Results_Condensed.csv']) {
        const text = await run.read(file);
        expect(text, file).toContain(`"'=HYPERLINK(""http://example.com"",""click"")"`);
        expect(text, file).not.toMatch(/(^|,)"?=HYPERLINK/m);
      }
      const all = (await run.read('All_Results.csv')).split('\n');
      const original = parseCsvLine(lines[6] ?? '');
      const written = parseCsvLine(all[6] ?? '');
      expect(written.slice(0, 93)).toEqual(original.slice(0, 93));
      expect(written[94]).toBe(original[94]);
    } finally {
      await run.cleanup();
    }
  });
});

describe('a quoted field holding a line break', () => {
  test('is read as one record and written back intact, determinations aligned', async () => {
    const input = withField(2, 93, 'FIRST LINE\nSECOND LINE');
    const run = await runEngine({
      input: { text: input },
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
    });
    try {
      expect(run.summary.lineCount).toBe(38);
      const text = await run.read('All_Results.csv');
      expect(text).toContain('"FIRST LINE\nSECOND LINE"');
      const expected = readFileSync(
        path.join(FIXTURES, 'sacramento-handmade.expected.csv'),
        'utf8',
      );
      // Everything but the edited record is as the earlier tool wrote it.
      const strip = (t: string) => t.replace(/\n[^\n]*FIRST LINE\nSECOND LINE[^\n]*/, '');
      const expectedLines = expected.split('\n');
      expectedLines.splice(2, 1);
      expect(strip(text)).toBe(expectedLines.join('\n'));
    } finally {
      await run.cleanup();
    }
  });
});
