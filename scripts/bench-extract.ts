import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CACHE = path.join(ROOT, '.bench-cache');
export const SEED = 2016;
export const COUNTY = 'LOS ANGELES';

/** Runs the CLI in a fresh Node process, as a county's script would. */
export const cli = (args: string[]) =>
  promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );

/** The seeded benchmark extract of `rows` rows, generated once into .bench-cache/ (outside git). */
export async function benchExtract(rows: number): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, `extract-${rows}-seed${SEED}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${rows} rows -> ${file}\n`);
    await cli([
      'generate',
      `--county=${COUNTY}`,
      `--rows=${rows}`,
      `--seed=${SEED}`,
      `--output=${file}`,
    ]);
  }
  return file;
}
