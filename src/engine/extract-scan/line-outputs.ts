import { CONDENSED_COLUMNS, DOJ_COLUMNS, RESULT_COLUMNS } from '../../doj/columns';
import { csvHeaderLine } from '../csv-format';
import { OUT_OF_STEP } from '../outputs';
import type { ByteSink, ByteSource } from './byte-source';
import { ByteBuffer } from './byte-buffer';
import { duckdbCell, fieldText, goCell, neutralise } from './csv-cells';
import {
  FIELD_HAS_COMMA,
  FIELD_HAS_DOUBLED_QUOTE,
  FIELD_HAS_STRAY_QUOTE,
  LINE_HAS_COMMA_DASH,
  LINE_HAS_DASH_START,
  LINE_HAS_FORMULA_BYTE,
  scanRecords,
  type RunVisitor,
  type ScanOptions,
  type ScanResult,
} from './record-scanner';

/** The result cells of one row that has any (a relevant conviction or a Possible Other P64 Charge). */
export interface ResultRow {
  rowIdx: number;
  /** SUBJECT_ID as DuckDB read it: the tripwire that the row and its results belong together. */
  subjectIdRaw: string | null;
  relevant: boolean;
  /** The 18 result columns, in RESULT_COLUMNS order. */
  cells: (string | null)[];
}

export interface LineOutputSinks {
  all: ByteSink;
  prop64: ByteSink;
  condensed: ByteSink;
}

const encoder = new TextEncoder();
const SUBJECT_FIELD = DOJ_COLUMNS.indexOf('SUBJECT_ID');
const CONDENSED_FIELDS = CONDENSED_COLUMNS.map((c) => DOJ_COLUMNS.indexOf(c));
const CASE_NUMBER = RESULT_COLUMNS.indexOf('Case Number');
const POSSIBLE_OTHER = RESULT_COLUMNS.indexOf('Possible Other P64 Charges');
const EMPTY_RESULTS = encoder.encode(','.repeat(RESULT_COLUMNS.length));
const FLUSH_BYTES = 4 << 20;
const [DASH, QUOTE, COMMA, HASH] = [45, 34, 44, 35];

/**
 * All_Results.csv, Prop64_Results.csv and All_Results_Condensed.csv in one pass over the extract:
 * each line as the file has it (rewritten cell by cell only when a cell could start a spreadsheet
 * formula) with its 18 result cells, exactly as outputs.ts's SQL writes them from DuckDB. Rows are
 * paired with their results by position, and each result row's SUBJECT_ID must match its line.
 */
export async function writeLineOutputs(
  source: ByteSource,
  options: ScanOptions,
  results: readonly ResultRow[],
  sinks: LineOutputSinks,
): Promise<ScanResult> {
  const decoder = new TextDecoder();
  const out = { all: new ByteBuffer(), prop64: new ByteBuffer(), condensed: new ByteBuffer() };
  out.all.appendText(`${csvHeaderLine([...DOJ_COLUMNS, ...RESULT_COLUMNS])}\n`);
  out.prop64.appendText(`${csvHeaderLine([...DOJ_COLUMNS, ...RESULT_COLUMNS])}\n`);
  out.condensed.appendText(
    `${[...CONDENSED_COLUMNS, ...RESULT_COLUMNS].map((c) => duckdbCell(c)).join(',')}\n`,
  );
  const suffixes = results.map((r) => encoder.encode(`,${r.cells.map(goCell).join(',')}`));
  const condensedSuffixes = results.map((r) =>
    encoder.encode(`,${r.cells.map(duckdbCell).join(',')}`),
  );
  let next = 0;

  // One write in flight per file while the next chunk is scanned: the disk and the scan overlap.
  const inFlight: Record<keyof LineOutputSinks, Promise<void>> = {
    all: Promise.resolve(),
    prop64: Promise.resolve(),
    condensed: Promise.resolve(),
  };
  const flush = async (force: boolean) => {
    for (const key of ['all', 'prop64', 'condensed'] as const) {
      const buffer = out[key];
      if (buffer.length > 0 && (force || buffer.length >= FLUSH_BYTES)) {
        await inFlight[key];
        const taken = buffer.take();
        inFlight[key] = sinks[key].write(taken).then(() => buffer.recycle(taken));
        // Seen by the next await; this only keeps a failure meanwhile from counting as unhandled.
        inFlight[key].catch(() => undefined);
      }
      if (force) await inFlight[key];
    }
  };

  // Runs of the usual line (no result cells, nothing to neutralise) are written by the SIMD
  // memory itself, up to the next row with results; the visitor below writes every other line.
  const visitRun: RunVisitor = {
    condensedFields: CONDENSED_FIELDS,
    take(wide, lineStart, end, record, validateUtf8) {
      const most = next < results.length ? results[next]!.rowIdx - record : 0x7fffffff;
      const taken = wide.run(lineStart, end, most, validateUtf8, RESULT_COLUMNS.length);
      if (taken > 0) {
        out.all.appendRange(wide.all, 0, wide.allBytes);
        out.condensed.appendRange(wide.condensed, 0, wide.condensedBytes);
      }
      return taken;
    },
  };

  const scan = await scanRecords(
    source,
    { ...options, afterChunk: () => flush(false) },
    (record, buf, lineStart, lineEnd, fields, flags, fieldBits) => {
      let result: ResultRow | undefined;
      let suffix = EMPTY_RESULTS;
      if (next < results.length && results[next]!.rowIdx === record) {
        result = results[next]!;
        suffix = suffixes[next]!;
        next++;
        const subject = fieldText(
          decoder,
          buf,
          fields[2 * SUBJECT_FIELD]!,
          fields[2 * SUBJECT_FIELD + 1]!,
        );
        if (subject !== result.subjectIdRaw) throw new Error(OUT_OF_STEP);
      }
      const hasFormulaByte = (flags & LINE_HAS_FORMULA_BYTE) !== 0;
      // outputs.ts's SAFE_LINE test for a dash, `,"?-` anywhere or `"?-` at the start: at the
      // start of a field (after its quote, if quoted), or after a comma inside a quoted field.
      const risky = hasFormulaByte || (flags & (LINE_HAS_DASH_START | LINE_HAS_COMMA_DASH)) !== 0;
      const lineOut = out.all;
      const lineAt = lineOut.length;
      if (risky) lineOut.appendText(rewriteLine(decoder, buf, fields));
      else lineOut.appendRange(buf, lineStart, lineEnd);
      lineOut.appendRange(suffix, 0, suffix.length);
      lineOut.appendByte(10);
      if (result?.relevant) out.prop64.appendRange(lineOut.bytes, lineAt, lineOut.length);
      appendCondensed(
        out.condensed,
        decoder,
        buf,
        fields,
        fieldBits,
        result,
        result && condensedSuffixes[next - 1],
        hasFormulaByte,
      );
    },
    visitRun,
  );
  if (scan.stop) return scan;
  if (next !== results.length) throw new Error(OUT_OF_STEP);
  await flush(true);
  return scan;
}

