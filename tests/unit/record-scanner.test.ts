/**
 * The fast reader's scanner reads only files that are plainly one 95-field record per line, and
 * hands anything else back (DuckDB's reader then accepts it or names the line and the problem).
 */
import { describe, expect, test } from 'vitest';
import { isStrictUtf8 } from '../helpers/strict-utf8';
import { DOJ_COLUMN_COUNT } from '../../src/doj/columns';
import { bytesSource } from '../../src/engine/extract-scan/byte-source';
import { writtenHeldRows } from '../helpers/held-rows';
import { scanRecords } from '../../src/engine/extract-scan/record-scanner';

const encoder = new TextEncoder();

/** A record of 95 fields: SUBJECT_ID (2), OFFENSE_DESCR (54) and COMMENT_TEXT (93) as given. */
function record(subject: string, offense = '', comment = '', extra: Record<number, string> = {}) {
  const fields: string[] = Array.from({ length: DOJ_COLUMN_COUNT }, () => 'x');
  fields[2] = subject;
  fields[54] = offense;
  fields[93] = comment;
  for (const [i, v] of Object.entries(extra)) fields[Number(i)] = v;
  return fields.join(',');
}

async function scan(text: string, hasHeader = false) {
  const seen: string[] = [];
  const decoder = new TextDecoder();
  const result = await scanRecords(
    bytesSource(encoder.encode(text)),
    {
      hasHeader,
      validText: isStrictUtf8,
    },
    (_i, buf, _s, _e, fields) => seen.push(decoder.decode(buf.subarray(fields[4], fields[5]))),
  );
  return { result, seen };
}

/**
 * The held rows' positions for a text; with `halves`, the second half is scanned by
 * scanHeldPart in this thread (standing in for the worker): the joining is what is tested.
 */
async function heldRows(text: string, halves: boolean) {
  const { result, rows } = await writtenHeldRows(bytesSource(encoder.encode(text)), {
    secondThread: halves,
  });
  const lines = rows.split('\n').filter(Boolean);
  return { result, positions: lines.map((r) => Number(r.split(',')[0])) };
}

describe('scanRecords', () => {
  test('reads LF and CRLF files, with or without a final line break or a header', async () => {
    for (const text of [
      `${record('A')}\n${record('B')}\n`,
      `${record('A')}\r\n${record('B')}\r\n`,
      `${record('A')}\n${record('B')}`,
    ]) {
      expect(await scan(text)).toEqual({ result: { records: 2 }, seen: ['A', 'B'] });
    }
    expect((await scan(`${record('H')}\n${record('A')}\n`, true)).seen).toEqual(['A']);
  });

  test('keeps quoted fields whole: commas, doubled quotes, and a quote inside an unquoted field', async () => {
    const { result, seen } = await scan(`${record('"A,1"', '"say ""hi"""')}\n${record('B"2')}\n`);
    expect(result).toEqual({ records: 2 });
    expect(seen).toEqual(['"A,1"', 'B"2']);
  });

  test.each([
    ['a blank line', `${record('A')}\n\n${record('B')}\n`, 'blank-line', 2],
    ['a missing field', `${record('A')}\n${record('B').replace(/,x$/, '')}\n`, 'field-count', 2],
    ['an extra field', `${record('A')},x\n`, 'field-count', 1],
    [
      'a quote never closed on its line',
      `${record('"A')}\n${record('B')}\n`,
      'line-break-in-field',
      1,
    ],
    ['text after a closing quote', `${record('"A"B')}\n`, 'quote', 1],
    ['a lone carriage return', `${record('A')}\r${record('B')}\n`, 'line-break-in-field', 1],
    ['a byte order mark', `\uFEFF${record('A')}\n`, 'byte-order-mark', 1],
  ])('hands back a file with %s', async (_name, text, stop, line) => {
    expect((await scan(text)).result).toEqual({ stop, line });
  });

  test('hands back bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([...encoder.encode(record('A')), 0xff, 10]);
    const result = await scanRecords(
      bytesSource(bytes),
      { hasHeader: false, validText: () => false },
      () => undefined,
    );
    expect(result.stop).toBe('encoding');
  });
});

describe('writeHeldRows', () => {
  const held = (text: string) => heldRows(text, false);
  test('keeps every row of a person with any 11357-11360 mention, and nobody else', async () => {
    const text = [
      record('P1', '242 PC-BATTERY'),
      record('P1', '11357(A) HS-POSSESS'),
      record('P2', '459 PC-BURGLARY'),
      record(' P3 ', 'SEE COMMENT FOR CHARGE', '11360 HS-TRANSPORT'),
      record('P3', '148 PC'),
      record('P4', '11350 HS', 'NOT 1135 ANYTHING'),
    ].join('\n');
    const { result, positions } = await held(text);
    expect(result).toEqual({ records: 6, heldRecords: 4, passes: 1, threads: 1 });
    expect(positions).toEqual([0, 1, 3, 4]);
  });

  test("finds a person's rows when they are apart, in a second pass", async () => {
    const text = [
      record('P1', '242 PC'),
      record('P2', '459 PC'),
      record('P1', '11359 HS'),
      record('P2', '148 PC'),
    ].join('\n');
    const { result, positions } = await held(text);
    expect(result).toEqual({ records: 4, heldRecords: 2, passes: 2, threads: 1 });
    expect(positions).toEqual([0, 2]);
  });
});

describe('writeHeldRows in two halves', () => {
  const held = (text: string) => heldRows(text, true);
  test('joins a person whose rows cross the middle, and numbers the second half on', async () => {
    const text = [
      record('P1', '242 PC'),
      record('P1', '11357 HS'),
      record('P2', '459 PC'),
      record('P2', '148 PC'),
      record('P2', '11360 HS'), // the middle falls inside P2's rows
      record('P3', '148 PC'),
      record('P4', '11358 HS'),
      record('P4', '242 PC'),
    ].join('\n');
    const { result, positions } = await held(text);
    expect(result).toEqual({ records: 8, heldRecords: 7, passes: 1, threads: 2 });
    expect(positions).toEqual([0, 1, 2, 3, 4, 6, 7]);
  });

  test('a person in both halves but not across the middle takes a second pass', async () => {
    const text = [
      record('P1', '242 PC'),
      record('P2', '459 PC'),
      record('P3', '148 PC'),
      record('P4', '148 PC'),
      record('P5', '148 PC'),
      record('P1', '11359 HS'),
    ].join('\n');
    const { result, positions } = await held(text);
    expect(result).toEqual({ records: 6, heldRecords: 2, passes: 2, threads: 2 });
    expect(positions).toEqual([0, 5]);
  });
});
