/** A CSV line that breaks RFC 4180; `position` is the 0-based index of the offending character. */
export class CsvLineError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (character ${position + 1})`);
    this.name = 'CsvLineError';
  }
}

const UNQUOTED_FORBIDDEN = /["\r\n]/;

/**
 * Splits one RFC 4180 line into its fields, strictly: a quote may only open a field and must be
 * closed, a closing quote must be followed by a comma or the end, and CR/LF may only appear inside
 * quotes. Anything else throws CsvLineError rather than guessing, because a guessed split shifts
 * every later column of the row. One trailing line ending (LF or CRLF) is ignored. Values are
 * returned as written, padding included.
 */
export function parseCsvLine(line: string): string[] {
  let end = line.length;
  if (line.endsWith('\r\n')) end -= 2;
  else if (line.endsWith('\n')) end -= 1;
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (i < end && line.charCodeAt(i) === 34) {
      const open = i;
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0 || quote >= end) throw new CsvLineError('quoted field is never closed', open);
        value += line.slice(from, quote);
        if (quote + 1 < end && line.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i === end) return fields;
      if (line.charCodeAt(i) !== 44) {
        throw new CsvLineError('closing quotation mark is not followed by a comma', i);
      }
      i++;
    } else {
      let comma = line.indexOf(',', i);
      if (comma < 0 || comma > end) comma = end;
      const value = line.slice(i, comma);
      const bad = value.search(UNQUOTED_FORBIDDEN);
      if (bad >= 0) {
        const what = value[bad] === '"' ? 'quotation mark inside an unquoted field' : 'line break';
        throw new CsvLineError(what, i + bad);
      }
      fields.push(value);
      if (comma === end) return fields;
      i = comma + 1;
    }
  }
}
