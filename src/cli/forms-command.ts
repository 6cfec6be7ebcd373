import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_WITHOUT_HASHES, type Manifest } from '../engine/manifest';
import { atPath } from '../engine/node/file-errors';
import { isEarlierPapers, OutputFolder } from '../engine/node/output-folder';
import { OUTPUT_FILES } from '../engine/outputs';
import type { Summary } from '../engine/summary';
import {
  BUNDLE_FILES,
  writeFormsBundle,
  type BundleFileWriter,
  type FormsProgress,
} from '../forms/bundle';
import { readNodeFormFonts } from '../forms/fonts';
import { undatedWarning } from '../forms/undated-warning';
import { readProp64Results } from '../forms/from-results';
import { OfficeSettingsError, parseOfficeSettings, type OfficeSettings } from '../forms/office';
import { parseFlags, required, UsageError } from './args';
import { writeFilingData } from './filing-data';
import { readFlagFile } from './flag-file';
import { writePapersManifest } from './papers-manifest';
import { parseRunJson, readRunFile, runFileChunks } from './run-files';
import type { Reporter } from './reporter';
import { FILING_OUTPUTS } from '../filing/filing-outputs';

export const FORMS_USAGE = `Usage: clearance forms --results=DIR --office=FILE --outputs=DIR [--review=FILE] [--per=case|person] [--flatten] [--combined]

Writes the filing package for a run (H&S 11361.8, 11361.9), from the folder
"clearance run" wrote and the attorney's review file. First the data files,
chosen by the rule pack's 50_filing.sql:
  court-data.csv          every granted conviction, one row each, with its own
                          court case number, relief and statute (for the court)
  challenges.csv          every challenged conviction with its ground
  held.csv                what is still held and why (the office's to-do list)
then the papers, made from court-data.csv and challenges.csv only:
  forms.zip               a motion and [proposed] order per court case (per
                          person with --per=person); editable form fields
  bulk-motion.pdf         one notice of motion and motion for every granted
                          conviction, a [proposed] order and Exhibit A (every
                          row of court-data.csv); not written when none is granted
  notice-of-challenge.pdf to the court and the public defender: each challenged
                          conviction and its ground, and a proof of service
  summary-report.pdf      the run, the policy and the filing's counts
  papers-manifest.json    what the papers were chosen from, and every file's SHA-256
A motion that cannot be made is listed, with the reason, in not-made.csv;
every other paper is still made.

  --results=DIR    the run's folder: Determinations.csv, Prop64_Results.csv,
                   summary.json, manifest.json
  --office=FILE    the filing office as JSON: officeName, address, attorneyName,
                   barNumber, phone, email; optional courtName, filingDate (YYYY-MM-DD)
  --outputs=DIR    where the package goes (created if missing)
  --review=FILE    the attorney's review file (review.json; see "clearance review").
                   Without it, held convictions stay held, eligible ones are granted
                   and those the policy gives no relief are challenged.
  --per=case|person  one motion per court case (default), or per person
  --flatten        final copies: the motions' fields can no longer be edited
  --combined       also write combined.pdf, every motion in one file for printing
  --quiet          no progress on stderr
  --help           this text`;

