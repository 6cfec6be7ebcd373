import { DOJ_COLUMNS, DOJ_COLUMN_COUNT } from '../../doj/columns';
import { throwIfAborted } from '../errors';
import type { ByteSink, ByteSource } from './byte-source';

/**
 * The line check: Clearance's own strict reading of an extract, record by record, that names every
 * malformed line by its physical line number (a line ends at LF, CRLF or a lone CR, whichever the
 * file uses, mixed or not) and can write the well-formed records to a copy DuckDB then reads.
 *
 * It exists because DuckDB's reader cannot skip every kind of malformed line (after a stray or
 * unclosed quotation mark its skipping re-reads disagree with its rejects table), cannot read a
 * file whose line endings are mixed, and cannot take rows with the trailing empty field some DOJ
 * files have. A record is what DuckDB's reader takes as one: 95 fields, a quotation mark only
 * opening a field, closed, and followed by a comma or the line's end; a quoted field may hold a
 * line break. A malformed record is skipped as one physical line: the next record starts on the
 * next line, so one stray quotation mark costs one line, not the rest of the file.
 */

export interface BadLine {
  /** 1-based physical line number in the file. */
  line: number;
  /** Plain words, as in rejected_rows.csv: "has 94 fields, 95 expected". */
  reason: string;
  /** The line as written (for rejected_rows.csv only: never logged, never in a message). */
  text: string;
}

export interface LineCheckOptions {
  hasHeader: boolean;
  encoding: 'utf-8' | 'latin-1';
  /** The header ended in an empty 96th name: a row's empty 96th field is dropped (see sniff). */
  trailingComma: boolean;
  /** Stop at the first malformed line (for an error message) instead of listing them all. */
  firstOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
}

export interface LineCheckResult {
  /** Records written (the header not counted). */
  records: number;
  bad: BadLine[];
}

const CHUNK_BYTES = 8 << 20;
/** A record longer than DuckDB's longest line is judged on its first physical line alone. */
const MAX_RECORD_BYTES = 2 << 20;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const NEWLINE = new Uint8Array([LF]);

type Parsed =
  | { kind: 'more' }
  | { kind: 'good'; end: number; next: number; dropLastComma: boolean }
  | { kind: 'bad'; reason: string };

/**
 * Reads the whole source; with a sink, writes the header and every well-formed record to it, each
 * ended by LF (the line endings normalised: DuckDB reads one kind only), the BOM kept, a trailing
 * empty 96th field dropped. Blank lines are written as they are: DuckDB skips them, as it would
 * in the original file.
 */
export async function checkLines(
  source: ByteSource,
  options: LineCheckOptions,
  sink?: ByteSink,
): Promise<LineCheckResult> {
  const decoder = new TextDecoder(options.encoding === 'utf-8' ? 'utf-8' : 'latin1');
  const strictUtf8 =
    options.encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : undefined;
  const bad: BadLine[] = [];
  let buf = new Uint8Array(CHUNK_BYTES + 1);
  let carried = 0;
  let offset = 0;
  let line = 1;
  let records = 0;
  let header = options.hasHeader;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const emit = async (bytes: Uint8Array) => {
    if (!sink) return;
    pending.push(bytes.slice(), NEWLINE);
    pendingBytes += bytes.length + 1;
    if (pendingBytes >= 1 << 20) await flush();
  };
  const flush = async () => {
    if (!sink || pending.length === 0) return;
    const out = new Uint8Array(pendingBytes);
    let at = 0;
    for (const part of pending) {
      out.set(part, at);
      at += part.length;
    }
    pending = [];
    pendingBytes = 0;
    await sink.write(out);
  };

  for (;;) {
    throwIfAborted(options.signal);
    if (buf.length < carried + CHUNK_BYTES) {
      const bigger = new Uint8Array(carried + CHUNK_BYTES);
      bigger.set(buf.subarray(0, carried));
      buf = bigger;
    }
    const got = offset < source.size ? await source.read(buf, carried, CHUNK_BYTES, offset) : 0;
    let start = 0;
    if (offset === 0 && got >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      if (sink) await sink.write(buf.slice(0, 3));
      start = 3;
    }
    offset += got;
    const end = carried + got;
    const last = got === 0 || offset >= source.size;
    while (start < end) {
      let parsed = parseRecord(buf, start, end, last, options.trailingComma);
      if (parsed.kind === 'more' && end - start > MAX_RECORD_BYTES) {
        parsed = { kind: 'bad', reason: 'is longer than the longest line DuckDB accepts (2 MB)' };
      }
      if (parsed.kind === 'more') break;
      if (parsed.kind === 'good') {
        const lines = 1 + countLineBreaks(buf, start, parsed.end);
        const content = buf.subarray(start, parsed.end - (parsed.dropLastComma ? 1 : 0));
        const notText = strictUtf8 && !isText(strictUtf8, content);
        if (!notText) {
          if (parsed.end === start) {
            await emit(content); // a blank line: DuckDB's to skip
          } else if (header) {
            header = false;
            await emit(content);
          } else {
            records++;
            await emit(content);
          }
          line += lines;
          start = parsed.next;
          continue;
        }
        parsed = { kind: 'bad', reason: 'contains bytes that are not valid text' };
      }
      // A malformed record is one physical line: find where it ends.
      const lineEnd = nextLineBreak(buf, start, end);
      if (lineEnd >= end && !last) break;
      if (lineEnd + 1 >= end && buf[lineEnd] === CR && !last) break;
      bad.push({ line, reason: parsed.reason, text: decoder.decode(buf.subarray(start, lineEnd)) });
      if (options.firstOnly) return { records, bad };
      header = false;
      line++;
      start = afterLineBreak(buf, lineEnd, end);
    }
    options.onProgress?.(offset);
    if (last) break;
    carried = end - start;
    buf.copyWithin(0, start, end);
  }
  await flush();
  return { records, bad };
}

