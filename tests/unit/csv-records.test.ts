/**
 * CsvRecordSplitter: RFC 4180 records from text arriving in chunks, cut at every position, so a
 * chunk may end inside a quoted field, between a doubled quote's two marks or between CR and LF.
 */
import { describe, expect, test } from 'vitest';
import { CsvRecordError, csvRecords, csvRecordsOf, utf8Chunks } from '../../src/doj/csv-records';

const TEXT =
  '\uFEFFid,name,note\r\n' +
  '1,"SMITH,\r\nJOHN",""""\r\n' +
  '\r\n' +
  '2,"A ""B"" C",plain\n' +
  '3,,"x\ny\nz"';

const EXPECTED = [
  { fields: ['id', 'name', 'note'], line: 1 },
  { fields: ['1', 'SMITH,\r\nJOHN', '"'], line: 2 },
  { fields: ['2', 'A "B" C', 'plain'], line: 5 },
  { fields: ['3', '', 'x\ny\nz'], line: 6 },
];

async function collect(chunks: string[]) {
  const records = [];
  for await (const r of csvRecords(chunks)) records.push(r);
  return records;
}

describe('CSV records', () => {
  test('a whole text: quoted commas, CR/LF and quotes, blank lines skipped, lines as an editor counts', () => {
    expect(csvRecordsOf(TEXT)).toEqual(EXPECTED);
  });

  test('the same records wherever the text is cut into two chunks', async () => {
    for (let cut = 0; cut <= TEXT.length; cut++) {
      expect(await collect([TEXT.slice(0, cut), TEXT.slice(cut)])).toEqual(EXPECTED);
    }
  });

  test('bytes split inside a UTF-8 character decode whole', async () => {
    const bytes = new TextEncoder().encode('name\n"JOSÉ ✓"\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b]));
        controller.close();
      },
    });
    const records = [];
    for await (const r of csvRecords(utf8Chunks(stream))) records.push(r.fields);
    expect(records).toEqual([['name'], ['JOSÉ ✓']]);
  });

  test('a record that breaks the rules is named by the line it starts on, not its contents', () => {
    const broken = 'a,b\n1,2\n3,"SECRET\n4,5\n';
    expect(() => csvRecordsOf(broken)).toThrow(CsvRecordError);
    expect(() => csvRecordsOf(broken)).toThrow(/^line 3: quoted field is never closed/);
    try {
      csvRecordsOf(broken);
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRET');
    }
    expect(() => csvRecordsOf('a,b\n1,x"y\n')).toThrow(/^line 2: quotation mark inside/);
  });
});
