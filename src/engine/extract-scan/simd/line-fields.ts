import { LINE_FIELDS_WASM_BASE64 } from './line-fields-wasm';

/** Where line-fields.wat keeps what it found; the bytes start at DATA_BASE. */
const FIELDS_AT = 0;
const MAX_FIELDS = 128;
const OUTCOME_AT = 1024;
const FIELD_BITS_AT = 1040;
const RUN_AT = 1168;
const CONDENSED_FIELDS_AT = 1200;
const MAX_CONDENSED_FIELDS = 64;
/** Where the wide runs' output starts; the bytes start after it (or here, for a plain scan). */
const SCRATCH_AT = 4096;
/** What a 16-byte load may read past the sentinel. */
const SLACK = 16;
const PAGE = 65536;

export const LINE_REACHED_BREAK = 0;
export const LINE_BREAK_IN_QUOTES = 1;
export const LINE_BAD_QUOTE = 2;

/**
 * The scanner's memory and its line-fields function: the bytes, the field positions of the last
 * line, and its outcome (break position, flags, field count). The WebAssembly one when the engine
 * has SIMD; record-scanner.ts's JavaScript otherwise (the same contract, see jsLineFields there).
 */
export interface LineFieldsMemory {
  /** The scan buffer; a new view after ensure() grew it, with the bytes kept. */
  bytes: Uint8Array;
  /** Field i's start and end at 2i and 2i+1, relative to bytes. */
  fields: Int32Array;
  /** Field i's FIELD_ bits (record-scanner.ts) at i. */
  fieldBits: Uint8Array;
  /** [line break (or bad byte) position, LINE_HAS_ flags, field count] of the last line. */
  outcome: Int32Array;
  /** bytes.length at least `length` (the caller's sentinel included), the loads' slack beyond. */
  ensure(length: number): void;
  /** The fields of the line at `start` (relative to bytes): a LINE_ status. */
  scanLine(start: number): number;
  /** Whether bytes[start, end) is well-formed UTF-8, where this memory checks it itself. */
  validUtf8?: (start: number, end: number) => boolean;
  /** The wide outputs' usual lines written here (see WideRuns), where the memory was made so. */
  wide?: WideRuns;
}

/**
 * line-fields.wat's wideRun: a run of the wide outputs' usual lines (no result cells, nothing to
 * neutralise, every condensed cell a plain copy) written in WebAssembly; line-outputs.ts writes
 * every other line itself.
 */
export interface WideRuns {
  /**
   * Lines from `start` (relative to bytes) while they are usual and fit, at most `most` and none
   * past `end` (the sentinel): how many it took. Then `next` is where it stopped, and the first
   * allBytes of `all` and condensedBytes of `condensed` are their output.
   */
  run(start: number, end: number, most: number, utf8: boolean, emptyCells: number): number;
  next: number;
  allBytes: number;
  condensedBytes: number;
  all: Uint8Array;
  condensed: Uint8Array;
}

/** The wide runs' output room: a longer line is written by line-outputs.ts itself. */
const WIDE_ALL_BYTES = 1 << 20;
const WIDE_CONDENSED_BYTES = 1 << 19;

let compiled: WebAssembly.Module | null | undefined;

