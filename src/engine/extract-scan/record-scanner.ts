import { DOJ_COLUMN_COUNT } from '../../doj/columns';
import { throwIfAborted } from '../errors';
import type { ByteSource } from './byte-source';
import {
  LINE_BAD_QUOTE,
  LINE_BREAK_IN_QUOTES,
  LINE_REACHED_BREAK,
  wasmLineFields,
  type LineFieldsMemory,
  type WideRuns,
} from './simd/line-fields';

/**
 * Why the fast reader handed a file back to DuckDB's own reader. None of these is an error by
 * itself: DuckDB reads the file again and either accepts it (a quoted line break, a blank line)
 * or names the line and the problem in plain words, exactly as it did before the fast reader.
 */
export type ScanStop =
  | 'byte-order-mark'
  | 'blank-line'
  | 'field-count'
  | 'quote'
  | 'line-break-in-field'
  | 'long-line'
  | 'encoding';

/** What the scanner noticed on a line, for the outputs' formula test and the text check. */
export const LINE_HAS_FORMULA_BYTE = 1; // = + @ or TAB somewhere on the line
export const LINE_HAS_NON_ASCII = 2;
/** A comma inside a quoted field followed by a dash, or by a quote and a dash (`,-` or `,"-`). */
export const LINE_HAS_COMMA_DASH = 4;
/** A field that starts with a dash (after its opening quote, if quoted). */
export const LINE_HAS_DASH_START = 8;

/** What the scanner noticed in a field, for the outputs' copy of it as a cell. */
export const FIELD_HAS_DOUBLED_QUOTE = 1; // quoted, with "" inside
export const FIELD_HAS_STRAY_QUOTE = 2; // unquoted, with a " inside
export const FIELD_HAS_COMMA = 4; // quoted, with a comma inside

/**
 * One record. `fields` holds, for field i, its raw bytes' start at 2i and end at 2i+1 (quotes
 * included) in `buf`; the line is buf[lineStart, lineEnd) without its line ending; `flags` is a
 * set of LINE_HAS_ bits, and fieldBits[i] field i's FIELD_HAS_ bits. The buffers are reused: copy
 * what you keep.
 */
export type RecordVisitor = (
  record: number,
  buf: Uint8Array,
  lineStart: number,
  lineEnd: number,
  fields: Int32Array,
  flags: number,
  fieldBits: Uint8Array,
) => void;

export interface ScanOptions {
  hasHeader: boolean;
  /**
   * The header ended in an empty 96th name (see sniff): a line of 96 fields whose last is empty
   * is then read as the 95 before its final comma, exactly as the line without it.
   */
  trailingComma?: boolean;
  /**
   * Asks for each line with bytes over 127 to be checked as UTF-8, the only encoding the fast
   * reader takes: by the SIMD memory itself where there is one, else by this platform check.
   */
  validText?: (bytes: Uint8Array) => boolean;
  signal?: AbortSignal;
  /** Bytes of the file read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Runs between chunks, where the visitor's output can be written out. */
  afterChunk?: () => Promise<void>;
  /** Who finds the fields: WebAssembly SIMD where the engine has it (default), or JavaScript. */
  engine?: 'simd' | 'js';
}

/**
 * Takes a run of records at once, without the visitor, where the SIMD memory writes them itself
 * (the wide outputs' usual lines, with the condensed file's `condensedFields`): given the line at
 * `lineStart` (record number `record`), take() returns how many records it took; `wide.next` is
 * then where the next line starts.
 */
export interface RunVisitor {
  condensedFields: readonly number[];
  take(
    wide: WideRuns,
    lineStart: number,
    end: number,
    record: number,
    validateUtf8: boolean,
  ): number;
}

export type ScanResult = { records: number; stop?: undefined } | { stop: ScanStop; line: number };

const CHUNK_BYTES = 8 << 20;
/** DuckDB's own longest line; a longer one goes to DuckDB for its message. */
const MAX_LINE_BYTES = 2 << 20;
const QUOTE = 34;
const COMMA = 44;
const DASH = 45;
const LF = 10;
const CR = 13;

// Every byte is looked at once, through this table: 0 for the bytes that only continue a field.
const PLAIN = 0;
const K_COMMA = 1;
const K_LF = 2;
const K_CR = 3;
const K_QUOTE = 4;
const K_FORMULA = 5;
const K_HIGH = 6;
const CLASS = new Uint8Array(256);
CLASS[44] = K_COMMA;
CLASS[LF] = K_LF;
CLASS[CR] = K_CR;
CLASS[QUOTE] = K_QUOTE;
for (const b of [61, 43, 64, 9]) CLASS[b] = K_FORMULA;
for (let b = 128; b < 256; b++) CLASS[b] = K_HIGH;

