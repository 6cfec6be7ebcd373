import { DOJ_COLUMNS, DOJ_COLUMN_COUNT } from './columns';
import { parseCsvLine } from './csv-line';
import { InputError } from '../engine/errors';

/** How many bytes of a file are inspected before DuckDB reads it. */
export const SNIFF_BYTES = 64 * 1024;

export interface InputShape {
  hasHeader: boolean;
  encoding: 'utf-8' | 'latin-1';
  /**
   * The header ends in an empty 96th name (`...,END_OF_REC,`), as some DOJ files do (the earlier
   * tool read them): a row's empty 96th field is then the end of the row, not a field.
   */
  trailingComma: boolean;
  /** Things worth telling the user that do not stop the run. */
  warnings: string[];
}

/**
 * Checks the start of a file before the database sees it, so the commonest mistakes (wrong file,
 * empty file, spreadsheet saved as binary) get a plain answer instead of a parser error.
 */
export function sniffInput(fileName: string, head: Uint8Array, size: number): InputShape {
  if (size === 0 || head.length === 0) {
    throw new InputError(
      fileName,
      'the file is empty.',
      undefined,
      'Choose the extract the DOJ sent.',
    );
  }
  if (head.includes(0)) {
    throw new InputError(
      fileName,
      'this is a binary file, not a text extract (it contains NUL bytes).',
      undefined,
      'A DOJ research file is comma-separated text (.dat, .csv or .txt). If it was opened and saved in a spreadsheet program, use the original file instead.',
    );
  }
  const encoding = isUtf8(head, size > head.length) ? 'utf-8' : 'latin-1';
  const text = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'latin1').decode(head);
  // A line ends at LF, CRLF or a lone CR (old Mac files), as DuckDB's reader ends it.
  const newline = text.search(/[\r\n]/);
  if (newline < 0 && size > head.length) {
    throw new InputError(
      fileName,
      `the first line is longer than ${SNIFF_BYTES / 1024} KB, so this is not a DOJ research file.`,
      1,
    );
  }
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  const hasHeader = firstLine.startsWith('RECORD_ID');
  let fields: string[];
  try {
    fields = parseCsvLine(firstLine);
  } catch {
    throw new InputError(fileName, 'a quotation mark is never closed.', 1);
  }
  const warnings: string[] = [];
  const trailingComma =
    hasHeader && fields.length === DOJ_COLUMN_COUNT + 1 && fields[DOJ_COLUMN_COUNT] === '';
  if (trailingComma) fields.pop();
  if (fields.length !== DOJ_COLUMN_COUNT) {
    const what = hasHeader ? 'the header row has' : 'the first row has';
    throw new InputError(
      fileName,
      `${what} ${fields.length} ${hasHeader ? 'column names' : 'fields'}, ${DOJ_COLUMN_COUNT} expected. This does not look like a DOJ research file.`,
      1,
    );
  }
  if (hasHeader) {
    const differing = fields.findIndex((name, i) => name.trim() !== DOJ_COLUMNS[i]);
    if (differing >= 0) {
      warnings.push(
        `${fileName}: the header row names column ${differing + 1} "${fields[differing]?.trim()}", not as the DOJ's layout does; columns are read by their position.`,
      );
    }
  }
  if (encoding === 'latin-1') {
    warnings.push(`${fileName}: the file is not UTF-8; it was read as Latin-1 (ISO-8859-1).`);
  }
  return { hasHeader, encoding, trailingComma, warnings };
}

/** True when the bytes are valid UTF-8, allowing a multi-byte character cut off at the end. */
function isUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  let end = bytes.length;
  if (truncated) {
    // Step back over at most 3 continuation bytes so a character split by the sample is not an error.
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0x80)
      back++;
    if (end - back - 1 >= 0 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
