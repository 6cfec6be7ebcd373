/**
 * The files the earlier tool (codeforamerica/gogen) wrote beside its results, which its GUI and
 * county scripts read: gogen.json, the summary aggregated over every input file, and gogen.err,
 * the failures by input file. Names, keys, key order and compact JSON are gogen's
 * (gogen.go, utilities/utilities.go, exporter/data_exporter.go).
 */
import { writeFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Summary } from '../engine/summary';

/** One entry of gogen.err; the key is the input file as given ("" for the run as a whole). */
export interface GogenError {
  /** PARSING: the file was read but is not a valid extract; OTHER: anything else. */
  errorType: 'PARSING' | 'OTHER';
  errorMessage: string;
}

/**
 * gogen's GenerateIndexedFileName: "All_Results.csv" is "All_Results_2.csv" for the second of
 * several inputs, and "All_Results_2_SUFFIX.csv" with --file-name-suffix=SUFFIX.
 */
export function outputName(name: string, index?: number, suffix?: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  return `${stem}${index === undefined ? '' : `_${index}`}${suffix ? `_${suffix}` : ''}${ext}`;
}

/** gogen's zero time, what it wrote when a county had no Prop 64 conviction. */
const NO_CONVICTION = '0001-01-01T00:00:00Z';

function addMaps(into: Record<string, number>, from: object): Record<string, number> {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + Number(value);
  return into;
}

/** Go's encoding/json writes a map's keys sorted. */
function sorted(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * gogen.json: gogen's Summary, summed over the files as its AccumulateSummaryData did (the county
 * is the last file's; the earliest conviction the earliest of the files that have one).
 */
export function gogenSummaryJson(summaries: Summary[], processingTimeInSeconds: number): string {
  const maps = {
    current: {},
    dismissAll: {},
    bySection: {},
    dismissalsBySection: {},
    reductionsBySection: {},
    byAdditionalRelief: {},
  } satisfies Record<string, Record<string, number>>;
  let earliest: string | null = null;
  let lineCount = 0;
  let subjectsWithProp64 = 0;
  let felony = 0;
  let nonFelony = 0;
  let withRelief = 0;
  for (const s of summaries) {
    lineCount += s.lineCount;
    if (s.earliestConviction && (earliest === null || s.earliestConviction < earliest)) {
      earliest = s.earliestConviction;
    }
    addMaps(maps.current, s.reliefWithCurrentEligibilityChoices);
    addMaps(maps.dismissAll, s.reliefWithDismissAllProp64);
    addMaps(maps.bySection, s.prop64ConvictionsCountInCountyByCodeSection);
    subjectsWithProp64 += s.subjectsWithProp64ConvictionCountInCounty;
    felony += s.prop64FelonyConvictionsCountInCounty;
    nonFelony += s.prop64NonFelonyConvictionsCountInCounty;
    withRelief += s.subjectsWithSomeReliefCount;
    addMaps(maps.dismissalsBySection, s.convictionDismissalCountByCodeSection);
    addMaps(maps.reductionsBySection, s.convictionReductionCountByCodeSection);
    addMaps(maps.byAdditionalRelief, s.convictionDismissalCountByAdditionalRelief);
  }
  // gogen's field order (its Summary struct), so a byte comparison of two runs' files works too.
  return JSON.stringify({
    county: summaries.at(-1)?.county ?? '',
    earliestConviction: earliest ?? NO_CONVICTION,
    lineCount,
    processingTimeInSeconds,
    reliefWithCurrentEligibilityChoices: sorted(maps.current),
    reliefWithDismissAllProp64: sorted(maps.dismissAll),
    prop64ConvictionsCountInCountyByCodeSection: sorted(maps.bySection),
    subjectsWithProp64ConvictionCountInCounty: subjectsWithProp64,
    prop64FelonyConvictionsCountInCounty: felony,
    prop64NonFelonyConvictionsCountInCounty: nonFelony,
    subjectsWithSomeReliefCount: withRelief,
    convictionDismissalCountByCodeSection: sorted(maps.dismissalsBySection),
    convictionReductionCountByCodeSection: sorted(maps.reductionsBySection),
    convictionDismissalCountByAdditionalRelief: sorted(maps.byAdditionalRelief),
  });
}

/** gogen.err's text: input file -> {errorType, errorMessage}, keys sorted as Go writes them. */
export function gogenErrorsJson(errors: Record<string, GogenError>): string {
  const keys = Object.keys(errors).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, errors[k]])));
}

/**
 * gogen.err written straight into an existing output folder, for failures before a run could
 * start (a missing flag, an unexpected error). Like gogen, nothing when the folder does not exist.
 */
export async function writeGogenErrors(
  outputs: string,
  suffix: string | undefined,
  errors: Record<string, GogenError>,
): Promise<void> {
  const isFolder = await stat(outputs).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) return;
  const file = path.join(outputs, outputName('gogen.err', undefined, suffix));
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, gogenErrorsJson(errors), { mode: 0o600 });
  await rename(partial, file);
}
