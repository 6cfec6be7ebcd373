import { plainValue, type Row, type TextGrid } from '../database';

/** The part of an Arrow table (duckdb-wasm's query result) that is read here. */
interface ArrowTable {
  numRows: number;
  schema: { fields: Array<{ name: string; typeId: number }> };
  getChild(name: string): ArrowColumn | null;
  getChildAt(index: number): ArrowColumn | null;
}

interface ArrowColumn extends Iterable<unknown> {
  /** The column's chunks: for text, the UTF-8 bytes of all its values and where each starts. */
  data: ReadonlyArray<{
    length: number;
    values: unknown;
    valueOffsets: unknown;
    getValid(index: number): boolean;
  }>;
}

/** Arrow's type ids for the kinds of column converted below. */
const ARROW_UTF8 = 5;
const ARROW_DECIMAL = 7;
const ARROW_DATE = 8;

const decoder = new TextDecoder();

/**
 * A text column: each chunk's bytes decoded once, each value then a slice of that text when the
 * chunk is ASCII (as DOJ extracts are), decoded on its own otherwise. Arrow's own iterator decodes
 * every value separately, about 1 µs each.
 */
function textColumn(column: ArrowColumn): (string | null)[] {
  const out: (string | null)[] = [];
  for (const chunk of column.data) {
    // Utf8 (not LargeUtf8, which DuckDB does not send): 32-bit offsets.
    const values = chunk.values as Uint8Array;
    const valueOffsets = chunk.valueOffsets as Int32Array;
    const whole = decoder.decode(values);
    const ascii = whole.length === values.length;
    for (let i = 0; i < chunk.length; i++) {
      if (!chunk.getValid(i)) out.push(null);
      else if (ascii) out.push(whole.slice(valueOffsets[i], valueOffsets[i + 1]));
      else out.push(decoder.decode(values.subarray(valueOffsets[i], valueOffsets[i + 1])));
    }
  }
  return out;
}

/** Arrow tables (duckdb-wasm) into plain columns with the engine's value conventions. */
export function arrowToColumns(table: ArrowTable): Record<string, unknown[]> {
  const fields = table.schema.fields;
  // HUGEINT (count_if, sum of integers) arrives as Arrow Decimal and would turn into a string here
  // but a number from native DuckDB; the SQL must cast it so both engines agree.
  const decimal = fields.find((f) => f.typeId === ARROW_DECIMAL);
  if (decimal)
    throw new Error(
      `Column ${decimal.name} is HUGEINT/DECIMAL: cast it to BIGINT or DOUBLE in SQL.`,
    );
  const columns: Record<string, unknown[]> = {};
  for (const field of fields) {
    const column = table.getChild(field.name);
    if (column && field.typeId === ARROW_UTF8) {
      columns[field.name] = textColumn(column);
      continue;
    }
    const values = Array.from(column ?? []);
    // Arrow DATE columns arrive as epoch milliseconds; the engine reports dates as YYYY-MM-DD.
    columns[field.name] =
      field.typeId === ARROW_DATE
        ? values.map((v) =>
            typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : plainValue(v),
          )
        : values.map(plainValue);
  }
  return columns;
}

/**
 * Arrow tables into plain rows, built from the columns: Arrow's own row objects cost about 80 µs
 * a row of 20 columns.
 */
export function arrowToRows<T extends Row>(table: ArrowTable): T[] {
  const columns = Object.entries(arrowToColumns(table));
  const rows: T[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (const [name, values] of columns) row[name] = values[i];
    rows.push(row as T);
  }
  return rows;
}

/**
 * Arrow tables into text cells by column position, so two columns of one name both survive (the
 * auditor's console, which casts every column to VARCHAR first).
 */
export function arrowToGrid(table: ArrowTable): TextGrid {
  const fields = table.schema.fields;
  const columns = fields.map((field, index): (string | null)[] => {
    const column = table.getChildAt(index);
    if (!column) return [];
    if (field.typeId === ARROW_UTF8) return textColumn(column);
    return Array.from(column, (v) =>
      v === null || v === undefined ? null : String(plainValue(v)),
    );
  });
  const rows: (string | null)[][] = [];
  for (let i = 0; i < table.numRows; i++) rows.push(columns.map((values) => values[i] ?? null));
  return { columns: fields.map((f) => f.name), rows };
}

/** The part of an Arrow record batch the line streaming reads: its first (only) column. */
interface ArrowBatch {
  numRows: number;
  getChildAt(index: number): {
    data: ReadonlyArray<{
      offset: number;
      length: number;
      nullCount: number;
      values: unknown;
      valueOffsets: unknown;
      getValid(index: number): boolean;
    }>;
  } | null;
}

const LINE_FEED = 10;

/**
 * A batch of a one-text-column result as file lines: each value's UTF-8 bytes as DuckDB sent them
 * (never decoded and encoded again) and a line feed; a NULL as an empty line, as COPY writes it.
 */
export function linesOfBatch(batch: ArrowBatch): Uint8Array[] {
  const column = batch.getChildAt(0);
  if (!column) throw new Error('A streamed output query has no column.');
  const out: Uint8Array[] = [];
  for (const chunk of column.data) {
    // Utf8 (DuckDB sends no LargeUtf8 unless asked): 32-bit offsets, from the chunk's own offset.
    const values = chunk.values as Uint8Array;
    const offsets = chunk.valueOffsets as Int32Array;
    const first = offsets[chunk.offset]!;
    const lines = new Uint8Array(offsets[chunk.offset + chunk.length]! - first + chunk.length);
    let at = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk.nullCount === 0 || chunk.getValid(i)) {
        const start = offsets[chunk.offset + i]!;
        const end = offsets[chunk.offset + i + 1]!;
        lines.set(values.subarray(start, end), at);
        at += end - start;
      }
      lines[at++] = LINE_FEED;
    }
    out.push(at === lines.length ? lines : lines.subarray(0, at));
  }
  return out;
}
