import { DOJ_COLUMN_COUNT } from '../../doj/columns';
import { throwIfAborted } from '../errors';
import type { ByteSource } from './byte-source';

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

/**
 * One record. `fields` holds, for field i, its raw bytes' start at 2i and end at 2i+1 (quotes
 * included) in `buf`; the line is buf[lineStart, lineEnd) without its line ending. The buffer is
 * reused: copy what you keep.
 */
export type RecordVisitor = (
  record: number,
  buf: Uint8Array,
  lineStart: number,
  lineEnd: number,
  fields: Int32Array,
) => void;

export interface ScanOptions {
  hasHeader: boolean;
  /** Checks a run of whole lines is valid text in the file's encoding (UTF-8 files). */
  validText?: (bytes: Uint8Array) => boolean;
  signal?: AbortSignal;
  /** Bytes of the file read so far. */
  onProgress?: (bytesRead: number) => void;
  /**
   * Makes the read buffer. Node passes Buffer.allocUnsafe: a Buffer's indexOf is memchr, 25 times
   * faster than a plain Uint8Array's, and the scanner searches for line ends and quotes with it.
   */
  allocate?: (bytes: number) => Uint8Array;
  /** Runs between chunks, where the visitor's output can be written out. */
  afterChunk?: () => Promise<void>;
}

export type ScanResult = { records: number; stop?: undefined } | { stop: ScanStop; line: number };

const CHUNK_BYTES = 8 << 20;
/** DuckDB's own longest line; a longer one goes to DuckDB for its message. */
const MAX_LINE_BYTES = 2 << 20;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

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
): Promise<ScanResult> {
  const allocate = options.allocate ?? ((bytes: number) => new Uint8Array(bytes));
  let buf = allocate(CHUNK_BYTES + MAX_LINE_BYTES);
  const fields = new Int32Array(2 * DOJ_COLUMN_COUNT);
  const state: LineState = { line: 0, record: 0, skipHeader: options.hasHeader, stop: undefined };
  let offset = 0;
  let carried = 0;
  for (;;) {
    throwIfAborted(options.signal);
    if (carried + CHUNK_BYTES > buf.length) {
      const bigger = allocate(carried + CHUNK_BYTES);
      bigger.set(buf.subarray(0, carried));
      buf = bigger;
    }
    const got = offset < source.size ? await source.read(buf, carried, CHUNK_BYTES, offset) : 0;
    if (offset === 0 && got >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      return { stop: 'byte-order-mark', line: 1 };
    }
    offset += got;
    const end = carried + got;
    const last = got === 0 || offset >= source.size;
    const consumed = scanLines(buf, end, last, state, fields, visit);
    if (state.stop) return { stop: state.stop, line: state.line + 1 };
    if (options.validText && !options.validText(buf.subarray(0, consumed))) {
      return { stop: 'encoding', line: state.line };
    }
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

interface LineState {
  /** Physical lines consumed so far. */
  line: number;
  record: number;
  skipHeader: boolean;
  stop: ScanStop | undefined;
}

/**
 * The hot loop: every whole line in buf[0, end) (and the unterminated last one when `last`).
 * Returns how many bytes it consumed; sets state.stop at the first line it will not read.
 */
function scanLines(
  buf: Uint8Array,
  end: number,
  last: boolean,
  state: LineState,
  fields: Int32Array,
  visit: RecordVisitor,
): number {
  const expected = fields.length >> 1;
  // DuckDB ends a line at a lone CR as well; such files are left to it.
  for (let cr = buf.indexOf(CR); cr >= 0 && cr < end; cr = buf.indexOf(CR, cr + 1)) {
    if (cr + 1 < end ? buf[cr + 1] !== LF : last) {
      state.stop = 'line-break-in-field';
      return 0;
    }
  }
  let lineStart = 0;
  while (lineStart < end) {
    let newline = buf.indexOf(LF, lineStart);
    if (newline < 0 || newline >= end) {
      if (!last) break;
      newline = end;
    }
    let lineEnd = newline;
    if (lineEnd > lineStart && buf[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === lineStart) {
      // A file's final line break is not a blank line; any other empty line is DuckDB's to judge.
      if (newline >= end - 1 && last) {
        lineStart = end;
        break;
      }
      state.stop = 'blank-line';
      return lineStart;
    }
    let p = lineStart;
    let f = 0;
    for (;;) {
      const start = p;
      if (p < lineEnd && buf[p] === QUOTE) {
        p++;
        for (;;) {
          // Quoted fields are the long, padded ones: the native search beats a byte loop.
          p = buf.indexOf(QUOTE, p);
          if (p < 0 || p >= lineEnd) {
            state.stop = 'line-break-in-field';
            return lineStart;
          }
          if (p + 1 < lineEnd && buf[p + 1] === QUOTE) p += 2;
          else break;
        }
        p++;
        if (p < lineEnd && buf[p] !== COMMA) {
          state.stop = 'quote';
          return lineStart;
        }
      } else {
        // A quote inside an unquoted field is text to DuckDB too; the held rows copy it as is.
        while (p < lineEnd && buf[p] !== COMMA) p++;
      }
      if (f < expected) {
        fields[2 * f] = start;
        fields[2 * f + 1] = p;
      }
      f++;
      if (p >= lineEnd) break;
      p++; // the comma; a line ending in one has an empty last field
    }
    if (f !== expected) {
      state.stop = 'field-count';
      return lineStart;
    }
    if (state.skipHeader) state.skipHeader = false;
    else visit(state.record++, buf, lineStart, lineEnd, fields);
    state.line++;
    lineStart = newline + 1;
  }
  return Math.min(lineStart, end);
}
