import { parseCsvLine } from '../doj/csv-line';
import type { FormConviction, FormPerson, Relief } from './model';

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

export function peopleFromProp64Results(csvText: string): FormPerson[] {
  // A BOM and CRLF endings are what a spreadsheet leaves when the file was saved again.
  const lines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fieldsOf(lines[0] ?? '', 1);
  const index = columnIndex(header);
  const people = new Map<string, FormPerson>();
  const merged = new Map<FormPerson, Map<string, FormConviction>>();
  lines.forEach((line, i) => {
    if (i === 0 || line === '') return;
    const row = readRow(line, i + 1, header.length, index);
    const subjectId = row.SUBJECT_ID.trim();
    let person = people.get(subjectId);
    if (!person) {
      person = newPerson(subjectId, row);
      people.set(subjectId, person);
      merged.set(person, new Map());
    }
    addCaseNumbers(person, row['Case Number']);
    addConviction(person, merged.get(person)!, conviction(row));
  });
  return [...people.values()];
}

function columnIndex(header: string[]): Record<Column, number> {
  const names = header.map((h) => h.trim());
  const missing = NEEDED.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `Prop64_Results.csv: the first line is not the results header (no column ${missing
        .map((c) => `"${c}"`)
        .join(', ')})`,
    );
  }
  return Object.fromEntries(NEEDED.map((c) => [c, names.indexOf(c)])) as Record<Column, number>;
}

function readRow(
  line: string,
  lineNumber: number,
  width: number,
  index: Record<Column, number>,
): Row {
  const fields = fieldsOf(line, lineNumber);
  if (fields.length !== width) {
    throw new Error(
      `Prop64_Results.csv line ${lineNumber} has ${fields.length} fields; the header has ${width}`,
    );
  }
  return Object.fromEntries(NEEDED.map((c) => [c, fields[index[c]] ?? ''])) as Row;
}

function fieldsOf(line: string, lineNumber: number): string[] {
  try {
    return parseCsvLine(line);
  } catch (error) {
    throw new Error(`Prop64_Results.csv line ${lineNumber}: ${(error as Error).message}`, {
      cause: error,
    });
  }
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