function isText(decoder: TextDecoder, bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b > 127) {
      try {
        decoder.decode(bytes);
        return true;
      } catch {
        return false;
      }
    }
  }
  return true;
}

function nextLineBreak(buf: Uint8Array, from: number, end: number): number {
  let p = from;
  while (p < end && buf[p] !== LF && buf[p] !== CR) p++;
  return p;
}

function afterLineBreak(buf: Uint8Array, at: number, end: number): number {
  if (at >= end) return end;
  return buf[at] === CR && at + 1 < end && buf[at + 1] === LF ? at + 2 : at + 1;
}

/** Line breaks inside a record (quoted ones): each LF, CRLF or lone CR counts once. */
function countLineBreaks(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let p = from; p < to; p++) {
    const b = buf[p];
    if (b === LF) n++;
    else if (b === CR && buf[p + 1] !== LF) n++;
  }
  return n;
}

/**
 * One record from `start`. 'more' when the data ends before the record does and more is to come;
 * `end` is where its line break is (or the data's end), `next` where the next record starts.
 */
function parseRecord(
  buf: Uint8Array,
  start: number,
  end: number,
  last: boolean,
  trailingComma: boolean,
): Parsed {
  let p = start;
  let fields = 0;
  let lastFieldEmpty: boolean;
  for (;;) {
    const fieldStart = p;
    if (p < end && buf[p] === QUOTE) {
      p++;
      for (;;) {
        while (p < end && buf[p] !== QUOTE) p++;
        if (p >= end) {
          return last ? quoteProblem(fields) : { kind: 'more' };
        }
        if (p + 1 >= end && !last) return { kind: 'more' };
        if (buf[p + 1] === QUOTE) {
          p += 2;
          continue;
        }
        p++;
        break;
      }
      const after = p < end ? buf[p] : LF;
      if (after !== COMMA && after !== LF && after !== CR) return quoteProblem(fields);
    } else {
      // A quotation mark inside an unquoted field is text, to DuckDB as to the fast reader.
      while (p < end && buf[p] !== COMMA && buf[p] !== LF && buf[p] !== CR) p++;
      if (p >= end && !last) return { kind: 'more' };
    }
    lastFieldEmpty = p === fieldStart;
    fields++;
    if (p < end && buf[p] === COMMA) {
      p++;
      continue;
    }
    break;
  }
  // p is at the line break, or at the end of the last line of the file.
  if (p < end && buf[p] === CR && p + 1 >= end && !last) return { kind: 'more' };
  const next = afterLineBreak(buf, p, end);
  if (p === start) return { kind: 'good', end: p, next, dropLastComma: false };
  const dropLastComma = trailingComma && fields === DOJ_COLUMN_COUNT + 1 && lastFieldEmpty;
  if (fields !== DOJ_COLUMN_COUNT && !dropLastComma) {
    return { kind: 'bad', reason: `has ${fields} fields, ${DOJ_COLUMN_COUNT} expected` };
  }
  return { kind: 'good', end: p, next, dropLastComma };
}

function quoteProblem(field: number): Parsed {
  const column = DOJ_COLUMNS[field] ?? `${field + 1}`;
  return {
    kind: 'bad',
    reason: `has a quotation mark that is not closed properly (in column ${column})`,
  };
}

/**
 * Whether the run reads the line check's copy of the file rather than the file: when bad lines
 * are to be skipped (DuckDB's own skipping cannot be trusted with every kind, see line-check.ts),
 * and when the header ends in a trailing comma (DuckDB's reader cannot take rows with the empty
 * 96th field).
 */
export function needsLineCheck(shape: { trailingComma: boolean }, skipBadRows: boolean): boolean {
  return skipBadRows || shape.trailingComma;
}
