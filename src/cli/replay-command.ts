import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../engine/errors';
import { sha256File } from '../engine/node/hash-file';
import { loadRulePack } from '../engine/node/rule-pack';
import { runToFolder } from '../engine/node/run-to-folder';
import type { ManifestOutput } from '../engine/manifest';
import { OUTPUT_FILES } from '../engine/outputs';
import {
  checkReplay,
  checkRunFolder,
  compareReplay,
  describeMismatch,
  parseReplayManifest,
  ReplayError,
  type ReplayPlan,
} from '../engine/replay';
import { parseFlags, required, UsageError } from './args';
import type { Reporter } from './reporter';

export const REPLAY_USAGE = `Usage: clearance replay --manifest=FILE --input-doj=FILE --outputs=DIR

Reproduces a run from its manifest.json: the same county, date, policy and rules
on the same input give byte-identical files. Before running, refuses (saying
which) when the input's SHA-256 or a rule file is not the one the run used, or
when the run's files beside the manifest are not the ones it records (SHA-256,
and summary.json's county, date and counts). After running, compares the SHA-256
of every file (summary.json without its processing time) and the counts with the
manifest's: "Reproduced" (exit 0) only when all match, else the files that
differ (exit 1). A manifest from before output hashes is refused.

  --manifest=FILE       the run's manifest.json
  --input-doj=FILE      the input file that run read
  --outputs=DIR         where the reproduced results go
  --engine=wasm|native  DuckDB build (default: wasm); both give the same bytes
  --quiet               no progress on stderr
  --help                this text`;

const REPLAY_FLAGS = {
  manifest: { type: 'string' },
  'input-doj': { type: 'string' },
  outputs: { type: 'string' },
  engine: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export async function replayCommand(
  argv: string[],
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const flags = parseFlags(argv, REPLAY_FLAGS);
  if (flags.help) {
    reporter.out(REPLAY_USAGE);
    return 0;
  }
  const manifestPath = required(flags.manifest, 'manifest');
  const input = required(flags['input-doj'], 'input-doj');
  const outputs = required(flags.outputs, 'outputs');
  const engine = flags.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'native') {
    throw new UsageError(`--engine must be wasm or native (got "${engine}").`);
  }
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch {
    throw new UsageError(`--manifest: cannot read ${manifestPath}.`);
  }
  try {
    const plan = parseReplayManifest(text);
    const name = path.basename(input);
    const inputHash = sha256File(input);
    inputHash.catch(() => undefined); // awaited below; this keeps an early failure from going unhandled
    await checkFolderOf(manifestPath, plan);
    let sha256: string;
    try {
      sha256 = await inputHash;
    } catch {
      throw new InputError(name, 'the file does not exist or cannot be opened.');
    }
    checkReplay(plan, await loadRulePack(), { name, sha256 });
    reporter.progressStart(name, flags.quiet === true);
    const result = await runToFolder({
      inputPath: input,
      outputDir: outputs,
      engine,
      county: plan.county,
      computeAt: plan.computeAt,
      options: plan.options,
      skipBadRows: plan.skipBadRows,
      signal,
      onProgress: (p) => reporter.progress(p),
      onWarning: (w) => reporter.warn(w),
    });
    reporter.progressEnd();
    const comparison = compareReplay(plan, result.manifest);
    if (!comparison.identical) {
      throw new ReplayError(
        `${describeMismatch(plan.input.name, comparison)} The replay's files are in ${path.resolve(outputs)}.`,
      );
    }
    reporter.out(
      `Reproduced the run of ${plan.input.name} (${plan.county}, as of ${plan.computeAt}): ` +
        `${comparison.matching.length} files identical to the manifest's by SHA-256 ` +
        `(${comparison.matching.join(', ')}) -> ${path.resolve(outputs)}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ReplayError) {
      process.stderr.write(`Error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * The run's own files, where they are still beside its manifest, must be the ones it records
 * (checkRunFolder). Files that are not there are skipped: a manifest may travel on its own.
 */
async function checkFolderOf(manifestPath: string, plan: ReplayPlan): Promise<void> {
  const dir = path.dirname(path.resolve(manifestPath));
  const found: ManifestOutput[] = [];
  for (const output of plan.outputs) {
    const filePath = path.join(dir, path.basename(output.name));
    const size = await stat(filePath).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
    if (size === undefined) continue;
    found.push({ name: output.name, size, sha256: await sha256File(filePath) });
  }
  let summary: unknown;
  if (found.some((f) => f.name === OUTPUT_FILES.summary)) {
    try {
      summary = JSON.parse(await readFile(path.join(dir, OUTPUT_FILES.summary), 'utf8'));
    } catch {
      throw new ReplayError(`summary.json beside the manifest is not valid JSON.`);
    }
  }
  checkRunFolder(plan, found, summary);
}
