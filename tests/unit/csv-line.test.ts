import { describe, expect, it } from 'vitest';
import { CsvLineError, parseCsvLine } from '../../src/doj/csv-line';
import { Random } from '../../src/doj/random';

describe('parseCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['', ['']],
    [',', ['', '']],
    ['a,', ['a', '']],
    [',a', ['', 'a']],
    [',,', ['', '', '']],
    ['"SKYWALKER,LUKE S",19600314', ['SKYWALKER,LUKE S', '19600314']],
    ['"say ""hi""",b', ['say "hi"', 'b']],
    ['""', ['']],
    ['"",""', ['', '']],
    ['""""', ['"']],
    ['"a,b",', ['a,b', '']],
    ['x   ,  -  ,"   "', ['x   ', '  -  ', '   ']],
    ['"line\r\nbreak",c', ['line\r\nbreak', 'c']],
    ['"\t\t",#', ['\t\t', '#']],
    ["NUÑEZ,O'BRIEN,JOSÉ", ['NUÑEZ', "O'BRIEN", 'JOSÉ']],
    ['a,b\n', ['a', 'b']],
    ['a,"b"\r\n', ['a', 'b']],
  ])('splits %j', (line, fields) => {
    expect(parseCsvLine(line)).toEqual(fields);
  });

  it.each([
    ['"abc', 0],
    ['a,"bc', 2],
    ['a,"b""', 2],
    ['"a"b,c', 3],
    ['"a" ,c', 3],
    ['a"b,c', 1],
    ['abc,d"', 5],
    ['a\nb', 1],
    ['a,b\r', 3],
    ['a\r\nb', 1],
  ])('rejects %j at character %i', (line, position) => {
    let error: unknown;
    try {
      parseCsvLine(line);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvLineError);
    expect((error as CsvLineError).position).toBe(position);
  });

  it('names the problem in the message', () => {
    expect(() => parseCsvLine('a,"never closed')).toThrow(/never closed/);
    expect(() => parseCsvLine('ab"c')).toThrow(/quotation mark inside an unquoted field/);
  });

  it('reads back whatever an RFC 4180 writer wrote', () => {
    const rnd = new Random(7);
    const alphabet = ['a', 'Z', '1', ' ', ',', '"', '\r', '\n', 'é', '\t', '-'];
    for (let trial = 0; trial < 2000; trial++) {
      const fields = Array.from({ length: rnd.int(1, 8) }, () =>
        Array.from({ length: rnd.int(0, 6) }, () => rnd.pick(alphabet)).join(''),
      );
      const line = fields
        .map((f) => (/[",\r\n]/.test(f) || rnd.chance(0.2) ? `"${f.replaceAll('"', '""')}"` : f))
        .join(',');
      expect(parseCsvLine(line)).toEqual(fields);
    }
  });
});
