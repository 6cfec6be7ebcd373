import { beforeAll, describe, expect, it } from 'vitest';
import { DOJ_COLUMNS, type DojColumn } from '../../src/doj/columns';
import { parseCsvLine } from '../../src/doj/csv-line';
import { generateExtract, generateExtractLines, type ExtractShape } from '../../src/doj/generate';

type Row = Record<DojColumn, string>;

const COUNTY = 'SAN JOAQUIN';

function rowsOf(text: string): Row[] {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.shift()).toBe(DOJ_COLUMNS.join(','));
  return lines.map((line) => {
    const fields = parseCsvLine(line);
    expect(fields).toHaveLength(DOJ_COLUMNS.length);
    return Object.fromEntries(DOJ_COLUMNS.map((c, i) => [c, fields[i]])) as Row;
  });
}

/** Per the rules spec: text before the first '-', from the comment when the offense defers to it. */
function codeSection(row: Row): string {
  const offense = row.OFFENSE_DESCR.trim();
  const text = offense === '' || offense === 'SEE COMMENT FOR CHARGE' ? row.COMMENT_TEXT : offense;
  return text.split('-')[0] ?? '';
}

const isConviction = (row: Row) => row.DISP_DESCR.trim().startsWith('CONVICTED');
const isProp64 = (section: string) => /11357|11358|11359|11360/.test(section);
const inCounty = (row: Row) => row.STP_ORI_CNTY_NAME.trim().toUpperCase() === COUNTY;
// A few patterns from shared/spec/disqualifiers.md, enough to recognise what the generator uses.
const SUPERSTRIKE = /(^|\D)(187|207|220|261(\(.*\))?|288(\(A\))?|191(\.5)?) PC/;
const PC290 = /(^|\D)(261|266|288|314\([12]\)|243\.4(.*)|647\.6(.*)|311\.11(.*)) PC/;
const SENTENCE_PARTS: DojColumn[] = [
  'RECORD_ID',
  'SENT_LENGTH',
  'SENT_TIME_CODE',
  'SENT_TIME_DESCR',
];

