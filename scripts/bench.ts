/**
 * npm run bench: the engine's speed and memory on seeded synthetic extracts of 100k and 1M rows,
 * for each DuckDB engine, through the real CLI in a fresh process each time. Prints a table and
 * JSON. Extracts are generated once and cached in .bench-cache/ (outside git).
 *
 * Target (issue 2): 1M rows in under 15 s and under 2 GB peak memory with the wasm engine.
 * Options: --sizes=100000,1000000  --engines=wasm,native  --runs=1 (with more, the median too)
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchExtract, CACHE, cli, COUNTY } from './bench-extract';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    engines: { type: 'string', default: 'wasm,native' },
    runs: { type: 'string', default: '1' },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const engines = (values.engines ?? '').split(',');
const runs = Number(values.runs);

interface Result {
  engine: string;
  rows: number;
  fileMB: number;
  seconds: number;
  rowsPerSecond: number;
  peakMB: number;
  stages: Record<string, number>;
}

async function measure(engine: string, rows: number, file: string): Promise<Result> {
  const out = path.join(CACHE, `out-${engine}-${rows}`);
  await rm(out, { recursive: true, force: true });
  const started = performance.now();
  const { stderr } = await cli([
    'run',
    `--input-doj=${file}`,
    `--county=${COUNTY}`,
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
    rows,
    fileMB: Math.round(statSync(file).size / 1e6),
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    peakMB,
    stages,
  };
}

const results: Result[] = [];
// On a shared 2-core machine one run varies by 10-30%: with several, the median is the figure.
const medians: { engine: string; rows: number; seconds: number }[] = [];
for (const rows of sizes) {
  const file = await benchExtract(rows);
  for (const engine of engines) {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await measure(engine, rows, file);
      results.push(result);
      seconds.push(result.seconds);
      process.stderr.write(`${engine} ${rows}: ${result.seconds} s, ${result.peakMB} MB\n`);
    }
    seconds.sort((a, b) => a - b);
    if (runs > 1) medians.push({ engine, rows, seconds: seconds[Math.floor((runs - 1) / 2)]! });
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(
  `\n${'engine'.padEnd(8)}${pad('rows', 10)}${pad('file MB', 9)}${pad('wall s', 9)}${pad('rows/s', 10)}${pad('peak MB', 9)}`,
);
for (const r of results) {
  console.log(
    `${r.engine.padEnd(8)}${pad(r.rows, 10)}${pad(r.fileMB, 9)}${pad(r.seconds, 9)}${pad(r.rowsPerSecond, 10)}${pad(r.peakMB, 9)}`,
  );
}
for (const m of medians)
  console.log(`median of ${runs} runs: ${m.engine} ${m.rows} ${m.seconds} s`);
console.log(
  `\n${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, results, medians }, null, 2)}`,
);
