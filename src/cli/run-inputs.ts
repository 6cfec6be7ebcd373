/**
 * `clearance run` once its flags are checked: every input run into the output folder's staging
 * folder, then moved into place by the layout, with gogen.json; or, when any input failed,
 * gogen.err alone.
 */
import { inputErrorHint } from './args';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../engine/errors';
import { explainFileError } from '../engine/node/file-errors';
import { OutputFolder } from '../engine/node/output-folder';
import { runToFolder } from '../engine/node/run-to-folder';
import type { Summary } from '../engine/summary';
import type { EligibilityOptions } from '../rules/prop64/options';
import { gogenErrorsJson, gogenSummaryJson, outputName, type GogenError } from './gogen-files';
import type { Reporter } from './reporter';

export interface CheckedRun {
  inputs: string[];
  county: string;
  outputs: string;
  computeAt: string;
  engine: 'wasm' | 'native';
  reader: 'fast' | 'duckdb' | undefined;
  options: EligibilityOptions;
  layout: 'folders' | 'gogen';
  suffix: string | undefined;
  skipBadRows: boolean;
  quiet: boolean;
  verbose: boolean;
}

/**
 * Every input is run into its own folder inside the output folder's staging folder; only when
 * all succeeded are their files moved into the output folder, named by the layout, with
 * gogen.json. Like gogen, a failed input does not stop the others from being tried, so gogen.err
 * lists every failure; unlike gogen, a failure leaves no result files of the other inputs.
 */
export async function runAll(
  run: CheckedRun,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const startedAt = performance.now();
  const trace = run.verbose
    ? (label: string, ms: number) => reporter.note(`  ${label}: ${(ms / 1000).toFixed(2)} s`)
    : undefined;
  // From the process's start (Node, the tool's own modules): part of every run's wall time.
  trace?.('tool start', performance.now());
  const folder = await OutputFolder.create(run.outputs, { inputs: run.inputs });
  try {
    const summaries: Summary[] = [];
    // Printed once the files are in place: a line naming the folder says they are there.
    const reports: string[] = [];
    const failures: Record<string, GogenError> = {};
    for (const [i, input] of run.inputs.entries()) {
      const outputDir = path.join(folder.staging, `input-${i + 1}`);
      reporter.progressStart(path.basename(input), run.quiet);
      try {
        const result = await runToFolder({
          inputPath: input,
          outputDir,
          engine: run.engine,
          county: run.county,
          computeAt: run.computeAt,
          options: run.options,
          skipBadRows: run.skipBadRows,
          reader: run.reader,
          signal,
          onProgress: (p) => reporter.progress(p),
          onWarning: (w) => reporter.warn(w),
          trace,
        });
        summaries.push(result.summary);
        const shown =
          run.layout === 'folders' && run.inputs.length > 1
            ? path.join(run.outputs, path.parse(input).name)
            : run.outputs;
        reports.push(reportLine(input, run.county, shown, result.summary));
      } catch (error) {
        const failure = asGogenError(error, input);
        if (!failure) throw error;
        failures[input] = failure;
      } finally {
        reporter.progressEnd();
      }
    }
    const gogenName = (name: string) => outputName(name, undefined, run.suffix);
    if (Object.keys(failures).length > 0) {
      await rm(folder.staging, { recursive: true, force: true });
      await mkdir(folder.staging, { mode: 0o700 });
      await folder.writeText(gogenName('gogen.err'), gogenErrorsJson(failures));
      await folder.commit();
      for (const [input, failure] of Object.entries(failures).sort(([a], [b]) =>
        a < b ? -1 : 1,
      )) {
        process.stderr.write(`Error: ${failure.errorMessage}\n`);
        if (run.inputs.length > 1) process.stderr.write(`  (input file ${input})\n`);
      }
      process.stderr.write(
        `No result files were written; the failures are in ${path.join(folder.dir, gogenName('gogen.err'))}.\n`,
      );
      return 1;
    }
    await placeResults(folder.staging, run);
    await folder.writeText(
      gogenName('gogen.json'),
      gogenSummaryJson(summaries, (performance.now() - startedAt) / 1000),
    );
    await folder.commit();
    for (const line of reports) reporter.out(line);
  } catch (error) {
    await folder.discard();
    throw error;
  }
  if (run.verbose) {
    // maxRSS is in KiB; it includes the wasm heap, so it is the figure the benchmark reports.
    reporter.note(`peak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  }
  return 0;
}

/** The failures gogen.err records per input; anything else stops the whole run. */
function asGogenError(error: unknown, input: string): GogenError | undefined {
  if (error instanceof InputError) {
    // A line number means the file was read and is not a valid extract: gogen's PARSING.
    const hint = inputErrorHint(error);
    const message = hint ? `${error.message} ${hint}` : error.message;
    return { errorType: error.line === undefined ? 'OTHER' : 'PARSING', errorMessage: message };
  }
  const explained = explainFileError(error, input);
  return explained === undefined ? undefined : { errorType: 'OTHER', errorMessage: explained };
}

/** Moves each input's files from its staging folder to where the layout puts them. */
async function placeResults(staging: string, run: CheckedRun): Promise<void> {
  const several = run.inputs.length > 1;
  for (const [i, input] of run.inputs.entries()) {
    const from = path.join(staging, `input-${i + 1}`);
    const into =
      run.layout === 'folders' && several ? path.join(staging, path.parse(input).name) : staging;
    if (into !== staging) await mkdir(into, { mode: 0o700 });
    for (const name of await readdir(from)) {
      const index = run.layout === 'gogen' && several ? i + 1 : undefined;
      await rename(path.join(from, name), path.join(into, outputName(name, index, run.suffix)));
    }
    await rm(from, { recursive: true, force: true });
  }
}

function reportLine(input: string, county: string, shown: string, s: Summary): string {
  return (
    `${path.basename(input)}: ${s.lineCount} rows, ${s.prop64ConvictionsCountInCounty} Prop 64 convictions in ${county}: ` +
    `${s.convictionDismissalCount} dismissal, ${s.convictionReductionCount} reduction, ` +
    `${s.convictionNoReliefCount} no relief, ${s.needsReviewCount} need review ` +
    `(${s.processingTimeInSeconds.toFixed(1)} s) -> ${path.resolve(shown)}`
  );
}
