/**
 * CSV cells the papers write themselves (not-made.csv): the engine's cell rule
 * (src/engine/csv-format.ts, README "Spreadsheet formulas"), the same regular expressions in
 * TypeScript. A cell a spreadsheet would run as a formula gets a leading apostrophe, except
 * ordinary DOJ values (plain numbers, runs of dashes, text starting with a space, letter or
 * digit); quoting as Go's encoding/csv.
 */
export function csvCell(value: string): string {
  const neutral =
    /^[\t\r]*[=+\-@]/.test(value) && !/^(?:[+-]?[0-9]*\.?[0-9]+|-+)$/.test(value)
      ? `'${value}`
      : value;
  return /^[ \t]|[,"\r\n]/.test(neutral) || neutral === '\\.'
    ? `"${neutral.replaceAll('"', '""')}"`
    : neutral;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}
