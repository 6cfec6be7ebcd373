import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../engine/errors';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_WITHOUT_HASHES, type Manifest } from '../engine/manifest';
import { OutputFolder } from '../engine/node/output-folder';
import { OUTPUT_FILES } from '../engine/outputs';
import type { Summary } from '../engine/summary';
import { writeFormsBundle, type BundleFileWriter, type FormsProgress } from '../forms/bundle';
import { readNodeFormFonts } from '../forms/fonts';
import { peopleFromProp64Results } from '../forms/from-results';
import { OfficeSettingsError, parseOfficeSettings, type OfficeSettings } from '../forms/office';
import { flagCountsFromResults } from '../forms/summary-report';
import { parseFlags, required, UsageError } from './args';
import type { Reporter } from './reporter';

export const FORMS_USAGE = `Usage: clearance forms --results=DIR --office=FILE --outputs=DIR [--flatten] [--combined]

Writes the court papers for a run, from the folder "clearance run" wrote: a
motion and proposed order for each person with a conviction eligible for
dismissal or reduction (forms.zip, one PDF per person), the court list
(court-list.csv, court-list.pdf) and the summary report (summary-report.pdf).

  --results=DIR    the run's folder: Prop64_Results.csv, summary.json, manifest.json
  --office=FILE    the filing office as JSON: officeName, address, attorneyName,
                   barNumber, phone, email; optional courtName, filingDate (YYYY-MM-DD)
  --outputs=DIR    where the papers go (created if missing)
  --flatten        final copies: the motions' fields can no longer be edited
  --combined       also write combined.pdf, every motion in one file for printing
  --quiet          no progress on stderr
  --help           this text`;

const FORMS_FLAGS = {
  results: { type: 'string' },
  office: { type: 'string' },
  outputs: { type: 'string' },
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
  const csvText = await readRunFile(results, OUTPUT_FILES.prop64Results);
  const summary = parseRunJson<Summary>(
    await readRunFile(results, OUTPUT_FILES.summary),
    OUTPUT_FILES.summary,
    (s) =>
      typeof s.county === 'string' && typeof s.reliefWithCurrentEligibilityChoices === 'object',
  );
  const manifest = parseRunJson<Manifest>(
    await readRunFile(results, OUTPUT_FILES.manifest),
    OUTPUT_FILES.manifest,
    // Papers need no output hashes: a run from before them (/1) makes them as well.
    (m) => m.format === MANIFEST_FORMAT || m.format === MANIFEST_FORMAT_WITHOUT_HASHES,
  );
  const people = peopleFromProp64Results(csvText);
  const fonts = await readNodeFormFonts();

  const folder = await OutputFolder.create(outputs);
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
      flags: flagCountsFromResults(csvText),
      sink: (name) => fileWriter(path.join(folder.staging, name)),
      signal,
      // One progress line per stage and percent, not one per motion.
      onProgress: (p) =>
        reporter.progress({ stage: 'write', label: STAGE_LABELS[p.stage], fraction: p.fraction }),
    });
    const written = await folder.commit();
    reporter.progressEnd();
    reporter.out(
      `${result.motions} motion(s) for ${summary.county}: ${written.join(', ')} -> ${folder.dir}`,
    );
    return 0;
  } catch (error) {
    reporter.progressEnd();
    await folder.discard();
    throw error;
  }
}

async function readOffice(file: string): Promise<OfficeSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--office: cannot read ${file}.`);
  }
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

async function readRunFile(dir: string, name: string): Promise<string> {
  try {
    return await readFile(path.join(dir, name), 'utf8');
  } catch {
    throw new InputError(
      path.join(dir, name),
      'cannot be read',
      undefined,
      'The --results folder must be one that "clearance run" wrote, with all its files.',
    );
  }
}

function parseRunJson<T>(text: string, name: string, looksRight: (value: T) => boolean): T {
  let value: T;
  try {
    value = JSON.parse(text) as T;
  } catch {
    throw new InputError(name, 'is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || !looksRight(value)) {
    throw new InputError(name, 'is not the file "clearance run" writes');
  }
  return value;
}

/** A file in the staging folder, written with back-pressure. */
async function fileWriter(file: string): Promise<BundleFileWriter> {
  const stream = createWriteStream(file);
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
