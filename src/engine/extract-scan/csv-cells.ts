/**
 * The output cell rules of csv-format.ts (SQL), for the outputs the fast reader writes. The two
 * must agree byte for byte; tests/unit/fast-reader.test.ts runs both on the same files.
 */

/** csv_neutralise: a leading apostrophe on a cell a spreadsheet would run as a formula. */
export function neutralise(value: string): string {
  return /^[\t\r]*[=+\-@]/.test(value) && !/^(?:[+-]?[0-9]*\.?[0-9]+|-+)$/.test(value)
    ? `'${value}`
    : value;
}

/** csv_quote: Go's encoding/csv rules, as the earlier tooling wrote its files. */
export function goQuote(value: string): string {
  return /^[ \t]|[,"\r\n]/.test(value) || value === '\\.'
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** csv_cell: a NULL is an empty cell. */
export function goCell(value: string | null): string {
  return value === null ? '' : goQuote(neutralise(value));
}

/**
 * How DuckDB's own CSV writer quotes a value (All_Results_Condensed.csv is written by it on the
 * other path): when it holds a comma, quote or line break, or starts with # (its comment mark).
 * NULL and empty cells are bare.
 */
export function duckdbCell(value: string | null): string {
  if (value === null || value === '') return '';
  return /[,"\r\n]/.test(value) || value.startsWith('#')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** A field's text as DuckDB reads it: quotes removed, doubled quotes single; empty is NULL. */
export function fieldText(
  decoder: TextDecoder,
  buf: Uint8Array,
  start: number,
  end: number,
): string | null {
  if (end === start) return null;
  if (buf[start] === 34) {
    if (end - start === 2) return null;
    return decoder.decode(buf.subarray(start + 1, end - 1)).replaceAll('""', '"');
  }
  return decoder.decode(buf.subarray(start, end));
}
