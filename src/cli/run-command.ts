import path from 'node:path';
import { describeUnexpected, InputError, RunCancelledError } from '../engine/errors';
import { atPath, explainFileError } from '../engine/node/file-errors';
import { FolderRefusedError } from '../engine/node/output-folder';
import {
  DEFAULT_OPTIONS,
  OptionsError,
  parseEligibilityOptions,
  type EligibilityOptions,
} from '../rules/prop64/options';
import { parseFlags, parseIsoDate, required, todayIso, UsageError } from './args';
import { writeGogenErrors } from './gogen-files';
import { readFlagFile } from './flag-file';
import type { Reporter } from './reporter';
import { runAll, type CheckedRun } from './run-inputs';

export const RUN_USAGE = `Usage: clearance run --input-doj=FILE[,FILE...] --county=NAME --outputs=DIR [options]

Decides Prop 64 relief for every conviction in a DOJ research file and writes
All_Results.csv, All_Results_Condensed.csv, Prop64_Results.csv, Determinations.csv,
summary.json and manifest.json, and gogen.json (the summary as the earlier tool
wrote it, over every input file). A failed run writes no result files, only
gogen.err (the failures, by input file, as the earlier tool wrote them).

DIR holds one run's files: an earlier run's are moved into DIR/earlier-runs/<time>/.

  --input-doj=FILE[,FILE]     the extract(s) the DOJ sent (.dat, .csv or .txt)
  --county=NAME               the county running the review, e.g. "SAN JOAQUIN"
  --compute-at=YYYY-MM-DD     the date the review is computed for (default: today)
  --eligibility-options=FILE  the county's policy as JSON (default: the earlier
                              desktop tool's defaults)
  --outputs=DIR               where the results go (created if missing)
  --layout=folders|gogen      several input files: folders (default) puts each
                              file's results in a folder under DIR named after the
                              file; gogen puts them all in DIR as the earlier tool
                              did, All_Results_1.csv, All_Results_2.csv...
  --file-name-suffix=S        the earlier tool's: S is added to every file name
                              (All_Results_S.csv, gogen_S.json); implies --layout=gogen
  --engine=wasm|native        DuckDB build: wasm (the browser's) or native (default: wasm)
  --skip-bad-rows             skip malformed lines (listed in rejected_rows.csv)
                              instead of stopping at the first one
  --reader=fast|duckdb        who reads the file: Clearance's fast reader, handing
                              DuckDB only the rows the rules can need (default), or
                              DuckDB's own CSV reader for every row; same results
  --quiet                     no progress on stderr
  --verbose                   also print each stage's time and the peak memory
  --help                      this text`;

const RUN_FLAGS = {
  'input-doj': { type: 'string' },
  county: { type: 'string' },
  'compute-at': { type: 'string' },
  'eligibility-options': { type: 'string' },
  outputs: { type: 'string' },
  layout: { type: 'string' },
  'file-name-suffix': { type: 'string' },
  engine: { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
  reader: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof RUN_FLAGS>>;

export async function runCommand(
  argv: string[],
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const flags = parseFlags(argv, RUN_FLAGS);
  if (flags.help) {
    reporter.out(RUN_USAGE);
    return 0;
  }
  const suffix = flags['file-name-suffix'];
  try {
    const run = await checkFlags(flags, reporter);
    return await runAll(run, reporter, signal);
  } catch (error) {
    // gogen recorded every failure in gogen.err, which its GUI and the county scripts read. Input
    // failures are recorded by runAll; here, a missing flag or an unexpected failure.
    // Not into a folder that was refused: another run's, or one that holds the input.
    const skip = error instanceof RunCancelledError || error instanceof FolderRefusedError;
    if (flags.outputs !== undefined && !skip) {
      const message =
        error instanceof UsageError || error instanceof InputError
          ? error.message
          : (explainFileError(error, flags.outputs) ??
            `Clearance stopped unexpectedly (${describeUnexpected(error)}).`);
      await writeGogenErrors(flags.outputs, suffix, {
        '': { errorType: 'OTHER', errorMessage: message },
      }).catch(() => undefined);
    }
    throw atPath(error, flags.outputs ?? '');
  }
}

async function checkFlags(flags: Flags, reporter: Reporter): Promise<CheckedRun> {
  const inputs = required(flags['input-doj'], 'input-doj')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const county = required(flags.county, 'county').trim().toUpperCase();
  const outputs = required(flags.outputs, 'outputs');
  const computeAt = parseIsoDate(flags['compute-at'] ?? todayIso(), 'compute-at');
  const engine = flags.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'native') {
    throw new UsageError(`--engine must be wasm or native (got "${engine}").`);
  }
  const reader = flags.reader;
  if (reader !== undefined && reader !== 'fast' && reader !== 'duckdb') {
    throw new UsageError(`--reader must be fast or duckdb (got "${reader}").`);
  }
  const suffix = flags['file-name-suffix'];
  // It becomes part of file names: one name, never a path, never hidden.
  if (suffix !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(suffix)) {
    throw new UsageError(
      `--file-name-suffix may hold letters, digits, "_", "-" and "." only (got "${suffix}").`,
    );
  }
  const layout = flags.layout ?? (suffix === undefined ? 'folders' : 'gogen');
  if (layout !== 'folders' && layout !== 'gogen') {
    throw new UsageError(`--layout must be folders or gogen (got "${layout}").`);
  }
  const options = await readOptions(flags['eligibility-options'], reporter);
  const stems = inputs.map((f) => path.parse(f).name);
  if (layout === 'folders' && new Set(stems).size !== stems.length) {
    throw new UsageError(
      'Two input files have the same name; their output folders would collide (--layout=gogen numbers them instead).',
    );
  }
  return {
    inputs,
    county,
    outputs,
    computeAt,
    engine,
    reader,
    options,
    layout,
    suffix,
    skipBadRows: flags['skip-bad-rows'] === true,
    quiet: flags.quiet === true,
    verbose: flags.verbose === true,
  };
}

async function readOptions(
  file: string | undefined,
  reporter: Reporter,
): Promise<EligibilityOptions> {
  if (file === undefined) {
    reporter.warn("No --eligibility-options given: using the earlier desktop tool's defaults.");
    return DEFAULT_OPTIONS;
  }
  const text = await readFlagFile(file, 'eligibility-options');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--eligibility-options: ${file} is not valid JSON.`);
  }
  try {
    return parseEligibilityOptions(json);
  } catch (error) {
    if (error instanceof OptionsError) {
      throw new UsageError(`${file}: ${error.message}`);
    }
    throw error;
  }
}
