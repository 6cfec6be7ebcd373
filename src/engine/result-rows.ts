import { RESULT_COLUMNS } from '../doj/columns';
import { sqlIdentifier, type Database } from './database';
import type { ResultRow } from './extract-scan/line-outputs';

/**
 * The rows of row_results that have any result cell (a relevant conviction, or a Possible Other
 * P64 Charge), in file order: all the fast reader's output pass needs from DuckDB, a few per cent
 * of the file.
 */
export async function readResultRows(db: Database): Promise<ResultRow[]> {
  const rows = await db.query<Record<string, string | null | boolean | number>>(
    `SELECT row_idx, subject_id_raw, is_relevant, ${RESULT_COLUMNS.map(sqlIdentifier).join(', ')}
     FROM row_results
     WHERE is_relevant OR "Possible Other P64 Charges" IS NOT NULL
     ORDER BY row_idx`,
  );
  return rows.map((row) => ({
    rowIdx: Number(row.row_idx),
    subjectIdRaw: (row.subject_id_raw as string | null) ?? null,
    relevant: row.is_relevant === true,
    cells: RESULT_COLUMNS.map((c) => (row[c] as string | null) ?? null),
  }));
}
