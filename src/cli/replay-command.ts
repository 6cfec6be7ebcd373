import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../engine/errors';
import { sha256File } from '../engine/node/hash-file';
import { loadRulePack } from '../engine/node/rule-pack';
import { runToFolder } from '../engine/node/run-to-folder';
import { checkReplay, parseReplayManifest, ReplayError } from '../engine/replay';
import { parseFlags, required, UsageError } from './args';
import type { Reporter } from './reporter';

export const REPLAY_USAGE = `Usage: clearance replay --manifest=FILE --input-doj=FILE --outputs=DIR

Reproduces a run from its manifest.json: the same county, date, policy and rules
on the same input give byte-identical CSVs. Refuses, saying which file differs,
when the input's SHA-256 or a rule file is not the one the run used.

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
    let sha256: string;
    try {
      sha256 = await sha256File(input);
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
    reporter.out(
      `Reproduced the run of ${plan.input.name} (${plan.county}, as of ${plan.computeAt}): ` +
        `${result.files.length} files -> ${path.resolve(outputs)}`,
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
