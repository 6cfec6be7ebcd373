import { parseCsvLine } from '../../src/doj/csv-line';

/** Parses a small CSV file (tests only: no quoted newlines) into records keyed by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((l) => l.length > 0);
  const [header, ...rows] = lines.map(parseCsvLine);
  if (!header) return [];
  return rows.map((fields) => {
    if (fields.length !== header.length) {
      throw new Error(
        `CSV row has ${fields.length} fields, header has ${header.length}: ${fields.join(',')}`,
      );
    }
    return Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
  });
}

export function toCsvField(value: string): string {
  return /^[ \t]|[,"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
