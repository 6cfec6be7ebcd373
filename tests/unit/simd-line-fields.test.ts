/**
 * The scanner's WebAssembly SIMD loop (src/engine/extract-scan/simd/line-fields.wat) must find
 * exactly what the JavaScript loop finds: the same records, field positions, flags, field bits
 * and stops, on hand-made lines that reach every branch and on many thousands of random ones.
 * And the committed module must be what the readable .wat assembles to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isStrictUtf8 } from '../helpers/strict-utf8';
import { DOJ_COLUMN_COUNT } from '../../src/doj/columns';
import { bytesSource } from '../../src/engine/extract-scan/byte-source';
import { scanRecords, type ScanOptions } from '../../src/engine/extract-scan/record-scanner';
import { wasmLineFields } from '../../src/engine/extract-scan/simd/line-fields';
// @ts-expect-error: a plain .mjs build script, typed by use
import { assembledModuleText } from '../../scripts/build-wasm.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const encoder = new TextEncoder();

/** Everything a visitor is shown, as text, plus the scan's result. */
async function observe(bytes: Uint8Array, engine: ScanOptions['engine'], hasHeader = false) {
  const seen: string[] = [];
  const result = await scanRecords(
    bytesSource(bytes),
    {
      hasHeader,
      engine,
      validText: isStrictUtf8,
    },
    (record, _buf, lineStart, lineEnd, fields, flags, fieldBits) => {
      seen.push(
        `${record} ${lineStart}-${lineEnd} flags=${flags} fields=${[...fields].join(',')} bits=${[...fieldBits].join(',')}`,
      );
    },
  );
  return { result, seen };
}

async function expectSameScan(text: string | Uint8Array, hasHeader = false) {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const simd = await observe(bytes, 'simd', hasHeader);
  const js = await observe(bytes, 'js', hasHeader);
  expect(simd).toEqual(js);
  return js;
}

/** A line of 95 fields, the given ones set and the rest short plain text. */
function line(values: Record<number, string> = {}) {
  return Array.from({ length: DOJ_COLUMN_COUNT }, (_, i) => values[i] ?? `v${i % 7}`).join(',');
}

