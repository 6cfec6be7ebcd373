import { RESULT_COLUMNS } from '../doj/columns';
import { sqlIdentifier, type Database } from './database';
import type { ResultRow } from './extract-scan/line-outputs';

/**
 * The rows that have any result cell (a relevant conviction, or a Possible Other P64 Charge), in
 * file order: all the fast reader's output pass needs from DuckDB, a few per cent of the file.
 */
export async function readResultRows(db: Database): Promise<ResultRow[]> {
  const columns = await db.queryColumns(
    `SELECT row_idx, subject_id_raw, is_relevant, ${RESULT_COLUMNS.map(sqlIdentifier).join(', ')}
     FROM result_cells
     ORDER BY row_idx`,
  );
  const column = (name: string) => columns[name] ?? [];
  const rowIdx = column('row_idx');
  const subject = column('subject_id_raw');
  const relevant = column('is_relevant');
  const cells = RESULT_COLUMNS.map(column);
  return rowIdx.map((idx, i) => ({
    rowIdx: Number(idx),
    subjectIdRaw: (subject[i] as string | null) ?? null,
    relevant: relevant[i] === true,
    cells: cells.map((values) => (values[i] as string | null) ?? null),
  }));
}
