import { LINE_FIELDS_WASM_BASE64 } from './line-fields-wasm';

/** Where line-fields.wat keeps what it found; the bytes start at DATA_BASE. */
const FIELDS_AT = 0;
const MAX_FIELDS = 128;
const OUTCOME_AT = 1024;
const FIELD_BITS_AT = 1040;
const DATA_BASE = 4096;
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
}

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

/** The WebAssembly scanner memory for lines of `fieldCount` fields, or undefined without SIMD. */
export function wasmLineFields(fieldCount: number, length: number): LineFieldsMemory | undefined {
  const module = lineFieldsModule();
  if (!module || fieldCount > MAX_FIELDS) return undefined;
  const instance = new WebAssembly.Instance(module);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const scan = instance.exports.scanLine as (
    start: number,
    base: number,
    expected: number,
  ) => number;
  const valid = instance.exports.validUtf8 as (start: number, end: number) => number;
  let capacity = 0;
  const views = () => {
    const buffer = memory.buffer;
    lines.bytes = new Uint8Array(buffer, DATA_BASE, capacity);
    lines.fields = new Int32Array(buffer, FIELDS_AT, 2 * fieldCount);
    lines.fieldBits = new Uint8Array(buffer, FIELD_BITS_AT, fieldCount);
    lines.outcome = new Int32Array(buffer, OUTCOME_AT, 3);
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
  };
  lines.ensure(length);
  return lines;
}