/** csv_line_rewritten: every field unquoted and written again through csv_cell. */
function rewriteLine(decoder: TextDecoder, buf: Uint8Array, fields: Int32Array): string {
  const cells: string[] = [];
  for (let f = 0; f < fields.length / 2; f++) {
    cells.push(goCell(fieldText(decoder, buf, fields[2 * f]!, fields[2 * f + 1]!) ?? ''));
  }
  return cells.join(',');
}

/**
 * One condensed line, as outputs.ts's condensedOutputSql has DuckDB write it: the 20 columns and
 * the 18 results, every cell neutralised when any of them could start a formula. The usual row
 * (nothing to neutralise, no doubled quotes) is copied byte by byte.
 */
function appendCondensed(
  out: ByteBuffer,
  decoder: TextDecoder,
  buf: Uint8Array,
  fields: Int32Array,
  fieldBits: Uint8Array,
  result: ResultRow | undefined,
  /** The result's cells as written when nothing on the line is neutralised. */
  condensedSuffix: Uint8Array | undefined,
  lineHasFormulaByte: boolean,
) {
  const mark = out.length;
  // The results' own text can make the line risky too (a case number from another line).
  let plain =
    !lineHasFormulaByte &&
    !riskyText(result?.cells[CASE_NUMBER]) &&
    !riskyText(result?.cells[POSSIBLE_OTHER]);
  for (let i = 0; plain && i < CONDENSED_FIELDS.length; i++) {
    const f = CONDENSED_FIELDS[i]!;
    if (i > 0) out.appendByte(COMMA);
    plain = appendPlainCell(out, buf, fields[2 * f]!, fields[2 * f + 1]!, fieldBits[f]!);
  }
  if (plain) {
    const cells = condensedSuffix ?? EMPTY_RESULTS;
    out.appendRange(cells, 0, cells.length);
    out.appendByte(10);
    return;
  }
  // The careful way: every value as text, the same tests as the SQL.
  out.length = mark;
  const values = CONDENSED_FIELDS.map((f) =>
    fieldText(decoder, buf, fields[2 * f]!, fields[2 * f + 1]!),
  );
  const resultCells = result?.cells ?? EMPTY_CELLS;
  const joined = [...values, resultCells[CASE_NUMBER], resultCells[POSSIBLE_OTHER]].map(
    (v) => v ?? '',
  );
  const risky = joined.some(riskyText);
  const cell = (v: string | null) => duckdbCell(v === null ? null : risky ? neutralise(v) : v);
  out.appendText(`${[...values, ...resultCells].map(cell).join(',')}\n`);
}

const EMPTY_CELLS: (string | null)[] = RESULT_COLUMNS.map(() => null);

/** What makes condensedOutputSql neutralise a whole line. */
function riskyText(value: string | null | undefined): boolean {
  return (
    value !== null && value !== undefined && (/[=+@\t\r]/.test(value) || value.startsWith('-'))
  );
}

/**
 * Appends a field as DuckDB's writer would write its value, when that is a plain copy: returns
 * false (the caller redoes the line) for a value starting with a dash, or one holding a doubled
 * quote or a quote in an unquoted field. The scanner's FIELD_HAS_ bits say which fields hold a
 * quote or a comma, so no byte is looked at twice.
 */
function appendPlainCell(
  out: ByteBuffer,
  buf: Uint8Array,
  start: number,
  end: number,
  bits: number,
): boolean {
  if (end === start) return true;
  if (buf[start] === QUOTE) {
    if (end - start === 2) return true;
    const from = start + 1;
    const to = end - 1;
    if (buf[from] === DASH || bits & FIELD_HAS_DOUBLED_QUOTE) return false;
    if (buf[from] === HASH || bits & FIELD_HAS_COMMA) out.appendRange(buf, start, end);
    else out.appendRange(buf, from, to);
    return true;
  }
  if (buf[start] === DASH || bits & FIELD_HAS_STRAY_QUOTE) return false;
  if (buf[start] === HASH) {
    out.appendByte(QUOTE);
    out.appendRange(buf, start, end);
    out.appendByte(QUOTE);
  } else out.appendRange(buf, start, end);
  return true;
}
