import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runToFolder } from '../engine/node/run-to-folder';
import {
  DEFAULT_OPTIONS,
  OptionsError,
  parseEligibilityOptions,
  type EligibilityOptions,
} from '../rules/prop64/options';
import { parseFlags, parseIsoDate, required, todayIso, UsageError } from './args';
import type { Reporter } from './reporter';

export const RUN_USAGE = `Usage: clearance run --input-doj=FILE[,FILE...] --county=NAME --outputs=DIR [options]

Decides Prop 64 relief for every conviction in a DOJ research file and writes
All_Results.csv, All_Results_Condensed.csv, Prop64_Results.csv, Determinations.csv,
summary.json and manifest.json. Several input files are several runs, each into
its own folder under DIR named after the file.

  --input-doj=FILE[,FILE]     the extract(s) the DOJ sent (.dat, .csv or .txt)
  --county=NAME               the county running the review, e.g. "SAN JOAQUIN"
  --compute-at=YYYY-MM-DD     the date the review is computed for (default: today)
  --eligibility-options=FILE  the county's policy as JSON (default: the earlier
                              desktop tool's defaults)
  --outputs=DIR               where the results go (created if missing)
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
  engine: { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
  reader: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

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
  const options = await readOptions(flags['eligibility-options'], reporter);
  const stems = inputs.map((f) => path.parse(f).name);
  if (new Set(stems).size !== stems.length) {
    throw new UsageError('Two input files have the same name; their output folders would collide.');
  }

  const trace = flags.verbose
    ? (label: string, ms: number) => reporter.note(`  ${label}: ${(ms / 1000).toFixed(2)} s`)
    : undefined;
  // From the process's start (Node, the tool's own modules): part of every run's wall time.
  trace?.('tool start', performance.now());
  for (const input of inputs) {
    const outputDir = inputs.length === 1 ? outputs : path.join(outputs, path.parse(input).name);
    reporter.progressStart(path.basename(input), flags.quiet === true);
    const result = await runToFolder({
      inputPath: input,
      outputDir,
      engine,
      county,
      computeAt,
      options,
      skipBadRows: flags['skip-bad-rows'] === true,
      reader,
      signal,
      onProgress: (p) => reporter.progress(p),
      onWarning: (w) => reporter.warn(w),
      trace,
    });
    reporter.progressEnd();
    const s = result.summary;
    reporter.out(
      `${path.basename(input)}: ${s.lineCount} rows, ${s.prop64ConvictionsCountInCounty} Prop 64 convictions in ${county}: ` +
        `${s.convictionDismissalCount} dismissal, ${s.convictionReductionCount} reduction, ` +
        `${s.convictionNoReliefCount} no relief, ${s.needsReviewCount} need review ` +
        `(${s.processingTimeInSeconds.toFixed(1)} s) -> ${path.resolve(outputDir)}`,
    );
  }
  if (flags.verbose) {
    // maxRSS is in KiB; it includes the wasm heap, so it is the figure the benchmark reports.
    reporter.note(`peak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  }
  return 0;
}

async function readOptions(
  file: string | undefined,
  reporter: Reporter,
): Promise<EligibilityOptions> {
  if (file === undefined) {
    reporter.warn("No --eligibility-options given: using the earlier desktop tool's defaults.");
    return DEFAULT_OPTIONS;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--eligibility-options: cannot read ${file}.`);
  }
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
