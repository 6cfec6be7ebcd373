import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runToFolder, type FolderRunResult } from '../../src/engine/node/run-to-folder';
import type { EngineKind } from '../../src/engine/node/open-database';
import { DEFAULT_OPTIONS, parseEligibilityOptions } from '../../src/rules/prop64/options';

export interface EngineRun extends FolderRunResult {
  dir: string;
  read(file: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Runs the real engine on a file (or on text written to a temp file) into a temp folder. */
export async function runEngine(opts: {
  input: string | { text: string; name?: string };
  county: string;
  computeAt: string;
  options?: unknown;
  engine?: EngineKind;
  skipBadRows?: boolean;
  reader?: 'fast' | 'duckdb';
  /** Receives the engine's trace labels (which reader ran, each stage). */
  trace?: string[];
  warnings?: string[];
}): Promise<EngineRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clearance-test-'));
  let inputPath: string;
  if (typeof opts.input === 'string') {
    inputPath = opts.input;
  } else {
    inputPath = path.join(dir, opts.input.name ?? 'input.csv');
    await writeFile(inputPath, opts.input.text);
  }
  const outputDir = path.join(dir, 'out');
  const result = await runToFolder({
    inputPath,
    outputDir,
    engine: opts.engine ?? 'wasm',
    county: opts.county,
    computeAt: opts.computeAt,
    options: opts.options === undefined ? DEFAULT_OPTIONS : parseEligibilityOptions(opts.options),
    skipBadRows: opts.skipBadRows ?? false,
    reader: opts.reader,
    trace: opts.trace ? (label) => opts.trace?.push(label) : undefined,
    onWarning: (w) => opts.warnings?.push(w),
  });
  return {
    ...result,
    dir: outputDir,
    read: (file) => readFile(path.join(outputDir, file), 'utf8'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');

/**
 * The hand-made Sacramento extract decided as its expected output was (county SACRAMENTO, review
 * date 2019-11-11, its own options file): the run most tests of the outputs and papers start from.
 */
export function runSacramentoFixture(engine?: EngineKind): Promise<EngineRun> {
  return runEngine({
    input: path.join(FIXTURES, 'sacramento-handmade.input.csv'),
    county: 'SACRAMENTO',
    computeAt: '2019-11-11',
    options: JSON.parse(
      readFileSync(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8'),
    ),
    engine,
  });
}
