/**
 * File names for the per-person PDFs inside the forms ZIP. The ZIP is unpacked on Windows, macOS
 * and Linux, onto network shares and into case-management systems, so a name keeps to plain ASCII
 * letters, digits, "_" and "-", avoids the names Windows reserves, and stays short enough for deep
 * folders.
 */

/** Whole name, extension included. Leaves room under Windows' 260-character path limit. */
export const MAX_FILE_NAME_LENGTH = 100;

/** Letters NFKD does not decompose into a base letter plus accents. */
const LETTER_SPELLINGS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};

/** CON, PRN, AUX, NUL, COM1-9, LPT1-9: Windows refuses these with any extension. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * One part of a name as [A-Za-z0-9-] words joined by "_". Apostrophes vanish (O'BRIEN -> OBRIEN,
 * as people write it without one); accents are stripped; every other character (commas, spaces,
 * dots, slashes) separates words.
 */
function asciiPart(text: string): string {
  return text
    .replace(/[ßẞæÆœŒøØđĐðÐłŁþÞı]/g, (c) => LETTER_SPELLINGS[c] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`ʼ´]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '_')
    .replace(/-{2,}/g, '-')
    .replace(/_?-_?/g, '-')
    .replace(/^[_-]+|[_-]+$/g, '');
}

/** Cuts a stem to `max` characters without leaving a separator at the end. */
function clip(stem: string, max: number): string {
  return stem.slice(0, max).replace(/[_-]+$/, '');
}

/**
 * "A12345678" and "O'BRIEN-NUÑEZ, JOSÉ" -> "A12345678_OBRIEN-NUNEZ_JOSE.pdf". Either part may be
 * blank (the extract sometimes has no CII number); the result is never empty.
 */
export function safeFileName(cii: string, name: string, extension = '.pdf'): string {
  const parts = [asciiPart(cii), asciiPart(name).toUpperCase()].filter((p) => p !== '');
  let stem = clip(parts.join('_'), MAX_FILE_NAME_LENGTH - extension.length) || 'PERSON';
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}_`;
  return `${stem}${extension}`;
}

/**
 * Hands out each name once per ZIP: a repeat gets _2, _3, ... before its extension. Compared
 * without case, since Windows and macOS would put "A.pdf" and "a.pdf" in the same file.
 */
export function createUniqueNamer(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const extension = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n += 1) {
      const suffix = `_${n}`;
      candidate = `${clip(stem, MAX_FILE_NAME_LENGTH - extension.length - suffix.length)}${suffix}${extension}`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

/** The names made unique in order; the first of each keeps its name. */
export function uniqueNames(names: Iterable<string>): string[] {
  const unique = createUniqueNamer();
  return Array.from(names, unique);
}
