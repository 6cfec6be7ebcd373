/**
 * Dates as people read and type them. The page shows every date one way, "May 19, 1963" (no
 * 05/19/1963 beside 1963-05-19), and a date box takes what people type: "May 19, 1963",
 * "5/19/1963" (month first, as in the United States) or "1963-05-19".
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "1963-05-19" → "May 19, 1963"; anything else is returned unchanged. */
export function formatLongDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return iso;
  return `${month} ${Number(match[3])}, ${match[1]}`;
}

function isoIfReal(year: number, month: number, day: number): string | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return undefined;
  return iso;
}

/** The month a word names: "May", "may", "Sept", "September" → 5, 9; undefined for others. */
function monthNamed(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.toLowerCase().startsWith(w));
  return index === -1 ? undefined : index + 1;
}

/**
 * The calendar date a person typed, as YYYY-MM-DD, or undefined when it is not one whole real
 * date with a four-digit year ("2/30/2020", "5/19", "19/5/1963" are all refused, never guessed).
 */
export function parseDateText(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return isoIfReal(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(t);
  if (m) return isoIfReal(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^([A-Za-z]+\.?) (\d{1,2})(?:, ?| )(\d{4})$/.exec(t);
  if (m) {
    const month = monthNamed(m[1] ?? '');
    return month ? isoIfReal(Number(m[3]), month, Number(m[2])) : undefined;
  }
  m = /^(\d{1,2}) ([A-Za-z]+\.?)(?:, ?| )(\d{4})$/.exec(t);
  if (m) {
    const month = monthNamed(m[2] ?? '');
    return month ? isoIfReal(Number(m[3]), month, Number(m[1])) : undefined;
  }
  return undefined;
}
