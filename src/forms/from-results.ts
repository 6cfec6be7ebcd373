import { CsvRecordError, csvRecords, csvRecordsOf, type CsvRecord } from '../doj/csv-records';
import { InputError } from '../engine/errors';
import type { FormConviction, FormPerson, Relief } from './model';
import { FlagCounter } from './summary-report';

/**
 * Reads a run's Prop64_Results.csv (the 95 DOJ columns, then the 18 result columns, always with a
 * header) into one FormPerson per SUBJECT_ID, in the order people first appear. Values are
 * derived exactly as the rules derive them (src/rules/prop64/01_definitions.sql and 02_rows.sql),
 * so a motion's code sections and felony marks never disagree with the determinations.
 */

/** The columns read, by header name: looked up rather than assumed, so a wrong file fails. */
const NEEDED = [
  'SUBJECT_ID',
  'PRI_NAME',
  'PRI_DOB',
  'CII_NUMBER',
  'OFFENSE_DESCR',
  'OFFENSE_TOC',
  'CONV_STAT_DESCR',
  'COMMENT_TEXT',
  'Case Number',
  'Date of Conviction',
  'Eligibility Determination',
  'Eligibility Reason',
] as const;

type Column = (typeof NEEDED)[number];
type Row = Record<Column, string>;

const RELIEF_OF: Readonly<Record<string, Relief>> = {
  'Eligible for Dismissal': 'dismiss',
  'Eligible for Reduction': 'reduce',
};

/** The people of a whole Prop64_Results.csv held as one string (small files, tests). */
export function peopleFromProp64Results(csvText: string): FormPerson[] {
  const reader = new ResultsReader();
  try {
    for (const record of csvRecordsOf(csvText)) reader.add(record);
  } catch (error) {
    throw asInputError(error);
  }
  return reader.people();
}

/** What the papers read from Prop64_Results.csv: the people, and the flags the report counts. */
export interface Prop64Results {
  people: FormPerson[];
  flags: Record<string, number>;
}

/**
 * Prop64_Results.csv read as it arrives (a file's text in chunks), in one pass for the people
 * and the flag counts: only the record being read is held besides what they keep.
 */
export async function readProp64Results(
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<Prop64Results> {
  const reader = new ResultsReader();
  let flags: FlagCounter | undefined;
  try {
    for await (const record of csvRecords(chunks)) {
      reader.add(record);
      if (flags) flags.add(record.fields);
      else flags = new FlagCounter(record.fields);
    }
  } catch (error) {
    throw asInputError(error);
  }
  return { people: reader.people(), flags: flags?.counts() ?? {} };
}

/** Problems with the file, named with its line; never a field's value. */
function asInputError(error: unknown): unknown {
  if (error instanceof CsvRecordError) {
    return new InputError(RESULTS_FILE, error.problem, error.line);
  }
  return error;
}

const RESULTS_FILE = 'Prop64_Results.csv';

/** Records in; people out, one per SUBJECT_ID, convictions merged as addConviction says. */
class ResultsReader {
  private header: { width: number; index: Record<Column, number> } | undefined;
  private readonly byId = new Map<string, FormPerson>();
  private readonly merged = new Map<FormPerson, Map<string, FormConviction>>();

  add({ fields, line }: CsvRecord): void {
    if (!this.header) {
      this.header = { width: fields.length, index: columnIndex(fields) };
      return;
    }
    const row = readRow(fields, line, this.header.width, this.header.index);
    const subjectId = row.SUBJECT_ID.trim();
    let person = this.byId.get(subjectId);
    if (!person) {
      person = newPerson(subjectId, row);
      this.byId.set(subjectId, person);
      this.merged.set(person, new Map());
    }
    addCaseNumbers(person, row['Case Number']);
    addConviction(person, this.merged.get(person)!, conviction(row));
  }

  people(): FormPerson[] {
    if (!this.header) throw new InputError(RESULTS_FILE, 'is empty: it has no header line', 1);
    return [...this.byId.values()];
  }
}

function columnIndex(header: string[]): Record<Column, number> {
  const names = header.map((h) => h.trim());
  const missing = NEEDED.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      RESULTS_FILE,
      `the first line is not the results header (no column ${missing
        .map((c) => `"${c}"`)
        .join(', ')})`,
      1,
    );
  }
  return Object.fromEntries(NEEDED.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
}

