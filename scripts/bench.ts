/**
 * npm run bench: the engine's speed and memory on seeded synthetic extracts of 100k and 1M rows,
 * for each DuckDB engine, through the real CLI in a fresh process each time. Prints a table and
 * JSON. Extracts are generated once and cached in .bench-cache/ (outside git).
 *
 * Target (issue 17): a realistic 1M-row extract in under 12 s and 1.5 GB with the wasm engine,
 * median of three runs.
 * Options: --sizes=100000,1000000  --engines=wasm,native
 *          --runs=3 (each size and engine this many times; prints the median and spread)
 *          --shape=doj (what the DOJ sends a county, the default) or --shape=mixed (a general
 *          population, the generator's earlier mix)
 *          --file=PATH (any extract instead of the generated ones; --sizes and --shape are then
 *          ignored, and the county is the one with the most Prop 64 convictions in it)
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchInput,
  CACHE,
  cli,
  INPUT_OPTIONS,
  medianAndSpread,
  type BenchInput,
} from './bench-extract';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    engines: { type: 'string', default: 'wasm,native' },
    runs: { type: 'string', default: '3' },
    ...INPUT_OPTIONS,
  },
});
// With --file, one input whatever --sizes says.
const sizes = values.file ? [0] : (values.sizes ?? '').split(',').map(Number);
const engines = (values.engines ?? '').split(',');
const runs = Number(values.runs);

interface Result {
  engine: string;
  shape: string;
  county: string;
  rows: number;
  fileMB: number;
  seconds: number;
  rowsPerSecond: number;
  peakMB: number;
  stages: Record<string, number>;
}

async function measure(engine: string, { file, rows, county, shape }: BenchInput): Promise<Result> {
  const out = path.join(CACHE, `out-${engine}-${rows}`);
  await rm(out, { recursive: true, force: true });
  const started = performance.now();
  const { stderr } = await cli([
    'run',
    `--input-doj=${file}`,
    `--county=${county}`,
    '--compute-at=2020-07-01',
    `--outputs=${out}`,
    `--engine=${engine}`,
    '--quiet',
    '--verbose',
  ]);
  const seconds = (performance.now() - started) / 1000;
  const peakMB = Number(/peak memory: (\d+) MB/.exec(stderr)?.[1] ?? NaN);
  const stages = Object.fromEntries(
    [...stderr.matchAll(/^ {2}(.+): ([\d.]+) s$/gm)].map((m) => [m[1] ?? '', Number(m[2])]),
  );
  await rm(out, { recursive: true, force: true });
  return {
    engine,
    shape,
    county,
    rows,
    fileMB: Math.round(statSync(file).size / 1e6),
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    peakMB,
    stages,
  };
}

const results: Result[] = [];
// On a shared 2-core machine one run varies by 10-30%: the median of several is the figure.
const medians: {
  engine: string;
  shape: string;
  rows: number;
  runs: number;
  seconds: ReturnType<typeof medianAndSpread>;
  peakMB: ReturnType<typeof medianAndSpread>;
}[] = [];
for (const size of sizes) {
  const input = await benchInput(values, size);
  for (const engine of engines) {
    const mine: Result[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await measure(engine, input);
      mine.push(result);
      process.stderr.write(
        `${engine} ${input.shape} ${input.rows}: ${result.seconds} s, ${result.peakMB} MB\n`,
      );
    }
    results.push(...mine);
    medians.push({
      engine,
      shape: input.shape,
      rows: input.rows,
      runs,
      seconds: medianAndSpread(mine.map((r) => r.seconds)),
      peakMB: medianAndSpread(mine.map((r) => r.peakMB)),
    });
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(
  `\n${'engine'.padEnd(8)}${'shape'.padEnd(7)}${pad('rows', 10)}${pad('file MB', 9)}${pad('wall s', 9)}${pad('rows/s', 10)}${pad('peak MB', 9)}`,
);
for (const r of results) {
  console.log(
    `${r.engine.padEnd(8)}${r.shape.padEnd(7)}${pad(r.rows, 10)}${pad(r.fileMB, 9)}${pad(r.seconds, 9)}${pad(r.rowsPerSecond, 10)}${pad(r.peakMB, 9)}`,
  );
}
for (const m of medians) {
  console.log(
    `median of ${m.runs} run(s): ${m.engine} ${m.shape} ${m.rows} rows: ${m.seconds.median} s ` +
      `(${m.seconds.min}-${m.seconds.max} s), ${m.peakMB.median} MB (${m.peakMB.min}-${m.peakMB.max} MB)`,
  );
}
console.log(
  `\n${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, results, medians }, null, 2)}`,
);