describe('the SIMD line scanner', () => {
  test('runs here (Node has WebAssembly SIMD)', () => {
    expect(wasmLineFields(DOJ_COLUMN_COUNT, 1024)).toBeDefined();
  });

  test('the committed module is what line-fields.wat assembles to', async () => {
    const committed = readFileSync(
      path.join(ROOT, 'src/engine/extract-scan/simd/line-fields-wasm.ts'),
      'utf8',
    );
    expect(committed).toBe(await assembledModuleText());
  });

  test('agrees with the JavaScript scanner on lines that reach every branch', async () => {
    const cases: Record<string, string> = {
      plain: `${line()}\n${line()}\n`,
      crlf: `${line()}\r\n${line()}\r\n`,
      noFinalBreak: `${line()}\n${line()}`,
      emptyFields: `${','.repeat(DOJ_COLUMN_COUNT - 1)}\n${line({ 94: '' })}\n`,
      quoted: `${line({ 3: '"SCOTT,MICHAEL U"', 10: '""', 94: '"last"' })}\n`,
      doubledQuote: `${line({ 5: '"a ""b"" c"', 6: '""""' })}\n`,
      strayQuote: `${line({ 7: 'a"b', 8: 'x""' })}\n`,
      commaDash: `${line({ 9: '"a,-b"', 11: '"a,"-b"' })}\n`,
      dashStart: `${line({ 12: '-x' })}\n${line({ 13: '"-x"' })}\n${line({ 94: '-' })}\n`,
      formula: `${line({ 14: '=1+2', 15: '@a' })}\n${line({ 16: 'a\tb' })}\n`,
      hash: `${line({ 17: '#x', 18: '"#y"' })}\n`,
      nonAscii: `${line({ 19: 'JOSÉ', 20: '"MUÑOZ,ANA"' })}\n`,
      tooFewFields: `${line()}\n${line().slice(0, -4)}\n`,
      tooManyFields: `${line()},x\n`,
      lineBreakInQuotes: `${line({ 3: '"a\nb"' })}\n`,
      crInQuotes: `${line({ 3: '"a\rb"' })}\n`,
      loneCr: `${line()}\r${line()}\n`,
      badQuote: `${line({ 3: '"a"b' })}\n`,
      blankLine: `${line()}\n\n${line()}\n`,
      byteOrderMark: `\ufeff${line()}\n`,
      header: `${line({ 0: 'H' })}\n${line()}\n`,
      unterminatedQuoteAtEnd: `${line()}\n${line({ 94: '"open' })}`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const { result } = await expectSameScan(text, name === 'header');
      expect(result, name).toBeDefined();
    }
    // A byte that is not UTF-8 (0xFF) on the second line.
    const bad = encoder.encode(`${line()}\n${line({ 21: 'Z' })}\n`);
    bad[bad.indexOf(90)] = 0xff;
    expect((await expectSameScan(bad)).result).toEqual({ stop: 'encoding', line: 2 });
  });

  test('agrees on every line length around the 16-byte blocks', async () => {
    for (let pad = 0; pad < 40; pad++) {
      const text = `${line({ 0: 'x'.repeat(pad), 94: '"q,"' })}\n${line({ 50: 'y'.repeat(pad) })}\n`;
      await expectSameScan(text);
    }
  });

  test('agrees on 400 random files of awkward bytes', async () => {
    // A seeded generator, so a failure names a file that can be made again.
    let seed = 64;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ['a', 'b', ' ', ',', ',', ',', '"', '"', '-', '=', '+', '@', '#', '\t', 'é'];
    const endings = ['\n', '\n', '\n', '\r\n', '\r'];
    for (let file = 0; file < 400; file++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(random() * 12);
      for (let l = 0; l < count; l++) {
        // Mostly well-formed 95-field lines, with a few random bytes in some fields.
        const values: Record<number, string> = {};
        const edits = Math.floor(random() * 6);
        for (let e = 0; e < edits; e++) {
          let value = '';
          const length = Math.floor(random() * 20);
          for (let i = 0; i < length; i++)
            value += alphabet[Math.floor(random() * alphabet.length)];
          if (random() < 0.4) value = `"${value.replace(/"/g, '""')}"`;
          values[Math.floor(random() * DOJ_COLUMN_COUNT)] = value;
        }
        lines.push(line(values) + endings[Math.floor(random() * endings.length)]);
      }
      const text = lines.join('');
      const simd = await observe(encoder.encode(text), 'simd');
      const js = await observe(encoder.encode(text), 'js');
      if (JSON.stringify(simd) !== JSON.stringify(js)) {
        throw new Error(`file ${file} differs: ${JSON.stringify(text)}`);
      }
    }
  });

  test('checks UTF-8 exactly as a strict TextDecoder does', () => {
    const memory = wasmLineFields(DOJ_COLUMN_COUNT, 1 << 16)!;
    const decodes = isStrictUtf8;
    const check = (bytes: Uint8Array) => {
      memory.bytes.set(bytes, 100);
      return memory.validUtf8!(100, 100 + bytes.length);
    };
    // Every boundary of every sequence length, and sequences cut off or overlong.
    const edges = [
      [0x7f],
      [0x80],
      [0xc1, 0xbf],
      [0xc2, 0x80],
      [0xdf, 0xbf],
      [0xdf],
      [0xe0, 0x9f, 0x80],
      [0xe0, 0xa0, 0x80],
      [0xec, 0xbf, 0xbf],
      [0xed, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xee, 0x80, 0x80],
      [0xef, 0xbf, 0xbf],
      [0xef, 0xbf],
      [0xf0, 0x8f, 0x80, 0x80],
      [0xf0, 0x90, 0x80, 0x80],
      [0xf3, 0xbf, 0xbf, 0xbf],
      [0xf4, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xf0, 0x90, 0x80],
      [0xc3, 0x41],
      [0xff],
    ];
    for (const edge of edges) {
      for (const pad of [0, 3, 15, 16, 17]) {
        const bytes = new Uint8Array([...Array(pad).fill(0x41), ...edge, 0x41]);
        expect(check(bytes), `${edge} after ${pad}`).toBe(decodes(bytes));
      }
    }
    // Seeded random strings: mostly ASCII, with pieces of real UTF-8 and random high bytes.
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pieces = ['É', 'Ñ', '€', '𝄞', 'ü'].map((c) => [...encoder.encode(c)]);
    for (let n = 0; n < 20000; n++) {
      const bytes: number[] = [];
      const length = Math.floor(random() * 40);
      while (bytes.length < length) {
        const roll = random();
        if (roll < 0.7) bytes.push(0x20 + Math.floor(random() * 90));
        else if (roll < 0.9) bytes.push(...pieces[Math.floor(random() * pieces.length)]!);
        else bytes.push(0x80 + Math.floor(random() * 128));
      }
      const array = new Uint8Array(bytes);
      if (check(array) !== decodes(array)) throw new Error(`differs on ${bytes.join(' ')}`);
    }
  });
});
