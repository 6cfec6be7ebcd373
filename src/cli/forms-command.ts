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
import { readProp64Results } from '../forms/from-results';
import { OfficeSettingsError, parseOfficeSettings, type OfficeSettings } from '../forms/office';
import { parseFlags, required, UsageError } from './args';
import { writeFilingData } from './filing-data';
import { readFlagFile } from './flag-file';
import { writePapersManifest } from './papers-manifest';
import { parseRunJson, readRunFile, runFileChunks } from './run-files';
import type { Reporter } from './reporter';
import { FILING_OUTPUTS } from '../filing/filing-outputs';

export const FORMS_USAGE = `Usage: clearance forms --results=DIR --office=FILE --outputs=DIR [--review=FILE] [--flatten] [--combined]

Writes the court papers for a run, from the folder "clearance run" wrote: a
motion and proposed order for each person with a conviction eligible for
dismissal or reduction (forms.zip, one PDF per person), the court list
(court-list.csv, court-list.pdf) and the summary report (summary-report.pdf).
A person whose papers cannot be made is listed, with the reason, in
not-made.csv; everyone else's papers are still made.

  --results=DIR    the run's folder: Prop64_Results.csv, summary.json, manifest.json
  --office=FILE    the filing office as JSON: officeName, address, attorneyName,
                   barNumber, phone, email; optional courtName, filingDate (YYYY-MM-DD)
  --outputs=DIR    where the papers go (created if missing)
  --review=FILE    the attorney's review file (review.json; see "clearance review").
                   Without it, held convictions stay held, eligible ones are granted
                   and those the policy gives no relief are challenged.
                   Also written: court-data.csv (every granted conviction, for the
                   court's case system), challenges.csv (for the court and the public
                   defender), held.csv (what still needs a person, and why) and
                   papers-manifest.json (what the papers were chosen from)
  --flatten        final copies: the motions' fields can no longer be edited
  --combined       also write combined.pdf, every motion in one file for printing
  --quiet          no progress on stderr
  --help           this text`;

const FORMS_FLAGS = {
  results: { type: 'string' },
  office: { type: 'string' },
  outputs: { type: 'string' },
  review: { type: 'string' },
  flatten: { type: 'boolean' },
  combined: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const STAGE_LABELS: Record<FormsProgress['stage'], string> = {
  motions: 'Writing the motions (forms.zip)',
  'court-list': 'Writing the court list',
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
    const result = await writeFormsBundle({
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
    const filing = await writeFilingData({
      results,
      manifest,
      county: summary.county,
      reviewFile: flags.review,
      dir: folder.staging,
    });
    await writePapersManifest(folder.staging, { manifest, filing, files: result.files });
    const written = await folder.commit();
    reporter.progressEnd();
    const { granted, challenged, held } = filing.counts;
    reporter.out(
      `${result.motions} motion(s) for ${summary.county}: ${written.join(', ')} -> ${folder.dir}\n` +
        `Filing: ${granted} conviction(s) granted, ${challenged} challenged, ${held} still held` +
        (held > 0 ? ` (see ${FILING_OUTPUTS.held.file})` : '') +
        (flags.review ? '' : ' (no --review: the default decisions)'),
    );
    if (result.notMade.length > 0) {
      reporter.warn(
        `${result.notMade.length} people's papers could not be made: see ` +
          `${path.join(folder.dir, BUNDLE_FILES.notMade)} (who, and why).`,
      );
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
