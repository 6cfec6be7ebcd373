import { DOJ_COLUMNS, RULE_INPUT_COLUMNS } from '../../doj/columns';
import { ByteBuffer } from './byte-buffer';
import type { ByteSink, ByteSource } from './byte-source';
import { scanRecords, type ScanOptions, type ScanStop } from './record-scanner';

/**
 * The rows DuckDB needs, found by one fast pass over the extract: every row of every person any
 * of whose rows mentions 11357, 11358, 11359 or 11360 in OFFENSE_DESCR or COMMENT_TEXT (the only
 * fields the rules read a Prop 64 section from), with only the columns the rules read. Nobody
 * else can have a Prop 64 conviction or a "Possible Other P64 Charges" cell, so leaving them out
 * changes no answer; it spares DuckDB most of an 800 MB file.
 *
 * The held rows are written as CSV for DuckDB's own reader: the row's 0-based position in the
 * file, then each kept field's bytes exactly as the file has them (quotes included), so DuckDB
 * reads every value as it would have read it from the extract itself.
 */
export const HELD_ROW_COLUMNS = RULE_INPUT_COLUMNS;

export type HeldRowsResult =
  | {
      records: number;
      heldRecords: number;
      passes: number;
      /** How many threads the first pass ran on (two halves, or one). */
      threads: number;
      stop?: undefined;
    }
  | { stop: ScanStop; line: number };

const FIELD_INDEX = HELD_ROW_COLUMNS.map((c) => DOJ_COLUMNS.indexOf(c));
const SUBJECT_FIELD = DOJ_COLUMNS.indexOf('SUBJECT_ID');
const OFFENSE_FIELD = DOJ_COLUMNS.indexOf('OFFENSE_DESCR');
const COMMENT_FIELD = DOJ_COLUMNS.indexOf('COMMENT_TEXT');

/**
 * People are found by a 53-bit hash of SUBJECT_ID without quotes or white space (the rules compare
 * it trimmed): two FNV-1a hashes with different seeds. Two people sharing a hash only means both
 * are kept (and, if their rows are apart, a second pass): the filter can keep too much, never
 * too little.
 */
function subjectKey(buf: Uint8Array, start: number, end: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b <= 32 || b === 34) continue;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

/** 1135 followed by 7, 8 or 9, or 11360, anywhere in buf[start, end). */
function mentionsProp64(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i + 4 < end; i++) {
    if (buf[i] !== 49 || buf[i + 1] !== 49) continue;
    const a = buf[i + 2];
    const b = buf[i + 3];
    const c = buf[i + 4];
    if ((a === 51 && b === 53 && c! >= 55 && c! <= 57) || (a === 51 && b === 54 && c === 48)) {
      return true;
    }
  }
  return false;
}

/** Digits of a held row's position: fixed, so a later part's rows can be renumbered in place. */
const POSITION_DIGITS = 12;

/** Where a pending row keeps its record number and its kept fields' starts and ends. */
const PENDING_INTS = 1 + 2 * FIELD_INDEX.length;

/**
 * The rows of the group being read, as positions in the scan buffer: most groups are nobody the
 * rules need, so their rows are never copied. A group's rows become bytes when it turns out to be
 * needed, or when the buffer is about to be refilled (its rows could still be needed).
 */
class PendingRows {
  private ints = new Int32Array(PENDING_INTS * 64);
  count = 0;

  add(record: number, fields: Int32Array) {
    if ((this.count + 1) * PENDING_INTS > this.ints.length) {
      const bigger = new Int32Array(this.ints.length * 2);
      bigger.set(this.ints);
      this.ints = bigger;
    }
    const ints = this.ints;
    let at = this.count * PENDING_INTS;
    ints[at++] = record;
    for (const f of FIELD_INDEX) {
      ints[at++] = fields[2 * f]!;
      ints[at++] = fields[2 * f + 1]!;
    }
    this.count++;
  }

  /** Appends each pending row (position, then the kept fields' raw bytes) and forgets them. */
  writeTo(out: ByteBuffer, buf: Uint8Array) {
    const ints = this.ints;
    for (let row = 0; row < this.count; row++) {
      const first = row * PENDING_INTS + 1;
      // Room for the whole row at once, then its bytes copied here: 350,000 rows of 14 fields
      // made this the first pass's costliest JavaScript as one append per piece.
      let length = POSITION_DIGITS + FIELD_INDEX.length + 1;
      for (let at = first; at < first + 2 * FIELD_INDEX.length; at += 2) {
        length += ints[at + 1]! - ints[at]!;
      }
      out.reserve(length);
      out.appendDigits(ints[first - 1]!, POSITION_DIGITS);
      const bytes = out.bytes;
      let to = out.length;
      for (let at = first; at < first + 2 * FIELD_INDEX.length; at += 2) {
        bytes[to++] = 44;
        const end = ints[at + 1]!;
        for (let i = ints[at]!; i < end; i++) bytes[to++] = buf[i]!;
      }
      bytes[to++] = 10;
      out.length = to;
    }
    this.count = 0;
  }
}

