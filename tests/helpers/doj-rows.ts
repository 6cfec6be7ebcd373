import { DOJ_COLUMNS, type DojColumn } from '../../src/doj/columns';
import { toCsvField } from './csv';

/**
 * Golden cases write only the columns a rule looks at; this fills in the other 95 - n with the
 * placeholders real extracts carry, so the engine reads a genuine 95-column file.
 */
export function toDojFile(rows: Partial<Record<DojColumn, string>>[], header = true): string {
  const lines = rows.map((row, index) =>
    DOJ_COLUMNS.map((column) => {
      if (column === 'RECORD_ID') return row.RECORD_ID ?? String(index + 1);
      if (column === 'CII_NUMBER')
        return toCsvField(row.CII_NUMBER ?? `A${(row.SUBJECT_ID ?? '').padStart(9, '0')}`);
      return toCsvField(row[column] ?? (column.endsWith('_SEP') ? '#' : ''));
    }).join(','),
  );
  return `${header ? `${DOJ_COLUMNS.join(',')}\n` : ''}${lines.join('\n')}\n`;
}
