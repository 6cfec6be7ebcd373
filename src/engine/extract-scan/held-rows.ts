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
  | { records: number; heldRecords: number; passes: number; stop?: undefined }
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

/** Appends one held row: position, then the kept fields' raw bytes. */
function appendHeldRow(out: ByteBuffer, record: number, buf: Uint8Array, fields: Int32Array) {
  out.appendNumber(record);
  for (const f of FIELD_INDEX) {
    out.appendByte(44);
    out.appendRange(buf, fields[2 * f]!, fields[2 * f + 1]!);
  }
  out.appendByte(10);
}

const FLUSH_BYTES = 4 << 20;

/**
 * Writes the held rows to `sink()`. A DOJ extract lists each person's rows together, so one pass
 * suffices: a person's rows wait in a small buffer until the next person starts. If a person's
 * rows turn up apart, that pass only learns who is wanted and a second pass writes the rows.
 */
export async function writeHeldRows(
  source: ByteSource,
  options: ScanOptions,
  sink: () => Promise<ByteSink>,
): Promise<HeldRowsResult> {
  const wanted = new Set<number>();
  const started = new Set<number>();
  let together = true;
  let out = await sink();
  const pending = new ByteBuffer();
  let group = new ByteBuffer();
  let groupKey = -1;
  let groupWanted = false;
  let held = 0;
  let groupRows = 0;
  const flushGroup = () => {
    if (groupWanted) {
      pending.appendRange(group.bytes, 0, group.length);
      held += groupRows;
    }
    if (group.bytes.length > 1 << 20) group = new ByteBuffer();
    group.length = 0;
    groupRows = 0;
  };
  const sendPending = async (force: boolean) => {
    if (pending.length === 0 || (!force && pending.length < FLUSH_BYTES)) return;
    const taken = pending.take();
    await out.write(taken);
    pending.recycle(taken);
  };
  const firstPass = await scanRecords(
    source,
    {
      ...options,
      onProgress: (bytes) => options.onProgress?.(together ? bytes : bytes / 2),
      afterChunk: () => sendPending(false),
    },
    (record, buf, _start, _end, fields) => {
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
      appendHeldRow(group, record, buf, fields);
      groupRows++;
    },
  );
  if (firstPass.stop) {
    await out.abort();
    return firstPass;
  }
  if (together) {
    flushGroup();
    await sendPending(true);
    await out.close();
    return { records: firstPass.records, heldRecords: held, passes: 1 };
  }
  await out.abort();
  out = await sink();
  pending.length = 0;
  held = 0;
  const secondPass = await scanRecords(
    source,
    {
      ...options,
      onProgress: (bytes) => options.onProgress?.((source.size + bytes) / 2),
      afterChunk: () => sendPending(false),
    },
    (record, buf, _start, _end, fields) => {
      const key = subjectKey(buf, fields[2 * SUBJECT_FIELD]!, fields[2 * SUBJECT_FIELD + 1]!);
      if (!wanted.has(key)) return;
      appendHeldRow(pending, record, buf, fields);
      held++;
    },
  );
  if (secondPass.stop) {
    await out.abort();
    return secondPass;
  }
  await sendPending(true);
  await out.close();
  return { records: secondPass.records, heldRecords: held, passes: 2 };
}
