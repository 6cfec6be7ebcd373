/**
 * A seeded synthetic DOJ research file (shared/spec/doj-research-file.md) for tests, benchmarks and
 * the browser's sample file. Pure TypeScript with no Node imports, so the same seed gives the same
 * bytes in a browser and under Node. Everything in it is fabricated.
 */
import { DOJ_COLUMNS, type DojColumn } from './columns';
import {
  AGENCY_TYPES,
  CHARGES,
  COUNTIES,
  COUNTY_WEIGHTS,
  PROP64_CHARGES,
  REGISTRATION_CHARGE,
  REGISTRATION_CODE,
  caseNumber,
  chargeText,
  disposition,
  pad,
  stepNumbers,
  type Charge,
  type Sentence,
  type Values,
} from './generate-data';
import { makePerson, type PersonOdds } from './generate-people';
import { Random, weightedPool } from './random';

/**
 * What kind of extract to make.
 * - `doj`: what the DOJ sends a county under AB 1793: only people with a Prop 64 row (H&S
 *   11357-11360) in that county, each with their whole criminal history, about 90 rows a person.
 * - `mixed`: a general population, most people without a Prop 64 charge, about 9 rows a person
 *   (~35% of rows belong to people with a Prop 64 row). The project's original generator, kept
 *   byte for byte so earlier seeds still give the same files.
 */
export type ExtractShape = 'doj' | 'mixed';
export const EXTRACT_SHAPES: readonly ExtractShape[] = ['doj', 'mixed'];

export interface GenerateOptions {
  /** The county the extract is for (`SAN JOAQUIN`); written trimmed and upper case. */
  county: string;
  /** Data lines to produce; the last subject is cut off wherever the count is reached. */
  rows: number;
  /** Any safe integer; the same seed and options give the same bytes. */
  seed: number;
  /** Start with the RECORD_ID,... header line; default true. */
  header?: boolean;
  /** Default `doj`, the shape of a real extract. */
  shape?: ExtractShape;
}

