import { CsvRecordError, csvRecords, type CsvRecord } from '../doj/csv-records';
import { InputError } from '../engine/errors';
import { FILING_OUTPUTS } from '../filing/filing-outputs';

/**
 * The filing data files read back for the papers: court-data.csv (every granted conviction) and
 * challenges.csv (every challenged one), as 50_filing.sql wrote them. The papers are made from
 * these files and nothing else, so a motion can only list a granted conviction with its own case
 * number, and the papers never disagree with the data files the court receives beside them.
 *
 * Read as streamed CSV records; columns are looked up by header name, so a file that is not the
 * one asked for fails with the file's name and line, never with a value from it.
 */
export interface CourtDataRow {
  caseNumber: string;
  court: string;
  name: string;
  dob: string;
  cii: string;
  date: string;
  codeSection: string;
  level: string;
  /** "Dismissal and sealing" or "Reduction to a misdemeanor", as court-data.csv writes it. */
  relief: string;
  /** "H&S 11361.8(b)" (sentence still being served) or "H&S 11361.8(f)" (completed). */
  statute: string;
  inputLine: string;
}

export interface ChallengeRow {
  caseNumber: string;
  name: string;
  dob: string;
  cii: string;
  codeSection: string;
  date: string;
  level: string;
  ground: string;
  note: string;
  inputLine: string;
}

const COURT_DATA_FIELDS: Record<keyof CourtDataRow, string> = {
  caseNumber: 'Court Case Number',
  court: 'Court',
  name: 'Name',
  dob: 'Date of Birth',
  cii: 'CII Number',
  date: 'Date of Conviction',
  codeSection: 'Code Section',
  level: 'Level',
  relief: 'Relief',
  statute: 'Statute',
  inputLine: 'Input Line',
};

const CHALLENGE_FIELDS: Record<keyof ChallengeRow, string> = {
  caseNumber: 'Court Case Number',
  name: 'Name',
  dob: 'Date of Birth',
  cii: 'CII Number',
  codeSection: 'Code Section',
  date: 'Date of Conviction',
  level: 'Level',
  ground: 'Ground',
  note: 'Note',
  inputLine: 'Input Line',
};

/** Text chunks of one file, as both shells hand them over (a Node stream, a browser File). */
export type TextChunks = AsyncIterable<string> | Iterable<string>;

/** Every row of court-data.csv, in file order. */
export function readCourtData(
  chunks: TextChunks,
  file: string = FILING_OUTPUTS.courtData.file,
): Promise<CourtDataRow[]> {
  return readRows(chunks, file, COURT_DATA_FIELDS, (row) => {
    if (row.caseNumber.trim() === '') return 'has no court case number';
    if (!/11361\.8\([bf]\)/.test(row.statute)) return 'has a Statute that is not 11361.8(b) or (f)';
    return null;
  });
}

/** Every row of challenges.csv, in file order. */
export function readChallenges(
  chunks: TextChunks,
  file: string = FILING_OUTPUTS.challenges.file,
): Promise<ChallengeRow[]> {
  return readRows(chunks, file, CHALLENGE_FIELDS, () => null);
}

async function readRows<T extends object>(
  chunks: TextChunks,
  file: string,
  fields: Record<keyof T, string>,
  problemOf: (row: T) => string | null,
): Promise<T[]> {
  const keys = Object.keys(fields) as (keyof T)[];
  const rows: T[] = [];
  let indexes: number[] | undefined;
  let width = 0;
  try {
    for await (const record of csvRecords(chunks)) {
      if (!indexes) {
        indexes = headerIndexes(
          record,
          keys.map((k) => fields[k]),
          file,
        );
        width = record.fields.length;
        continue;
      }
      if (record.fields.length !== width) {
        throw new InputError(
          file,
          `has ${record.fields.length} fields where the header has ${width}`,
          record.line,
        );
      }
      const row = {} as Record<keyof T, string>;
      keys.forEach((k, i) => (row[k] = record.fields[indexes![i]!]!));
      const problem = problemOf(row as T);
      if (problem) throw new InputError(file, problem, record.line);
      rows.push(row as T);
    }
  } catch (error) {
    if (error instanceof CsvRecordError) throw new InputError(file, error.problem, error.line);
    throw error;
  }
  if (!indexes) throw new InputError(file, 'is empty: it has no header line', 1);
  return rows;
}

function headerIndexes(record: CsvRecord, names: readonly string[], file: string): number[] {
  const header = record.fields.map((h) => h.trim());
  const missing = names.filter((n) => !header.includes(n));
  if (missing.length > 0) {
    throw new InputError(
      file,
      `is not the filing data file it should be: it has no ${missing.map((m) => `"${m}"`).join(', ')} column`,
      record.line,
    );
  }
  return names.map((n) => header.indexOf(n));
}
