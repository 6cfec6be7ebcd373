/** PDF syntax for the motions' writer (pdf-builder.ts): numbers, strings, names, references. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A string of characters 0-255 (content streams: ASCII operators, glyph-id bytes) as bytes. */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A number as PDF writes it: at most four decimals, never exponent notation. */
export function pdfNumber(n: number): string {
  const rounded = Math.round(n * 1e4) / 1e4;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * A text string (values, titles, field names): printable ASCII as a literal string, anything else
 * as UTF-16BE hex with its byte-order mark, as pdf-lib writes text it cannot encode otherwise.
 */
export function pdfText(text: string): string {
  if (/^[ -~]*$/.test(text)) return `(${text.replace(/[\\()]/g, '\\$&')})`;
  let hex = '<FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return `${hex}>`;
}

/** A name object, with the characters PDF reserves written as #xx. */
export function pdfName(name: string): string {
  return `/${name.replace(/[^!-~]|[#()<>[\]{}/%]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

/** An indirect reference to object `n`. */
export const ref = (n: number) => `${n} 0 R`;

export const rectArray = (r: Rect) =>
  `[${pdfNumber(r.x)} ${pdfNumber(r.y)} ${pdfNumber(r.x + r.width)} ${pdfNumber(r.y + r.height)}]`;
