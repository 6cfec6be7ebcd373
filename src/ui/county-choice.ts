import { CALIFORNIA_COUNTIES } from '../doj/counties';

/** One line of the extract's Prop 64 conviction counts, as LoadResult gives them. */
export interface CountyCount {
  county: string;
  convictions: number;
}

export interface CountyRow {
  /** DOJ spelling, upper case: the value the run compares STP_ORI_CNTY_NAME with. */
  county: string;
  /** "San Luis Obispo": what people read. */
  name: string;
  convictions: number;
}

const KNOWN = new Set<string>(CALIFORNIA_COUNTIES);

/** The engine compares upper(trim(name)), so counts are joined on the same key. */
function key(county: string): string {
  return county.trim().toUpperCase();
}

/** Sums counts per key: a caller's list may repeat a name in another case or with spaces. */
function totals(byCounty: readonly CountyCount[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const { county, convictions } of byCounty) {
    const k = key(county);
    sums.set(k, (sums.get(k) ?? 0) + convictions);
  }
  return sums;
}

/**
 * Most convictions first, so the likely choice is at the top of the list; then alphabetical, by
 * code point rather than locale so the order (and the tie-break for the suggestion) is the same
 * in every browser, and matches CALIFORNIA_COUNTIES ("SAN BENITO" before "SANTA CLARA").
 */
function byCountThenName(a: CountyRow, b: CountyRow): number {
  if (a.convictions !== b.convictions) return b.convictions - a.convictions;
  return a.county < b.county ? -1 : a.county > b.county ? 1 : 0;
}

/** "SAN LUIS OBISPO" → "San Luis Obispo"; a blank name reads "(blank)" rather than nothing. */
export function titleCase(county: string): string {
  const words = county.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '(blank)';
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** "1 Prop 64 conviction", "1,234 Prop 64 convictions" (en-US digits, whatever the browser's locale). */
export function convictionsLabel(convictions: number): string {
  const noun = convictions === 1 ? 'conviction' : 'convictions';
  return `${convictions.toLocaleString('en-US')} Prop 64 ${noun}`;
}

/** All 58 counties with their Prop 64 conviction counts (0 when the file has none), most first. */
export function countyRows(byCounty: readonly CountyCount[]): CountyRow[] {
  const sums = totals(byCounty);
  return CALIFORNIA_COUNTIES.map((county) => ({
    county,
    name: titleCase(county),
    convictions: sums.get(county) ?? 0,
  })).sort(byCountThenName);
}

/**
 * Names in the file that are not California counties (blanks, typos, other states' agencies).
 * No county's run considers their convictions, so the page says so rather than hiding them.
 */
export function otherCountyNames(byCounty: readonly CountyCount[]): CountyRow[] {
  return [...totals(byCounty)]
    .filter(([county]) => !KNOWN.has(county))
    .map(([county, convictions]) => ({ county, name: titleCase(county), convictions }))
    .sort(byCountThenName);
}

/** Spaces are ignored on both sides, so "san j", " San  Joaquin " and "sanjoaquin" all match. */
function compact(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/** Rows whose name contains the query, case- and whitespace-insensitive; "" keeps every row. */
export function filterCounties<T extends CountyRow>(rows: readonly T[], query: string): T[] {
  const wanted = compact(query);
  return rows.filter((row) => compact(row.name).includes(wanted));
}

/** The California county with most Prop 64 convictions (ties: alphabetical); none if no county has any. */
export function suggestedCounty(byCounty: readonly CountyCount[]): string | undefined {
  const top = countyRows(byCounty)[0];
  return top && top.convictions > 0 ? top.county : undefined;
}
