/** The motions' PDF syntax, read back by pdf-lib's own parser where it has one. */
import { PDFHexString, PDFString } from 'pdf-lib';
import { describe, expect, test } from 'vitest';
import { pdfName, pdfNumber, pdfText } from '../../src/forms/pdf/pdf-syntax';

/** What pdf-lib decodes from one string token as we write it. */
function decoded(token: string): string {
  if (token.startsWith('<')) return PDFHexString.of(token.slice(1, -1)).decodeText();
  // PDFString takes a literal string's contents as written, escapes and all.
  return PDFString.of(token.slice(1, -1)).decodeText();
}

describe('pdfText', () => {
  test.each(['SMITH, JOHN', "O'BRIEN (JR.) \\ 98F1234", 'NÚÑEZ, JOSÉ', 'ŁUKASIEWICZ — Łódź', ''])(
    'writes %j so that a reader gets it back',
    (text) => {
      expect(decoded(pdfText(text))).toBe(text);
    },
  );

  test('balances the parentheses of a literal string with escapes', () => {
    expect(pdfText('a (b) \\ c')).toBe('(a \\(b\\) \\\\ c)');
  });

  test('writes anything past printable ASCII as UTF-16 with a byte-order mark', () => {
    expect(pdfText('É')).toBe('<FEFF00c9>');
    expect(pdfText('a\nb')).toBe('<FEFF0061000a0062>');
  });
});

describe('pdfName', () => {
  test('escapes the characters a name cannot hold as #xx', () => {
    expect(pdfName('LiberationSerif-Bold')).toBe('/LiberationSerif-Bold');
    expect(pdfName('A B/C#(x)')).toBe('/A#20B#2fC#23#28x#29');
  });
});

describe('pdfNumber', () => {
  test.each([
    [12, '12'],
    [0.6, '0.6'],
    [720.000049, '720'],
    [1 / 3, '0.3333'],
    [-0.00001, '0'],
    [1e-7, '0'],
    [-12.5, '-12.5'],
  ])('%d as %s', (n, text) => {
    expect(pdfNumber(n)).toBe(text);
  });
});