/** The SIMD module, compiled once; null where the engine has no WebAssembly SIMD. */
function lineFieldsModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const binary = Uint8Array.from(atob(LINE_FIELDS_WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = new WebAssembly.Module(binary);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Which loop the scanner uses here: the SIMD one, or (without WebAssembly SIMD) JavaScript. */
export function lineFieldsEngine(): 'simd' | 'js' {
  return lineFieldsModule() ? 'simd' : 'js';
}

type WideRunExport = (
  start: number,
  end: number,
  base: number,
  expected: number,
  most: number,
  all: number,
  allRoom: number,
  condensed: number,
  condensedRoom: number,
  utf8: number,
  empty: number,
) => number;

/**
 * The WebAssembly scanner memory for lines of `fieldCount` fields, or undefined without SIMD;
 * given the condensed file's fields (in order), it also writes the wide outputs' usual lines
 * (see WideRuns).
 */
export function wasmLineFields(
  fieldCount: number,
  length: number,
  options: { condensedFields?: readonly number[] } = {},
): LineFieldsMemory | undefined {
  const module = lineFieldsModule();
  const condensedFields = options.condensedFields;
  if (!module || fieldCount > MAX_FIELDS) return undefined;
  if (
    condensedFields &&
    (condensedFields.length > MAX_CONDENSED_FIELDS || condensedFields.some((f) => f >= fieldCount))
  ) {
    throw new Error('The condensed columns do not fit the scanner.');
  }
  const instance = new WebAssembly.Instance(module);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const scan = instance.exports.scanLine as (
    start: number,
    base: number,
    expected: number,
  ) => number;
  const valid = instance.exports.validUtf8 as (start: number, end: number) => number;
  const wideRun = instance.exports.wideRun as WideRunExport;
  const CONDENSED_AT = SCRATCH_AT + WIDE_ALL_BYTES;
  const DATA_BASE = condensedFields ? CONDENSED_AT + WIDE_CONDENSED_BYTES : SCRATCH_AT;
  let capacity = 0;
  let runOutcome = new Int32Array(0);
  const views = () => {
    const buffer = memory.buffer;
    lines.bytes = new Uint8Array(buffer, DATA_BASE, capacity);
    lines.fields = new Int32Array(buffer, FIELDS_AT, 2 * fieldCount);
    lines.fieldBits = new Uint8Array(buffer, FIELD_BITS_AT, fieldCount);
    lines.outcome = new Int32Array(buffer, OUTCOME_AT, 3);
    runOutcome = new Int32Array(buffer, RUN_AT, 3);
    if (lines.wide) {
      lines.wide.all = new Uint8Array(buffer, SCRATCH_AT, WIDE_ALL_BYTES);
      lines.wide.condensed = new Uint8Array(buffer, CONDENSED_AT, WIDE_CONDENSED_BYTES);
    }
  };
  const wide: WideRuns = {
    run(start, end, most, utf8, emptyCells) {
      const taken = wideRun(
        DATA_BASE + start,
        DATA_BASE + end,
        DATA_BASE,
        fieldCount,
        most,
        SCRATCH_AT,
        WIDE_ALL_BYTES,
        CONDENSED_AT,
        WIDE_CONDENSED_BYTES,
        utf8 ? 1 : 0,
        emptyCells,
      );
      wide.next = runOutcome[0]!;
      wide.allBytes = runOutcome[1]!;
      wide.condensedBytes = runOutcome[2]!;
      return taken;
    },
    next: 0,
    allBytes: 0,
    condensedBytes: 0,
    all: new Uint8Array(0),
    condensed: new Uint8Array(0),
  };
  const lines: LineFieldsMemory = {
    bytes: new Uint8Array(0),
    fields: new Int32Array(0),
    fieldBits: new Uint8Array(0),
    outcome: new Int32Array(0),
    ensure(needed) {
      if (needed <= capacity) return;
      const total = DATA_BASE + needed + SLACK;
      const pages = Math.ceil(total / PAGE) - memory.buffer.byteLength / PAGE;
      if (pages > 0) memory.grow(pages);
      capacity = memory.buffer.byteLength - DATA_BASE - SLACK;
      views();
    },
    scanLine: (start) => scan(DATA_BASE + start, DATA_BASE, fieldCount),
    validUtf8: (start, end) => valid(DATA_BASE + start, DATA_BASE + end) === 1,
    wide: condensedFields ? wide : undefined,
  };
  lines.ensure(length);
  if (condensedFields) {
    new Int32Array(memory.buffer, CONDENSED_FIELDS_AT, 1 + condensedFields.length).set([
      condensedFields.length,
      ...condensedFields,
    ]);
  }
  return lines;
}