// Mixed shape: tuned so ~15-20% of subjects have a Prop 64 conviction in the county and a
// 20,000-row file shows every oddity several times.
const P64_SUBJECT = 0.13;
const CYCLE_COUNTS = [1, 1, 1, 2, 2, 2, 3, 3, 4, 4];
const DECEASED = 0.01;
// DOJ shape: every subject has a Prop 64 conviction in the county, in one of 1-47 cycles (mean
// 24, ~4 rows a cycle: ~90 rows a person, as the earlier tool's generator makes). Whole
// lifetimes of records, so more of them end in a death. A few people's records are Prop 64
// charges only, and short (the policy's "only has 11357-60 charges" relief).
const DOJ_CYCLES = 23;
const DOJ_PROP64_ONLY = 0.06;
const DOJ_DECEASED = 0.03;
const DOJ_ODDS: PersonOdds = { unknownDob: 0.02, leapDay: 0.1 };
const OTHER_COUNTY = 0.15;
const COUNTS_PER_STEP = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4];

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(1975, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2024, 11, 31) / DAY_MS;
const NEEDS_QUOTES = /[",\r\n]/;
const TIME_DESCR = { D: 'DAYS', M: 'MONTHS', Y: 'YEARS' } as const;
// Fixed-width text fields the rules never read, padded with trailing spaces as DOJ sends them.
const DESCR_WIDTH = 60;
const ORI_WIDTH = 40;
const CONV_TOC: Readonly<Record<string, string>> = {
  FELONY: 'F',
  MISDEMEANOR: 'M',
  INFRACTION: 'I',
};

type Place = { name: string; code: string };

// Dates repeat a lot (18,000 possible days), and a Date per call showed up in profiles.
const YMD: string[] = [];
function ymd(day: number): string {
  let text = YMD[day - FIRST_DAY];
  if (text === undefined) {
    const d = new Date(day * DAY_MS);
    text = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
    if (day >= FIRST_DAY) YMD[day - FIRST_DAY] = text;
  }
  return text;
}

/** RFC 4180, quoting only when needed; a leading space is quoted so no reader can trim it. */
function cell(v: string): string {
  if (v === '' || (v.charCodeAt(0) !== 32 && !NEEDS_QUOTES.test(v))) return v;
  return `"${v.replaceAll('"', '""')}"`;
}

/**
 * A writer for columns first..last of a row: CSV, with a trailing comma unless the row ends there.
 * Rows are concatenated from subject, cycle, step and count pieces, each written once, instead of
 * 95 cells per row.
 */
function layout(first: DojColumn, last: DojColumn): (values: Values) => string {
  const end = DOJ_COLUMNS.indexOf(last);
  const names = DOJ_COLUMNS.slice(DOJ_COLUMNS.indexOf(first), end + 1);
  const trailer = end < DOJ_COLUMNS.length - 1 ? ',' : '';
  return (values) => {
    let out = '';
    for (const name of names) out += `${cell(values[name] ?? '')},`;
    return out.slice(0, -1) + trailer;
  };
}

const SUBJECT = layout('SUBJECT_STATUS', 'CITIZENSHIP_LIST');
const CYCLE = layout('CYC_SEG_SEP', 'STP_SEG_SEP');
const STEP = layout('STP_ORDER', 'CNT_SEG_SEP');
const NO_ECHO = layout('DISP_OFFENSE_CODE', 'CONV_OFFENSE_QUAL_LST')({});
const NUMBERS = layout('FE_NUM_ORDER', 'FE_NUM_WARRANT');
const OUTCOME = layout('DISP_ORDER', 'SENT_LOC_DESCR');
// No outcome: blank, or the conviction status code and sentence time sent as spaces.
const NO_OUTCOME = OUTCOME({ SENT_SEG_SEP: '#' });
const NO_OUTCOME_PADDED = OUTCOME({ CONV_STAT_CODE: ' '.repeat(24), SENT_SEG_SEP: '#' });
const NO_SENTENCE_PADDED = `,,${cell(' '.repeat(18))},`;
// Qualifier lists: blank, a placeholder, or 5-30 spaces, ready-quoted (they start with a space).
const QUALS = ['"  -  "', ...Array.from({ length: 26 }, (_, i) => `"${' '.repeat(i + 5)}"`)];
const PADDED_DESCR = new Map<Charge, string>();

/** A second stream, seeded from `seed`, for what the rules never read: filling those columns
 * leaves the main stream, and so everything a seed decides, as it was. */
function fillerRandom(seed: number): Random {
  return new Random((new Random(seed).int(0, 0xffff_ffff) ^ 0x5eed_f111) >>> 0);
}

/**
 * DISP_OFFENSE_CODE..CONV_OFFENSE_QUAL_LST of a court count: the court repeats the charge, and a
 * conviction names it once more at the level it was convicted at.
 */
function offenseEcho(fill: Random, charge: Charge, toc: string, outcome: Values): string {
  let descr = PADDED_DESCR.get(charge);
  if (descr === undefined) {
    descr = cell(charge.descr.padEnd(DESCR_WIDTH));
    PADDED_DESCR.set(charge, descr);
  }
  const qual = fill.chance(0.5) ? (QUALS[fill.int(1, QUALS.length - 1)] ?? '') : '';
  const disp = `${charge.code},${descr},${toc},${qual},`;
  if (!outcome.DISP_DESCR?.startsWith('CONVICTED')) return `${disp},,,,,`;
  const level = CONV_TOC[outcome.CONV_STAT_DESCR ?? ''] ?? toc;
  return `${disp}1,${charge.code},${descr},${level},${qual},`;
}

function place(name: string): Place {
  const i = COUNTIES.indexOf(name);
  return { name, code: i < 0 ? '' : pad(i + 1, 2) };
}

export function* generateExtractLines(opts: GenerateOptions): Generator<string> {
  if (!Number.isSafeInteger(opts.rows) || opts.rows < 0) {
    throw new RangeError(`rows must be a whole number >= 0, got ${opts.rows}`);
  }
  const county = opts.county.trim().toUpperCase();
  if (county === '') throw new RangeError('county must not be empty');
  const rnd = new Random(opts.seed);
  const fill = fillerRandom(opts.seed);
  const home = place(county);
  const others = weightedPool(
    COUNTIES.filter((c) => c !== county).map(
      (c) => [place(c), COUNTY_WEIGHTS.get(c) ?? 1] as const,
    ),
  );
  const shape = opts.shape ?? 'doj';
  if (!EXTRACT_SHAPES.includes(shape)) throw new RangeError(`unknown shape ${String(shape)}`);
  if (opts.header ?? true) yield DOJ_COLUMNS.join(',');
  let n = 0;
  for (let subject = 0; n < opts.rows; subject++) {
    let writer = new SubjectWriter(rnd, fill, home, others, shape);
    let rows = writer.write(subject);
    // In the DOJ shape no one is in the file without a Prop 64 row, not even the subject the
    // row count cuts short: if the cut would fall before it, that subject is made again with
    // the Prop 64 cycle first (its first row is the Prop 64 arrest count).
    if (shape === 'doj' && writer.prop64Row >= opts.rows - n) {
      writer = new SubjectWriter(rnd, fill, home, others, shape);
      rows = writer.write(subject, true);
    }
    for (const body of rows) {
      if (n === opts.rows) return;
      n++;
      yield `${n},${body}`;
    }
  }
}

/** The whole file as one string ('\n' line ends, one after the last line): small sizes only. */
export function generateExtract(opts: GenerateOptions): string {
  return [...generateExtractLines(opts), ''].join('\n');
}

/** Writes one subject's rows, without RECORD_ID (the caller numbers rows across subjects). */
class SubjectWriter {
  private readonly rows: string[] = [];
  private head = '';
  private dob = 0;
  private ph = '';
  private cycleNo = 0;
  private cycle = '';
  private age = '';
  private stepNo = 0;
  private step = '';
  private eventDate = '';
  private numbers = '';
  // A few people register for an offense the record does not show (convicted out of state).
  private registers: boolean;
  /** Every charge on this record is a Prop 64 one (DOJ shape only). */
  private prop64Only = false;
  /** Index in `write`'s rows of the first row of the forced Prop 64 cycle, or Infinity. */
  prop64Row = Infinity;

  constructor(
    private readonly rnd: Random,
    private readonly fill: Random,
    private readonly home: Place,
    private readonly others: readonly Place[],
    private readonly shape: ExtractShape,
  ) {
    this.registers = rnd.chance(0.002);
  }

  /** `prop64First`: the DOJ shape's Prop 64 cycle is the first (see generateExtractLines). */
  write(index: number, prop64First = false): string[] {
    const { rnd } = this;
    const doj = this.shape === 'doj';
    const person = makePerson(rnd, this.fill, index, doj ? DOJ_ODDS : undefined);
    [this.head, this.dob, this.ph] = [SUBJECT(person.values), person.dob, person.ph];
    const from = Math.max(FIRST_DAY, person.bornDay + Math.floor(18 * 365.25));
    this.prop64Only = doj && rnd.chance(DOJ_PROP64_ONLY);
    const cycles =
      doj && !this.prop64Only
        ? 1 + rnd.int(0, DOJ_CYCLES) + rnd.int(0, DOJ_CYCLES)
        : rnd.pick(CYCLE_COUNTS);
    const days = Array.from({ length: cycles }, () => rnd.int(from, LAST_DAY));
    days.sort((a, b) => a - b);
    let forced: number;
    if (doj) forced = prop64First ? 0 : rnd.int(0, cycles - 1);
    else forced = rnd.chance(P64_SUBJECT) ? rnd.int(0, cycles - 1) : -1;
    const deceased = rnd.chance(doj ? DOJ_DECEASED : DECEASED);
    days.forEach((day, c) => {
      if (c === forced) this.prop64Row = this.rows.length;
      this.cycleRows(c + 1, day, c === forced, deceased && c === cycles - 1);
    });
    return this.rows;
  }

  /** An arrest, usually a court action, now and then a registration, and a death at the end. */
  private cycleRows(cycleNo: number, day: number, forceProp64: boolean, dies: boolean): void {
    const { rnd, ph } = this;
    const where = forceProp64 || !rnd.chance(OTHER_COUNTY) ? this.home : rnd.pick(this.others);
    [this.cycleNo, this.stepNo] = [cycleNo, 0];
    this.cycle = CYCLE({
      CYC_SEG_SEP: ph && 'x       ',
      CYC_ORDER: String(cycleNo),
      CYC_DATE: ymd(day),
      STP_SEG_SEP: ph,
    });
    this.age = this.dob > 0 ? String(Math.floor((Number(ymd(day)) - this.dob) / 10000)) : '';
    const pool = this.prop64Only ? PROP64_CHARGES : CHARGES;
    const charges = Array.from({ length: rnd.pick(COUNTS_PER_STEP) }, () => rnd.pick(pool));
    if (forceProp64) charges[0] = rnd.pick(PROP64_CHARGES);

    const agency = rnd.pick(['CASO', 'CAPD', 'CAPD', 'CAHP']);
    this.startStep('ARREST/DETAINED/CITED', day, where, agency);
    const arrestNo = rnd.chance(0.6) ? String(rnd.int(100000, 999999)) : '';
    charges.forEach((c, i) =>
      this.count(i + 1, chargeText(rnd, c), rnd.pick(c.tocs), arrestNo, c.code),
    );

    let lastDay = day;
    if (forceProp64 || rnd.chance(0.85)) {
      lastDay = Math.min(LAST_DAY, day + rnd.int(0, 300));
      const year = Number(ymd(lastDay).slice(0, 4));
      const felonyCase = charges.some((c) => c.tocs.includes('F'));
      const court = year < 1998 && !felonyCase ? 'CAMC' : 'CASC';
      this.startStep('COURT ACTION', lastDay, where, court, '         x');
      const caseNo = caseNumber(rnd, year, felonyCase);
      this.numbers = NUMBERS(stepNumbers(this.fill, 'COURT ACTION', year, court, caseNo));
      let registrable = false;
      charges.forEach((charge, i) => {
        const convicted = (forceProp64 && i === 0) || rnd.chance(i === 0 ? 0.8 : 0.45);
        const ofn = rnd.chance(0.05) ? caseNumber(rnd, year, felonyCase) : caseNo;
        const toc = rnd.pick(charge.tocs);
        const [outcome, parts] = disposition(rnd, toc, convicted);
        const echo = offenseEcho(this.fill, charge, toc, outcome);
        this.count(i + 1, chargeText(rnd, charge), toc, ofn, charge.code, echo, outcome, parts);
        registrable ||= convicted && charge.registrable;
      });
      if (this.registers || (registrable && rnd.chance(0.45))) {
        this.registers = false;
        lastDay = Math.min(LAST_DAY, lastDay + rnd.int(1, 90));
        this.startStep('REGISTRATION', lastDay, where, rnd.pick(['CASO', 'CAPD']));
        this.count(1, [REGISTRATION_CHARGE, ''], '', '', REGISTRATION_CODE);
      }
    }
    if (dies) {
      const deathDay = Math.min(LAST_DAY, lastDay + rnd.int(30, 5000));
      this.startStep('DECEASED', deathDay, this.home, 'CACO');
      this.count(1, ['', ''], '', '', ph);
    }
  }

  /** Starts a step; a court step's numbers wait for its case number (see cycleRows). */
  private startStep(type: string, day: number, where: Place, agency: string, code = this.ph): void {
    const { rnd, ph } = this;
    const r = rnd.next();
    const [oriType = ph, oriDescr = ph] = AGENCY_TYPES.get(agency) ?? [];
    this.stepNo++;
    this.eventDate = r < 0.003 ? '' : r < 0.006 ? `${ymd(day).slice(0, 6)}00` : ymd(day);
    this.step = STEP({
      STP_ORDER: String(this.stepNo),
      STP_EVENT_DATE: this.eventDate,
      STP_TYPE_CODE: code,
      STP_TYPE_DESCR: type,
      STP_ORI_TYPE: oriType,
      STP_ORI_TYPE_DESCR: oriDescr.padEnd(ORI_WIDTH),
      STP_ORI_CODE: where.code && `CA0${where.code}${agency === 'CASC' ? '015J' : '0000'}`,
      STP_ORI_DESCR: `${agency}${rnd.chance(0.1) ? '' : ' '}${where.name}`,
      STP_ORI_CNTY_CODE: where.code,
      // Padding that readers must trim before comparing counties.
      STP_ORI_CNTY_NAME: r > 0.98 ? `${where.name}   ` : r > 0.975 ? `  ${where.name}` : where.name,
      CNT_SEG_SEP: ph,
    });
    if (type !== 'COURT ACTION') {
      const year = Number(ymd(day).slice(0, 4));
      this.numbers = NUMBERS(stepNumbers(this.fill, type, year, agency));
    }
  }

  /**
   * One count; a sentence in several parts repeats the row, one part each, same CNT_ORDER.
   * `echo` is DISP_OFFENSE_CODE..CONV_OFFENSE_QUAL_LST, blank but on court rows.
   */
  private count(
    countNo: number,
    [offense, comment]: readonly [string, string],
    toc: string,
    ofn: string,
    code: string,
    echo = NO_ECHO,
    outcome?: Values,
    parts: readonly Sentence[] = [],
  ): void {
    const { rnd, ph } = this;
    const r = rnd.next();
    // 3 digits cycle, 3 step, 3 count, then 000; the leading 1 only keeps the zeros.
    const order = String(1e12 + this.cycleNo * 1e9 + this.stepNo * 1e6 + countNo * 1e3).slice(1);
    const offenseToc = rnd.chance(0.01) ? '' : toc;
    const qual = r < 0.05 ? QUALS[0] : r < 0.6 ? QUALS[rnd.int(5, 30) - 4] : '';
    const disp = outcome ? this.eventDate : '';
    const body = `${order},${disp},${cell(ofn)},${code},${cell(offense)},${offenseToc},${qual},`;
    const tail = `${this.age},,,${cell(comment)},${ph && '#'}`;
    const padded = this.fill.chance(0.5);
    const result = outcome ? OUTCOME(outcome) : padded ? NO_OUTCOME_PADDED : NO_OUTCOME;
    // join() makes each row one flat string: a row left as a rope of ~40 pieces costs callers that
    // buffer lines far more in garbage collection than the copy does here.
    const { head, cycle, step, numbers } = this;
    if (parts.length === 0) {
      const sentence = padded ? NO_SENTENCE_PADDED : ',,,';
      this.rows.push([head, cycle, step, body, echo, numbers, result, sentence, tail].join(''));
    }
    const padTime = rnd.chance(0.5);
    for (const [length, unit] of parts) {
      const sentence = `${length},${unit},${TIME_DESCR[unit].padEnd(padTime ? 10 : 0)},`;
      this.rows.push([head, cycle, step, body, echo, numbers, result, sentence, tail].join(''));
    }
  }
}