const FORMS_FLAGS = {
  results: { type: 'string' },
  office: { type: 'string' },
  outputs: { type: 'string' },
  review: { type: 'string' },
  per: { type: 'string' },
  flatten: { type: 'boolean' },
  combined: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const STAGE_LABELS: Record<FormsProgress['stage'], string> = {
  reading: 'Reading the filing data',
  motions: 'Writing the motions (forms.zip)',
  'bulk-motion': 'Writing the bulk motion and its exhibit',
  notice: 'Writing the notice of challenge',
  summary: 'Writing the summary report',
  combined: 'Finishing combined.pdf',
  done: 'Done',
};

export async function formsCommand(
  argv: string[],
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const flags = parseFlags(argv, FORMS_FLAGS);
  if (flags.help) {
    reporter.out(FORMS_USAGE);
    return 0;
  }
  const results = required(flags.results, 'results');
  const officeFile = required(flags.office, 'office');
  const outputs = required(flags.outputs, 'outputs');
  const per = flags.per ?? 'case';
  if (per !== 'case' && per !== 'person') {
    throw new UsageError(`--per must be "case" or "person", not "${per}".`);
  }
  const office = await readOffice(officeFile);
  if (!(await isFolder(results))) {
    throw new UsageError(
      `--results: ${results} is not a folder (it must be a run's output folder).`,
    );
  }
  // Streamed: a county's results may be far larger than is worth holding as one string.
  const resultsText = await runFileChunks(results, OUTPUT_FILES.prop64Results);
  let summary: Summary;
  let manifest: Manifest;
  try {
    summary = parseRunJson<Summary>(
      await readRunFile(results, OUTPUT_FILES.summary),
      OUTPUT_FILES.summary,
      (s) =>
        typeof s.county === 'string' && typeof s.reliefWithCurrentEligibilityChoices === 'object',
    );
    manifest = parseRunJson<Manifest>(
      await readRunFile(results, OUTPUT_FILES.manifest),
      OUTPUT_FILES.manifest,
      // Papers need no output hashes: a run from before them (/1) makes them as well.
      (m) => m.format === MANIFEST_FORMAT || m.format === MANIFEST_FORMAT_WITHOUT_HASHES,
    );
  } catch (error) {
    resultsText.destroy();
    throw error;
  }
  const { people, flags: flagCounts } = await readProp64Results(resultsText);
  const fonts = await readNodeFormFonts();

  const folder = await OutputFolder.create(outputs, { earlierRun: isEarlierPapers });
  reporter.progressStart('forms', flags.quiet === true);
  try {
    // The data files first; the papers are then made from them, as the browser makes them.
    const filing = await writeFilingData({
      results,
      manifest,
      county: summary.county,
      reviewFile: flags.review,
      dir: folder.staging,
    });
    const result = await writeFormsBundle({
      courtData: await runFileChunks(folder.staging, FILING_OUTPUTS.courtData.file),
      challenges: await runFileChunks(folder.staging, FILING_OUTPUTS.challenges.file),
      filingCounts: filing.counts,
      per,
      people,
      county: summary.county,
      office,
      flatten: flags.flatten === true,
      combined: flags.combined === true,
      fonts,
      summary,
      manifest,
      flags: flagCounts,
      sink: (name) => fileWriter(path.join(folder.staging, name)),
      signal,
      // One progress line per stage and percent, not one per motion.
      onProgress: (p) =>
        reporter.progress({ stage: 'write', label: STAGE_LABELS[p.stage], fraction: p.fraction }),
    });
    await writePapersManifest(folder.staging, { manifest, filing, files: result.files });
    const written = await folder.commit();
    reporter.progressEnd();
    const { granted, challenged, held } = filing.counts;
    reporter.out(
      `${result.motions} motion(s) (one per ${per}) for ${summary.county}: ${written.join(', ')} -> ${folder.dir}\n` +
        `Filing: ${granted} conviction(s) granted, ${challenged} challenged, ${held} still held` +
        (held > 0 ? ` (see ${FILING_OUTPUTS.held.file})` : '') +
        (flags.review ? '' : ' (no --review: the default decisions)'),
    );
    if (result.notMade.length > 0) {
      reporter.warn(
        `${result.notMade.length} motion(s) could not be made: see ` +
          `${path.join(folder.dir, BUNDLE_FILES.notMade)} (who, and why).`,
      );
    }
    if (result.undated > 0) {
      reporter.warn(undatedWarning(result.undated, flags.flatten === true));
    }
    return 0;
  } catch (error) {
    reporter.progressEnd();
    await folder.discard();
    throw atPath(error, folder.dir);
  }
}

async function readOffice(file: string): Promise<OfficeSettings> {
  const text = await readFlagFile(file, 'office');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--office: ${file} is not valid JSON.`);
  }
  try {
    return parseOfficeSettings(json);
  } catch (error) {
    if (error instanceof OfficeSettingsError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** A file in the staging folder, written with back-pressure; only this user may read it. */
async function fileWriter(file: string): Promise<BundleFileWriter> {
  const stream = createWriteStream(file, { mode: 0o600 });
  await once(stream, 'open');
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
    async abort() {
      stream.destroy();
    },
  };
}
