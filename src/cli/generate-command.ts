import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import {
  EXTRACT_SHAPES,
  generateExtractLines,
  type ExtractShape,
  type GenerateOptions,
} from '../doj/generate';
import { parseFlags, parsePositiveInt, required, UsageError } from './args';
import type { Reporter } from './reporter';

export const GENERATE_USAGE = `Usage: clearance generate --county=NAME --rows=N --seed=S --output=FILE [--shape=doj|mixed] [--no-header]

Writes a synthetic DOJ research file: fabricated people, the same bytes for the
same county, rows and seed. For demos, tests and benchmarks; never real data.

  --county=NAME     the county most of the records are in, e.g. SACRAMENTO
  --rows=N          how many data rows (1 to 50,000,000)
  --seed=S          any whole number; the same seed gives the same file
  --output=FILE     where to write it
  --shape=doj       what the DOJ sends a county (the default): only people with a
                    Prop 64 row, each with their whole record, about 90 rows a person
  --shape=mixed     a general population: most people without a Prop 64 charge,
                    about 9 rows a person (the files this command made before)
  --no-header       leave out the RECORD_ID,... header row
  --help            this text`;

const GENERATE_FLAGS = {
  county: { type: 'string' },
  rows: { type: 'string' },
  seed: { type: 'string' },
  output: { type: 'string' },
  shape: { type: 'string' },
  'no-header': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export async function generateCommand(argv: string[], reporter: Reporter): Promise<number> {
  const flags = parseFlags(argv, GENERATE_FLAGS);
  if (flags.help) {
    reporter.out(GENERATE_USAGE);
    return 0;
  }
  const county = required(flags.county, 'county').trim().toUpperCase();
  const rows = parsePositiveInt(required(flags.rows, 'rows'), 'rows', 50_000_000);
  const seedText = required(flags.seed, 'seed');
  if (!/^-?\d+$/.test(seedText.trim()))
    throw new UsageError(`--seed must be a whole number (got "${seedText}").`);
  const output = required(flags.output, 'output');
  const shape = (flags.shape ?? 'doj') as ExtractShape;
  if (!EXTRACT_SHAPES.includes(shape))
    throw new UsageError(`--shape must be one of ${EXTRACT_SHAPES.join(', ')} (got "${shape}").`);

  // Written under a temporary name and renamed at the end, so an interrupted run leaves no
  // file that looks complete.
  const partial = `${output}.partial`;
  const stream = createWriteStream(partial);
  await once(stream, 'open');
  try {
    const options = { county, rows, seed: Number(seedText), header: !flags['no-header'], shape };
    await writeLines(stream, options, reporter);
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, output);
  reporter.out(`Wrote ${rows} rows for ${county} (seed ${seedText}, ${shape} shape) to ${output}`);
  return 0;
}

async function writeLines(
  stream: ReturnType<typeof createWriteStream>,
  options: GenerateOptions,
  reporter: Reporter,
): Promise<void> {
  let buffer: string[] = [];
  let written = 0;
  for (const line of generateExtractLines(options)) {
    buffer.push(line);
    // Batching lines keeps a 1M-row file to a few hundred writes; waiting on drain keeps memory flat.
    if (buffer.length === 4096) {
      if (!stream.write(`${buffer.join('\n')}\n`)) await once(stream, 'drain');
      written += buffer.length;
      buffer = [];
      if (written % 262_144 < 4096) reporter.warn(`generated ${written} lines...`);
    }
  }
  if (buffer.length > 0) stream.write(`${buffer.join('\n')}\n`);
  stream.end();
  await once(stream, 'finish');
}
