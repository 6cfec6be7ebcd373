import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../engine/errors';
import { MANIFEST_FORMAT, type Manifest } from '../engine/manifest';
import { openEngineDatabase } from '../engine/node/open-database';
import { OUTPUT_FILES, readOutputCsvSql } from '../engine/outputs';
import { reviewFileText } from '../filing/review-file';
import { startingReview, type DeterminationLine } from '../filing/starting-review';
import { parseFlags, parseIsoDate, required, todayIso } from './args';
import { parseRunJson, readRunFile } from './run-files';
import type { Reporter } from './reporter';

export const REVIEW_USAGE = `Usage: clearance review --results=DIR --outputs=review.json

Writes a starting review file for a run, for an office that records the attorney's
decisions by hand: every held conviction "hold", every one eligible for dismissal
or reduction "grant", every one the policy gives no relief "challenge" (ground
"Not eligible"). Edit it, then give it to "clearance forms --review=review.json".
The file is tied to the run's input by its SHA-256. An existing file is never
overwritten: it may hold an attorney's decisions.

  --results=DIR        the run's output folder (manifest.json, Determinations.csv)
  --outputs=FILE       the review file to write
  --decided-on=DATE    the date written on each decision (default today)
  --help               this text`;

const REVIEW_FLAGS = {
  results: { type: 'string' },
  outputs: { type: 'string' },
  'decided-on': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export async function reviewCommand(argv: string[], reporter: Reporter): Promise<number> {
  const flags = parseFlags(argv, REVIEW_FLAGS);
  if (flags.help) {
    reporter.out(REVIEW_USAGE);
    return 0;
  }
  const results = required(flags.results, 'results');
  const target = required(flags.outputs, 'outputs');
  const decidedOn = parseIsoDate(flags['decided-on'] ?? todayIso(), 'decided-on');
  const manifest = parseRunJson<Manifest>(
    await readRunFile(results, OUTPUT_FILES.manifest),
    OUTPUT_FILES.manifest,
    (m) => m.format === MANIFEST_FORMAT,
  );
  const input = manifest.inputs[0];
  if (!input) throw new InputError(OUTPUT_FILES.manifest, 'names no input file');
  const lines = await readDeterminationLines(path.join(results, OUTPUT_FILES.determinations));
  const review = startingReview(
    lines,
    { inputSha256: input.sha256, ruleSet: `${manifest.rulePack.id} ${manifest.rulePack.version}` },
    decidedOn,
  );
  try {
    await writeFile(target, reviewFileText(review), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InputError(
        target,
        "exists already; it may hold an attorney's decisions, so it is not overwritten",
        undefined,
        'Choose another --outputs file, or move the old one aside first.',
      );
    }
    throw new InputError(target, `cannot be written (${(error as NodeJS.ErrnoException).code})`);
  }
  const count = (d: string) => review.decisions.filter((x) => x.decision === d).length;
  reporter.out(
    `${review.decisions.length} conviction(s): ${count('grant')} grant, ${count('challenge')} challenge, ` +
      `${count('hold')} hold -> ${target}`,
  );
  return 0;
}

/** Determinations.csv read by DuckDB's own CSV reader: names may hold commas, quotes, line breaks. */
async function readDeterminationLines(file: string): Promise<DeterminationLine[]> {
  const db = await openEngineDatabase('wasm', { readable: [file], writable: [] });
  try {
    const rows = await db.query<{ line: number; determination: string; hold: string }>(
      `SELECT "Input Line"::BIGINT AS line,
              coalesce("Eligibility Determination", '') AS determination,
              coalesce("Hold Reasons", '') AS hold
       FROM ${readOutputCsvSql(file)}
       ORDER BY line`,
    );
    return rows.map((r) => ({
      line: Number(r.line),
      determination: r.determination,
      holdReasons: r.hold,
    }));
  } catch {
    throw new InputError(
      file,
      "cannot be read as a run's Determinations.csv",
      undefined,
      'Give --results the folder a run wrote (it needs Determinations.csv with a Hold Reasons column).',
    );
  } finally {
    await db.close();
  }
}