/**
 * Reads an extract record by record, strictly: every line one record of exactly 95 fields, a quote
 * only opening a field and closed on the same line, followed by a comma or the line's end. This is
 * the shape of every DOJ file; anything else stops the scan, and the caller lets DuckDB's reader
 * (with its rejects table and messages) take the file from the start.
 */
export async function scanRecords(
  source: ByteSource,
  options: ScanOptions,
  visit: RecordVisitor,
  visitRun?: RunVisitor,
): Promise<ScanResult> {
  // One spare byte past the data holds a sentinel line break, so the loops need no bounds test.
  const memory = scannerMemory(
    options.engine,
    CHUNK_BYTES + MAX_LINE_BYTES + 1,
    visitRun?.condensedFields,
  );
  const state: LineState = {
    line: 0,
    record: 0,
    skipHeader: options.hasHeader,
    trailingComma: options.trailingComma === true,
    stop: undefined,
    validText: options.validText,
  };
  let offset = 0;
  let carried = 0;
  for (;;) {
    throwIfAborted(options.signal);
    memory.ensure(carried + CHUNK_BYTES + 1);
    const buf = memory.bytes;
    const got = offset < source.size ? await source.read(buf, carried, CHUNK_BYTES, offset) : 0;
    if (offset === 0 && got >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      return { stop: 'byte-order-mark', line: 1 };
    }
    offset += got;
    const end = carried + got;
    const last = got === 0 || offset >= source.size;
    buf[end] = LF;
    const consumed = scanLines(memory, end, last, state, visit, visitRun);
    if (state.stop) return { stop: state.stop, line: state.line + 1 };
    options.onProgress?.(offset);
    await options.afterChunk?.();
    carried = end - consumed;
    if (carried > MAX_LINE_BYTES) return { stop: 'long-line', line: state.line + 1 };
    buf.copyWithin(0, consumed, end);
    if (last) {
      if (carried > 0) return { stop: 'long-line', line: state.line + 1 };
      return { records: state.record };
    }
  }
}

/** The SIMD line-fields memory where the engine has it (and was not told otherwise), else JS's. */
function scannerMemory(
  engine: ScanOptions['engine'],
  length: number,
  condensedFields: readonly number[] | undefined,
): LineFieldsMemory {
  const simd =
    engine === 'js' ? undefined : wasmLineFields(DOJ_COLUMN_COUNT, length, { condensedFields });
  if (simd) return simd;
  if (engine === 'simd') throw new Error('This JavaScript engine has no WebAssembly SIMD.');
  return jsLineFields(DOJ_COLUMN_COUNT, length);
}

interface LineState {
  /** Physical lines consumed so far. */
  line: number;
  record: number;
  skipHeader: boolean;
  trailingComma: boolean;
  stop: ScanStop | undefined;
  validText: ((bytes: Uint8Array) => boolean) | undefined;
}

/**
 * Every whole line in bytes[0, end) (and the unterminated last one when `last`); bytes[end] is a
 * sentinel LF. Returns how many bytes it consumed; sets state.stop at the first line it will not
 * read.
 */
function scanLines(
  memory: LineFieldsMemory,
  end: number,
  last: boolean,
  state: LineState,
  visit: RecordVisitor,
  visitRun: RunVisitor | undefined,
): number {
  const { bytes: buf, fields, fieldBits, outcome, wide } = memory;
  const expected = fields.length >> 1;
  const runs = visitRun && wide;
  let lineStart = 0;
  while (lineStart < end) {
    if (runs && !state.skipHeader) {
      const taken = visitRun.take(
        wide,
        lineStart,
        end,
        state.record,
        state.validText !== undefined,
      );
      if (taken > 0) {
        state.record += taken;
        state.line += taken;
        lineStart = wide.next;
        // The line the run stopped at is read below, one by one.
        if (lineStart >= end) break;
      }
    }
    const status = memory.scanLine(lineStart);
    // p is at the line break (a real one, or the sentinel at `end`), or at the byte that stopped.
    const p = outcome[0]!;
    if (status === LINE_BREAK_IN_QUOTES) {
      // A record over several lines, or (at the data's end) a line still to come in the next chunk.
      if (p >= end && !last) return lineStart;
      state.stop = 'line-break-in-field';
      return lineStart;
    }
    if (status === LINE_BAD_QUOTE) {
      state.stop = 'quote';
      return lineStart;
    }
    if (p >= end && !last) break;
    let lineEnd = p;
    let next = p + 1;
    if (buf[p] === CR) {
      if (p + 1 >= end && !last) break;
      if (buf[p + 1] !== LF) {
        // DuckDB ends a line at a lone CR as well; such files are left to it.
        state.stop = 'line-break-in-field';
        return lineStart;
      }
      next = p + 2;
    }
    if (lineEnd === lineStart) {
      // A file's final line break is not a blank line; any other empty line is DuckDB's to judge.
      if (last && next >= end) {
        lineStart = end;
        break;
      }
      state.stop = 'blank-line';
      return lineStart;
    }
    if (outcome[2] !== expected) {
      // An empty 96th field is the line's last byte, a comma: the line is read without it.
      const trailing =
        state.trailingComma && outcome[2] === expected + 1 && buf[lineEnd - 1] === COMMA;
      if (!trailing) {
        state.stop = 'field-count';
        return lineStart;
      }
      lineEnd--;
    }
    const flags = outcome[1]!;
    // The fast reader reads UTF-8 files only: the SIMD memory checks the line where it lies
    // (a strict TextDecoder call per line cost the browser a second on the 1M-row extract).
    if (
      flags & LINE_HAS_NON_ASCII &&
      state.validText &&
      !(memory.validUtf8
        ? memory.validUtf8(lineStart, lineEnd)
        : state.validText(buf.subarray(lineStart, lineEnd)))
    ) {
      state.stop = 'encoding';
      return lineStart;
    }
    if (state.skipHeader) state.skipHeader = false;
    else visit(state.record++, buf, lineStart, lineEnd, fields, flags, fieldBits);
    state.line++;
    lineStart = next;
  }
  return Math.min(lineStart, end);
}