describe('generateExtract', () => {
  it('gives the same bytes for the same seed and different bytes for another', () => {
    const a = generateExtract({ county: COUNTY, rows: 3000, seed: 42 });
    expect(generateExtract({ county: COUNTY, rows: 3000, seed: 42 })).toBe(a);
    const b = generateExtract({ county: COUNTY, rows: 3000, seed: 43 });
    expect(b).not.toBe(a);
    expect(b.split('\n')[1]).not.toBe(a.split('\n')[1]);
  });

  it('writes exactly the requested number of data lines, cutting the last subject short', () => {
    for (const rows of [0, 1, 2, 7, 1234]) {
      const text = generateExtract({ county: COUNTY, rows, seed: 5 });
      expect(text.endsWith('\n')).toBe(true);
      expect(text.split('\n')).toHaveLength(rows + 2);
      const bare = generateExtract({ county: COUNTY, rows, seed: 5, header: false });
      expect(bare.split('\n')).toHaveLength(rows + 1);
      expect(text).toBe(`${DOJ_COLUMNS.join(',')}\n${bare}`);
    }
    // In the mixed shape a longer file starts with a shorter one. (In the DOJ shape the subject
    // cut short is made again when its Prop 64 row would be cut off: generate-shape.test.ts.)
    const mixed = { county: COUNTY, seed: 5, shape: 'mixed' } as const;
    const long = generateExtract({ ...mixed, rows: 1000 });
    expect(long.startsWith(generateExtract({ ...mixed, rows: 999 }))).toBe(true);
  });

  it('yields lines without line endings', () => {
    const lines = [...generateExtractLines({ county: COUNTY, rows: 500, seed: 9 })];
    expect(lines).toHaveLength(501);
    expect(lines.some((l) => l.includes('\n') || l.includes('\r'))).toBe(false);
  });

  it('writes the county trimmed and upper case', () => {
    const rows = rowsOf(generateExtract({ county: ' san joaquin ', rows: 300, seed: 3 }));
    expect(rows.some((r) => r.STP_ORI_CNTY_NAME === COUNTY)).toBe(true);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateExtract({ county: COUNTY, rows: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateExtract({ county: COUNTY, rows: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateExtract({ county: COUNTY, rows: 1, seed: 0.5 })).toThrow(RangeError);
    expect(() => generateExtract({ county: '  ', rows: 1, seed: 1 })).toThrow(RangeError);
    const shape = 'flat' as ExtractShape;
    expect(() => generateExtract({ county: COUNTY, rows: 1, seed: 1, shape })).toThrow(RangeError);
  });
});

// Cycles a person can have, and at least how many people 20,000 rows hold, by shape.
const MAX_CYCLES = { mixed: 4, doj: 47 };
const MIN_PEOPLE = { mixed: 1000, doj: 100 };

describe.each([
  [1, 'mixed'],
  [2024, 'mixed'],
  [1, 'doj'],
  [2024, 'doj'],
] as const)('a 20,000-row extract (seed %i, %s shape)', (seed, shape) => {
  let text: string;
  let rows: Row[];
  beforeAll(() => {
    text = generateExtract({ county: COUNTY, rows: 20_000, seed, shape });
    rows = rowsOf(text);
  });
  const some = (test: (row: Row, i: number) => boolean) => rows.some(test);

  it('numbers RECORD_ID 1..N in row order', () => {
    expect(rows).toHaveLength(20_000);
    expect(rows.filter((row, i) => row.RECORD_ID !== String(i + 1))).toEqual([]);
  });

  it('quotes a field exactly when it has a comma, quote, CR or LF or starts with a space', () => {
    const cell = (v: string) =>
      /[",\r\n]/.test(v) || v.startsWith(' ') ? `"${v.replaceAll('"', '""')}"` : v;
    const lines = text.split('\n').slice(1, -1);
    expect(
      rows.filter((row, i) => DOJ_COLUMNS.map((c) => cell(row[c])).join(',') !== lines[i]),
    ).toEqual([]);
    expect(some((r) => r.COMMENT_TEXT.includes('"'))).toBe(true);
  });

  it('keeps each subject together, with one CII, name and DOB', () => {
    const first = new Map<string, Row>();
    const problems: string[] = [];
    rows.forEach((row, i) => {
      const f = first.get(row.SUBJECT_ID);
      if (!f) first.set(row.SUBJECT_ID, row);
      else if (rows[i - 1]?.SUBJECT_ID !== row.SUBJECT_ID) problems.push(`${i}: subject split`);
      else if (
        `${f.CII_NUMBER}|${f.PRI_NAME}|${f.PRI_DOB}` !==
        `${row.CII_NUMBER}|${row.PRI_NAME}|${row.PRI_DOB}`
      ) {
        problems.push(`${i}: person changed`);
      }
      if (!/^[A1-9]\d{9}$/.test(row.CII_NUMBER)) problems.push(`${i}: CII ${row.CII_NUMBER}`);
    });
    expect(problems).toEqual([]);
    expect(new Set([...first.values()].map((r) => r.CII_NUMBER)).size).toBe(first.size);
    expect(first.size).toBeGreaterThan(MIN_PEOPLE[shape]);
  });

  it('builds CNT_ORDER from cycles, steps and counts, each cycle opening with an arrest', () => {
    const problems = rows.filter((row) => {
      const [cycle, step] = [Number(row.CNT_ORDER.slice(0, 3)), Number(row.CNT_ORDER.slice(3, 6))];
      return (
        !/^\d{9}000$/.test(row.CNT_ORDER) ||
        cycle < 1 ||
        cycle > MAX_CYCLES[shape] ||
        cycle !== Number(row.CYC_ORDER) ||
        step !== Number(row.STP_ORDER) ||
        Number(row.CNT_ORDER.slice(6, 9)) < 1 ||
        (step === 1) !== (row.STP_TYPE_DESCR === 'ARREST/DETAINED/CITED') ||
        (step === 1 && row.DISP_DESCR !== '')
      );
    });
    expect(problems).toEqual([]);
    expect(some((r) => r.CNT_ORDER.startsWith('004'))).toBe(true);
  });

  it('writes dates as YYYYMMDD within 1975-2024, with a few blank or partial ones', () => {
    const realDate = (d: string) =>
      new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T00:00:00Z`)
        .toISOString()
        .replaceAll('-', '')
        .startsWith(d);
    const problems = rows.filter(
      (r) =>
        !/^(\d{8})?$/.test(r.PRI_DOB) ||
        !/^((19(7[5-9]|[89]\d)|20[0-2]\d)\d{4})?$/.test(r.STP_EVENT_DATE) ||
        (/^\d{6}(0[1-9]|[12]\d|3[01])$/.test(r.STP_EVENT_DATE) && !realDate(r.STP_EVENT_DATE)) ||
        (/[1-9]$/.test(r.PRI_DOB) && !realDate(r.PRI_DOB)),
    );
    expect(problems).toEqual([]);
    expect(some((r) => r.PRI_DOB.endsWith('0229'))).toBe(true);
    expect(some((r) => r.PRI_DOB === '')).toBe(true);
    expect(some((r) => /^\d{4}0000$/.test(r.PRI_DOB))).toBe(true);
    expect(some((r) => r.STP_EVENT_DATE === '')).toBe(true);
    expect(some((r) => /^\d{4}(0[1-9]|1[0-2])00$/.test(r.STP_EVENT_DATE))).toBe(true);
  });

  it('repeats a count only for sentence parts, on consecutive rows', () => {
    let repeats = 0;
    const seen = new Set<string>();
    const problems: string[] = [];
    rows.forEach((row, i) => {
      const key = `${row.SUBJECT_ID}/${row.CNT_ORDER}`;
      const prev = rows[i - 1];
      if (prev && `${prev.SUBJECT_ID}/${prev.CNT_ORDER}` === key) {
        repeats++;
        const differ = DOJ_COLUMNS.filter((c) => row[c] !== prev[c] && !SENTENCE_PARTS.includes(c));
        if (differ.length > 0 || !isConviction(row)) problems.push(`${i}: ${differ.join(' ')}`);
        if (row.SENT_TIME_CODE === prev.SENT_TIME_CODE) problems.push(`${i}: same unit`);
      } else if (seen.has(key)) {
        problems.push(`${i}: ${key} again`);
      }
      seen.add(key);
    });
    expect(problems).toEqual([]);
    expect(repeats).toBeGreaterThan(10);
  });

  it('contains every oddity the rules have to handle', () => {
    const names = rows.map((r) => r.PRI_NAME);
    expect(names.every((n) => /^[^,]+, ?[^,]+$/.test(n))).toBe(true);
    expect(names.some((n) => n.includes("'"))).toBe(true);
    expect(names.some((n) => /[^\x20-\x7e]/.test(n))).toBe(true);
    expect(names.some((n) => /-/.test(n))).toBe(true);
    expect(names.some((n) => /\b(JR|SR|II|III|IV)$/.test(n))).toBe(true);
    expect(names.some((n) => /\bVON\b/.test(n))).toBe(true);
    expect(
      some((r) => r.OFFENSE_DESCR === 'SEE COMMENT FOR CHARGE' && isProp64(codeSection(r))),
    ).toBe(true);
    expect(some((r) => r.OFFENSE_DESCR === '' && /^\d/.test(r.COMMENT_TEXT))).toBe(true);
    expect(some((r) => /^664/.test(codeSection(r)) && isProp64(codeSection(r)))).toBe(true);
    expect(some((r) => r.STP_TYPE_DESCR === 'DECEASED')).toBe(true);
    expect(
      some((r) => r.STP_TYPE_DESCR === 'REGISTRATION' && r.OFFENSE_DESCR.startsWith('290')),
    ).toBe(true);
    expect(some((r) => isConviction(r) && SUPERSTRIKE.test(codeSection(r)))).toBe(true);
    expect(some((r) => isConviction(r) && PC290.test(codeSection(r)))).toBe(true);
    expect(some((r) => isConviction(r) && r.CONV_STAT_DESCR === '' && r.OFFENSE_TOC === 'F')).toBe(
      true,
    );
    expect(some((r) => !inCounty(r))).toBe(true);
    expect(some((r) => inCounty(r) && r.STP_ORI_CNTY_NAME !== COUNTY)).toBe(true);
    expect(some((r) => r.STP_TYPE_DESCR === 'COURT ACTION' && r.OFN === '')).toBe(true);
    expect(some((r) => r.STP_TYPE_DESCR === 'COURT ACTION' && r.OFN.trim() === 'NULL')).toBe(true);
    expect(some((r) => r.OFFENSE_QUAL_LST === '  -  ')).toBe(true);
    expect(some((r) => r.SUBJECT_STATUS === 'x' && r.REQ_SEG_SEP === '#')).toBe(true);
    const otherP64 = (r: Row) => {
      const offense = /11357|11358|11359|11360/.exec(r.OFFENSE_DESCR)?.[0];
      const comment = /11357|11358|11359|11360/.exec(r.COMMENT_TEXT)?.[0];
      return offense !== undefined && comment !== undefined && offense !== comment;
    };
    expect(some(otherP64)).toBe(true);
    for (const section of ['11357', '11358', '11359', '11360']) {
      expect(some((r) => isConviction(r) && inCounty(r) && codeSection(r).includes(section))).toBe(
        true,
      );
    }
  });

  it('gives the shape its share of subjects with a Prop 64 conviction, and few oddities', () => {
    const subjects = new Set(rows.map((r) => r.SUBJECT_ID));
    const share = (test: (r: Row) => boolean) =>
      new Set(rows.filter(test).map((r) => r.SUBJECT_ID)).size / subjects.size;
    const relevant = share((r) => isConviction(r) && inCounty(r) && isProp64(codeSection(r)));
    // Per person, a DOJ-shape record is ~10 times as long, so it holds more of everything.
    const doj = shape === 'doj';
    if (doj) {
      // All but perhaps the subject cut short at the end, which may keep only its arrest.
      expect(relevant * subjects.size).toBeGreaterThanOrEqual(subjects.size - 1);
    } else {
      expect(relevant).toBeGreaterThan(0.1);
      expect(relevant).toBeLessThan(0.25);
    }
    expect(share((r) => r.STP_TYPE_DESCR === 'DECEASED')).toBeLessThan(doj ? 0.08 : 0.03);
    expect(share((r) => r.STP_TYPE_DESCR === 'REGISTRATION')).toBeLessThan(doj ? 0.3 : 0.03);
    expect(share((r) => SUPERSTRIKE.test(codeSection(r)))).toBeLessThan(doj ? 0.3 : 0.05);
    const elsewhere = rows.filter((r) => !inCounty(r)).length / rows.length;
    expect(elsewhere).toBeGreaterThan(0.08);
    expect(elsewhere).toBeLessThan(0.22);
  });
});