/** Adds `offset` to the position at the start of every held row in `bytes`, in place. */
function renumber(bytes: Uint8Array, offset: number): Uint8Array {
  if (offset === 0) return bytes;
  for (let line = 0; line < bytes.length;) {
    let n = 0;
    for (let i = 0; i < POSITION_DIGITS; i++) n = n * 10 + bytes[line + i]! - 48;
    n += offset;
    for (let i = POSITION_DIGITS - 1; i >= 0; i--) {
      bytes[line + i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    line = bytes.indexOf(10, line + POSITION_DIGITS) + 1;
    if (line === 0) break;
  }
  return bytes;
}

/**
 * One stretch of the file, scanned on its own (the second half runs in another thread). Rows are
 * numbered from the stretch's first record. A person's rows are grouped as they come; the
 * stretch's first and last groups are handed back undecided, since the same person may go on in
 * the neighbouring stretch.
 */
export interface HeldPart {
  records: number;
  /** The wanted rows of every group but the first and last. */
  middle: Uint8Array;
  middleRecords: number;
  edges: { key: number; rows: number; bytes: Uint8Array }[];
  /** People with a row that mentions a Prop 64 section. */
  wanted: number[];
  /** Every person whose rows started a group. */
  started: number[];
  /** False when a person's rows came apart within the stretch. */
  together: boolean;
  stop?: undefined;
}

export type HeldPartResult = HeldPart | { stop: ScanStop; line: number };

/** The buffers of a part, for a worker to transfer rather than copy when it posts the part back. */
export function heldPartBuffers(part: HeldPartResult): ArrayBuffer[] {
  if (part.stop) return [];
  return [part.middle, ...part.edges.map((e) => e.bytes)].map((b) => b.buffer as ArrayBuffer);
}

/** Scans one stretch (a source over just those bytes) into a HeldPart. */
export async function scanHeldPart(
  source: ByteSource,
  options: ScanOptions,
): Promise<HeldPartResult> {
  const wanted = new Set<number>();
  const started = new Set<number>();
  const middle = new ByteBuffer();
  const edges: HeldPart['edges'] = [];
  let together = true;
  let middleRecords = 0;
  // The current group: rows already copied out of earlier chunks, then rows still in `buf`.
  const group = new ByteBuffer();
  const pending = new PendingRows();
  let buf: Uint8Array = new Uint8Array(0);
  let groupKey = -1;
  let groupRows = 0;
  let groupWanted = false;
  const flushGroup = () => {
    if (groupRows === 0) return;
    if (edges.length === 0) {
      pending.writeTo(group, buf);
      edges.push({ key: groupKey, rows: groupRows, bytes: group.take() });
    } else if (groupWanted) {
      pending.writeTo(group, buf);
      middle.appendRange(group.bytes, 0, group.length);
      middleRecords += groupRows;
    }
    pending.count = 0;
    group.length = 0;
    groupRows = 0;
  };
  const afterChunk = async () => {
    // The buffer is refilled next: the group's rows in it are copied while they still can be.
    pending.writeTo(group, buf);
    await options.afterChunk?.();
  };
  const scan = await scanRecords(
    source,
    { ...options, afterChunk },
    (record, bytes, _s, _e, fields) => {
      buf = bytes;
      const key = subjectKey(buf, fields[2 * SUBJECT_FIELD]!, fields[2 * SUBJECT_FIELD + 1]!);
      const mentions =
        mentionsProp64(buf, fields[2 * OFFENSE_FIELD]!, fields[2 * OFFENSE_FIELD + 1]!) ||
        mentionsProp64(buf, fields[2 * COMMENT_FIELD]!, fields[2 * COMMENT_FIELD + 1]!);
      if (mentions) wanted.add(key);
      if (!together) return;
      if (key !== groupKey) {
        flushGroup();
        if (started.has(key)) {
          together = false;
          return;
        }
        started.add(key);
        groupKey = key;
        groupWanted = false;
      }
      groupWanted ||= mentions;
      pending.add(record, fields);
      groupRows++;
    },
  );
  if (scan.stop) return scan;
  // The last group is an edge too (unless it is the first, already one).
  if (groupRows > 0) {
    pending.writeTo(group, buf);
    edges.push({ key: groupKey, rows: groupRows, bytes: group.take() });
  }
  return {
    records: scan.records,
    middle: middle.take(),
    middleRecords,
    edges,
    wanted: [...wanted],
    started: [...started],
    together,
  };
}

/** The bytes [start, end) of a source, as a source of their own. */
export function rangeSource(source: ByteSource, start: number, end: number): ByteSource {
  return {
    size: end - start,
    read: (target, at, length, offset) =>
      source.read(target, at, Math.min(length, end - start - offset), start + offset),
  };
}

/** Below this a file is scanned in one piece: starting a thread costs more than it saves. */
export const SECOND_THREAD_FROM_BYTES = 32 << 20;

/**
 * A second thread for the scan: `scan` runs scanHeldPart on [start, end) of the same file (no
 * header there). Files under `minimumBytes` (default SECOND_THREAD_FROM_BYTES) are scanned in
 * one piece.
 */
export interface SecondThread {
  /** Stops (and rejects) when `signal` aborts. */
  scan(start: number, end: number, signal?: AbortSignal): Promise<HeldPartResult>;
  minimumBytes?: number;
  /**
   * Where to split the file, when the thread began on [split, end) before it was asked (under
   * Node it starts while DuckDB does); by default the first line start after the middle.
   */
  split?: number;
}

/**
 * Writes the held rows to `sink()`. A DOJ extract lists each person's rows together, so one pass
 * suffices: with a second thread, each scans half the file and the halves are joined where a
 * person's rows cross the middle. If a person's rows turn up apart, a second pass writes the
 * rows of everyone found wanted.
 */
export async function writeHeldRows(
  source: ByteSource,
  options: ScanOptions,
  /** Opens where the rows go; told their total length in bytes when it is known beforehand. */
  sink: (totalBytes?: number) => Promise<ByteSink>,
  thread?: SecondThread,
): Promise<HeldRowsResult> {
  const split =
    thread && source.size >= (thread.minimumBytes ?? SECOND_THREAD_FROM_BYTES)
      ? (thread.split ?? (await lineStartAfter(source, Math.floor(source.size / 2))))
      : undefined;
  let parts: HeldPartResult[];
  if (split === undefined) {
    parts = [await scanHeldPart(source, options)];
  } else {
    const second = thread!.scan(split, source.size, options.signal);
    second.catch(() => undefined); // awaited just below
    const first = await scanHeldPart(rangeSource(source, 0, split), {
      ...options,
      onProgress: (bytes) => options.onProgress?.((bytes * source.size) / split),
    });
    parts = [first, await second];
  }
  for (const part of parts) if (part.stop) return part;
  const whole = parts as HeldPart[];
  const wanted = new Set(whole.flatMap((p) => p.wanted));
  const records = whole.reduce((n, p) => n + p.records, 0);
  if (joinable(whole)) {
    // Every piece is known before the first is written: the sink is told their total length.
    const pieces: [rows: number, bytes: Uint8Array, offset: number][] = [];
    let offset = 0;
    for (const part of whole) {
      const [first, last] = part.edges;
      if (first && wanted.has(first.key)) pieces.push([first.rows, first.bytes, offset]);
      pieces.push([part.middleRecords, part.middle, offset]);
      if (last && wanted.has(last.key)) pieces.push([last.rows, last.bytes, offset]);
      offset += part.records;
    }
    const written = pieces.filter(([rows]) => rows > 0);
    const out = await sink(written.reduce((n, [, bytes]) => n + bytes.length, 0));
    let held = 0;
    for (const [rows, bytes, at] of written) {
      await out.write(renumber(bytes, at));
      held += rows;
    }
    await out.close();
    return { records, heldRecords: held, passes: 1, threads: parts.length };
  }
  return secondPass(source, options, sink, wanted, parts.length);
}

/**
 * Whether the parts' groups are whole people: every person's rows together within each part,
 * and the only person in two parts the one whose rows cross the boundary between them.
 */
function joinable(parts: HeldPart[]): boolean {
  if (!parts.every((p) => p.together)) return false;
  for (let i = 1; i < parts.length; i++) {
    const before = parts[i - 1]!;
    const after = parts[i]!;
    const crossing = before.edges.at(-1)?.key === after.edges[0]?.key ? after.edges[0]?.key : -1;
    const earlier = new Set(before.started);
    if (after.started.some((key) => key !== crossing && earlier.has(key))) return false;
  }
  return true;
}

/**
 * The offset just past the first line break at or after `offset` (within 1 MB), if there is one:
 * where a scan's second part can begin.
 */
export async function lineStartAfter(
  source: ByteSource,
  offset: number,
): Promise<number | undefined> {
  const window = new Uint8Array(1 << 20);
  const got = await source.read(window, 0, window.length, offset);
  const newline = window.subarray(0, got).indexOf(10);
  return newline < 0 ? undefined : offset + newline + 1;
}

const FLUSH_BYTES = 4 << 20;

/** The rows of everyone wanted, when a person's rows were apart: one more pass, in order. */
async function secondPass(
  source: ByteSource,
  options: ScanOptions,
  sink: () => Promise<ByteSink>,
  wanted: Set<number>,
  threads: number,
): Promise<HeldRowsResult> {
  const out = await sink();
  const pending = new ByteBuffer();
  const rows = new PendingRows();
  let held = 0;
  const send = async (force: boolean) => {
    if (pending.length === 0 || (!force && pending.length < FLUSH_BYTES)) return;
    const taken = pending.take();
    await out.write(taken);
    pending.recycle(taken);
  };
  const scan = await scanRecords(
    source,
    { ...options, afterChunk: () => send(false) },
    (record, buf, _start, _end, fields) => {
      const key = subjectKey(buf, fields[2 * SUBJECT_FIELD]!, fields[2 * SUBJECT_FIELD + 1]!);
      if (!wanted.has(key)) return;
      rows.add(record, fields);
      rows.writeTo(pending, buf);
      held++;
    },
  );
  if (scan.stop) {
    await out.abort();
    return scan;
  }
  await send(true);
  await out.close();
  return { records: scan.records, heldRecords: held, passes: 2, threads };
}
