import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { DOJ_COLUMNS } from '../src/doj/columns';
import { EXTRACT_SHAPES, type ExtractShape } from '../src/doj/generate';

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

/** What a benchmark runs on: a file, its data rows, and the county to decide for. */
export interface BenchInput {
  file: string;
  rows: number;
  county: string;
  /** How the file came: `doj`/`mixed` (generated in that shape) or `file` (--file). */
  shape: ExtractShape | 'file';
}

/** The options every benchmark takes for its input; parseArgs `options` entries. */
export const INPUT_OPTIONS = {
  shape: { type: 'string', default: 'doj' },
  file: { type: 'string' },
} as const;

export function parseShape(text: string | undefined): ExtractShape {
  const shape = (text ?? 'doj') as ExtractShape;
  if (!EXTRACT_SHAPES.includes(shape)) {
    throw new Error(`--shape must be one of ${EXTRACT_SHAPES.join(', ')} (got "${text}")`);
  }
  return shape;
}

/**
 * The seeded benchmark extract of `rows` rows in `shape` (see src/doj/generate.ts: `doj`, what a
 * county receives, is the default), generated once into .bench-cache/ (outside git).
 */
export async function benchExtract(rows: number, shape: ExtractShape): Promise<BenchInput> {
  mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, `extract-${rows}-seed${SEED}-${shape}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${rows} rows (${shape} shape) -> ${file}\n`);
    await cli([
      'generate',
      `--county=${COUNTY}`,
      `--rows=${rows}`,
      `--seed=${SEED}`,
      `--shape=${shape}`,
      `--output=${file}`,
    ]);
  }
  return { file, rows, county: COUNTY, shape };
}

/** Whether the file starts with the RECORD_ID,... header line (DOJ sends both kinds). */
function hasHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const start = Buffer.alloc(64);
    const n = readSync(fd, start, 0, start.length, 0);
    return start
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .startsWith('RECORD_ID,');
  } finally {
    closeSync(fd);
  }
}

/**
 * Any extract (--file): its data rows and the county with the most Prop 64 convictions in it
 * (a conviction row whose offense, or the comment it defers to, names H&S 11357-11360), counted
 * by native DuckDB. Only counts are read back, never a record's contents.
 */
export async function fileInput(file: string): Promise<BenchInput> {
  if (!existsSync(file)) throw new Error(`--file: ${file} does not exist`);
  const names = `[${DOJ_COLUMNS.map((c) => `'${c}'`).join(', ')}]`;
  const source = `read_csv('${file.replaceAll("'", "''")}', header = ${hasHeader(file)},
    names = ${names}, all_varchar = true, ignore_errors = true)`;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`
      SELECT sum(n) AS rows,
        arg_max(county, convictions) FILTER (WHERE convictions > 0) AS county
      FROM (
        SELECT upper(trim(STP_ORI_CNTY_NAME)) AS county, count(*) AS n,
          count(*) FILTER (WHERE trim(DISP_DESCR) LIKE 'CONVICTED%' AND regexp_matches(
            coalesce(OFFENSE_DESCR, '') || ' ' || coalesce(COMMENT_TEXT, ''),
            '11357|11358|11359|11360')) AS convictions
        FROM ${source} GROUP BY 1)`);
    const [row] = reader.getRowObjectsJS();
    const county = row?.county;
    if (typeof county !== 'string' || county === '') {
      throw new Error(`--file: ${file} has no Prop 64 conviction in any county`);
    }
    return { file, rows: Number(row?.rows), county, shape: 'file' };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** --file=PATH if given, else the generated extract of `rows` rows in --shape. */
export async function benchInput(
  values: { shape?: string; file?: string },
  rows: number,
): Promise<BenchInput> {
  const shape = parseShape(values.shape);
  return values.file ? fileInput(path.resolve(values.file)) : benchExtract(rows, shape);
}

/** The median and the spread (lowest-highest) of several runs' figures. */
export function medianAndSpread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN,
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