function readRow(
  fields: string[],
  lineNumber: number,
  width: number,
  index: Record<Column, number>,
): Row {
  if (fields.length !== width) {
    throw new InputError(
      RESULTS_FILE,
      `has ${fields.length} fields; the header has ${width}`,
      lineNumber,
    );
  }
  return Object.fromEntries(NEEDED.map((c) => [c, fields[index[c]] ?? ''])) as Row;
}

function newPerson(subjectId: string, row: Row): FormPerson {
  return {
    subjectId,
    name: row.PRI_NAME.trim(),
    dob: usDate(row.PRI_DOB),
    cii: row.CII_NUMBER.trim(),
    caseNumbers: [],
    convictions: [],
  };
}

/** "19600314" -> "03/14/1960"; anything that is not eight digits is unknown. */
function usDate(yyyymmdd: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd.trim());
  return m ? `${m[2]}/${m[3]}/${m[1]}` : '';
}

/** "Case Number" lists a court step's case numbers joined by "; ", padding as written. */
function splitCaseNumbers(value: string): string[] {
  return value
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function addCaseNumbers(person: FormPerson, value: string): void {
  for (const n of splitCaseNumbers(value)) {
    if (!person.caseNumbers.includes(n)) person.caseNumbers.push(n);
  }
}

/** As the SQL macro charge_is_in_comment: the charge is in COMMENT_TEXT when the offense is. */
function chargeIsInComment(offenseDescr: string): boolean {
  const t = offenseDescr.trim();
  return t === '' || t === 'SEE COMMENT FOR CHARGE';
}

/** As code_section_of: "11357(C)HS-POSSESS MARIJUANA" -> "11357(C)HS". */
function codeSectionOf(charge: string): string {
  return (charge.split('-')[0] ?? '').trim();
}

/** As prop64_section_of: the leftmost of 11357/11358/11359/11360 in the text, or ''. */
function prop64SectionOf(text: string): string {
  return /1135[789]|11360/.exec(text)?.[0] ?? '';
}

function conviction(row: Row): FormConviction {
  const charge = chargeIsInComment(row.OFFENSE_DESCR) ? row.COMMENT_TEXT : row.OFFENSE_DESCR;
  const codeSection = codeSectionOf(charge);
  const status = row.CONV_STAT_DESCR.trim();
  const determination = row['Eligibility Determination'].trim();
  return {
    date: row['Date of Conviction'].trim(),
    codeSection,
    section: prop64SectionOf(codeSection),
    // As 02_rows.sql's is_felony: the status says so, or it is blank and the type of crime is F.
    felony: status === 'FELONY' || (status === '' && row.OFFENSE_TOC.trim() === 'F'),
    caseNumber: splitCaseNumbers(row['Case Number']).join('; '),
    relief: RELIEF_OF[determination] ?? null,
    determination,
    reason: row['Eligibility Reason'].trim(),
    counts: 1,
  };
}

/**
 * The DOJ writes one row per count (and repeats a count's row for multi-part sentences), so rows
 * that say the same thing become one conviction with a count. Felony and reason are part of the
 * key too: merging rows that differ there would hide what one of them says.
 */
function addConviction(
  person: FormPerson,
  seen: Map<string, FormConviction>,
  c: FormConviction,
): void {
  const key = JSON.stringify([
    c.caseNumber,
    c.date,
    c.codeSection,
    c.determination,
    c.felony,
    c.reason,
  ]);
  const same = seen.get(key);
  if (same) {
    same.counts += 1;
    return;
  }
  seen.set(key, c);
  person.convictions.push(c);
}
