import type { Database } from '../engine/database';
import { writeLinesFile } from '../engine/line-files';
import { relationCsvQuery, relationCsvSql, type LinesQuery } from '../engine/outputs';
import type { OutputTarget } from '../engine/session';

/**
 * The filing package's data files, each a view of 50_filing.sql written with the outputs' quoting
 * and formula rule: what the court, the public defender and the office itself receive.
 */
export const FILING_OUTPUTS = {
  /** One row per granted conviction, for the court's case system (never a placeholder number). */
  courtData: {
    file: 'court-data.csv',
    view: 'court_data',
    columns: [
      'Court Case Number',
      'Court',
      'Name',
      'Date of Birth',
      'CII Number',
      'Date of Conviction',
      'Code Section',
      'Level',
      'Relief',
      'Statute',
      'Input Line',
    ],
  },
  /** Every challenged conviction with its ground: for the court and the public defender. */
  challenges: {
    file: 'challenges.csv',
    view: 'filing_challenges',
    columns: [
      'Court Case Number',
      'Name',
      'Date of Birth',
      'CII Number',
      'Code Section',
      'Date of Conviction',
      'Level',
      'Ground',
      'Note',
      'Input Line',
    ],
  },
  /** What is still held and why: the office's to-do list. */
  held: {
    file: 'held.csv',
    view: 'filing_held',
    columns: [
      'Input Line',
      'Court Case Number',
      'Name',
      'CII Number',
      'Code Section',
      'Date of Conviction',
      'Eligibility Determination',
      'Why Held',
      'Note',
    ],
  },
} as const;

export type FilingOutput = keyof typeof FILING_OUTPUTS;

export function filingCsvSql(kind: FilingOutput, targetPath: string): string {
  const { view, columns } = FILING_OUTPUTS[kind];
  return relationCsvSql(view, columns, targetPath);
}

export function filingCsvQuery(kind: FilingOutput): LinesQuery {
  const { view, columns } = FILING_OUTPUTS[kind];
  return relationCsvQuery(view, columns);
}

/** How many convictions each paper holds, for the package's summary. */
export interface FilingCounts {
  granted: number;
  challenged: number;
  held: number;
  /** Granted by default (no attorney decision) or by the attorney. */
  decidedByAttorney: number;
}

export const FILING_COUNTS_SQL = `SELECT
  (SELECT count(*) FROM court_data)::INTEGER        AS granted,
  (SELECT count(*) FROM filing_challenges)::INTEGER AS challenged,
  (SELECT count(*) FROM filing_held)::INTEGER       AS held,
  (SELECT count_if(decided_by_attorney) FROM filing_choices)::INTEGER AS "decidedByAttorney"`;

/**
 * Writes court-data.csv, challenges.csv and held.csv as 50_filing.sql last chose them, each at the
 * path DuckDB writes it to (a function of the file name) or into an output target (streamed where
 * it has no such path: the browser), and says how many convictions each holds. The CSV macros
 * (CSV_FORMAT_SQL) must be defined.
 */
export async function writeFilingFiles(
  db: Database,
  where: OutputTarget | ((file: string) => Promise<string> | string),
): Promise<{ files: string[]; counts: FilingCounts }> {
  const files: string[] = [];
  for (const kind of ['courtData', 'challenges', 'held'] as const) {
    const { file } = FILING_OUTPUTS[kind];
    if (typeof where === 'function') await db.exec(filingCsvSql(kind, await where(file)));
    else await writeLinesFile(db, where, file, filingCsvQuery(kind));
    files.push(file);
  }
  const [counts] = await db.query<FilingCounts & Record<string, unknown>>(FILING_COUNTS_SQL);
  return { files, counts: counts! };
}