/**
 * The JavaScript line-fields memory: simd/line-fields.wat's contract in plain JavaScript, for an
 * engine without WebAssembly SIMD (and for the tests, which require both to agree).
 */
export function jsLineFields(fieldCount: number, length: number): LineFieldsMemory {
  const lines: LineFieldsMemory = {
    bytes: new Uint8Array(0),
    fields: new Int32Array(2 * fieldCount),
    fieldBits: new Uint8Array(fieldCount),
    outcome: new Int32Array(3),
    ensure(needed) {
      if (needed <= lines.bytes.length) return;
      const bigger = new Uint8Array(needed);
      bigger.set(lines.bytes);
      lines.bytes = bigger;
    },
    scanLine: (start) =>
      jsScanLine(lines.bytes, start, lines.fields, lines.fieldBits, lines.outcome),
  };
  lines.ensure(length);
  return lines;
}

/** Every byte is looked at once: the fields of the line at `start`, up to its line break. */
function jsScanLine(
  buf: Uint8Array,
  start: number,
  fields: Int32Array,
  fieldBits: Uint8Array,
  outcome: Int32Array,
) {
  const expected = fields.length >> 1;
  let p = start;
  let f = 0;
  let flags = 0;
  let k: number;
  let status = LINE_REACHED_BREAK;
  for (;;) {
    const fieldStart = p;
    let bits = 0;
    if (buf[p] === QUOTE) {
      p++;
      for (;;) {
        while ((k = CLASS[buf[p]!]!) === PLAIN) p++;
        if (k === K_QUOTE) {
          if (buf[p + 1] !== QUOTE) break;
          bits |= FIELD_HAS_DOUBLED_QUOTE;
          p += 2;
        } else if (k === K_FORMULA) {
          flags |= LINE_HAS_FORMULA_BYTE;
          p++;
        } else if (k === K_HIGH) {
          flags |= LINE_HAS_NON_ASCII;
          p++;
        } else if (k === K_COMMA) {
          bits |= FIELD_HAS_COMMA;
          const after = buf[p + 1];
          if (after === DASH || (after === QUOTE && buf[p + 2] === DASH)) {
            flags |= LINE_HAS_COMMA_DASH;
          }
          p++;
        } else {
          status = LINE_BREAK_IN_QUOTES;
          break;
        }
      }
      if (status !== LINE_REACHED_BREAK) break;
      p++;
      k = CLASS[buf[p]!]!;
      if (k !== K_COMMA && k !== K_LF && k !== K_CR) {
        status = LINE_BAD_QUOTE;
        break;
      }
    } else {
      // A quote inside an unquoted field is text to DuckDB too; the held rows copy it as is.
      for (;;) {
        while ((k = CLASS[buf[p]!]!) === PLAIN) p++;
        if (k === K_COMMA || k === K_LF || k === K_CR) break;
        if (k === K_FORMULA) flags |= LINE_HAS_FORMULA_BYTE;
        else if (k === K_HIGH) flags |= LINE_HAS_NON_ASCII;
        else bits |= FIELD_HAS_STRAY_QUOTE;
        p++;
      }
    }
    const first = buf[fieldStart];
    if (first === DASH || (first === QUOTE && buf[fieldStart + 1] === DASH)) {
      flags |= LINE_HAS_DASH_START;
    }
    if (f < expected) {
      fields[2 * f] = fieldStart;
      fields[2 * f + 1] = p;
      fieldBits[f] = bits;
    }
    f++;
    if (k !== K_COMMA) break;
    p++; // the comma; a line ending in one has an empty last field
  }
  outcome[0] = p;
  outcome[1] = flags;
  outcome[2] = f;
  return status;
}
