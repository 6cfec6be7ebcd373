import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CSV_FORMAT_SQL } from '../engine/csv-format';
import type { Database } from '../engine/database';
import { InputError } from '../engine/errors';
import type { Manifest } from '../engine/manifest';
import { openEngineDatabase } from '../engine/node/open-database';
import { loadRulePack } from '../engine/node/rule-pack';
import { DETERMINATION_COLUMNS, OUTPUT_FILES, readOutputCsvSql } from '../engine/outputs';
import { fillReviewDecisions } from '../engine/review-decisions';
import { writeFilingFiles } from '../filing/filing-outputs';
import type { FilingBasis } from '../filing/papers-manifest';
import { checkReviewAgainstRun, parseReviewFile, ReviewFileError } from '../filing/review-file';

/** What the filing data was chosen from, for the papers' own manifest. */
export interface FilingDataResult extends FilingBasis {
  files: string[];
}

/**
 * Chooses what is filed, by the rule pack's own 50_filing.sql, from a run's Determinations.csv and
 * the attorney's review file, and writes court-data.csv, challenges.csv and held.csv into `dir`.
 */
export async function writeFilingData(opts: {
  results: string;
  manifest: Manifest;
  county: string;
  reviewFile?: string;
  dir: string;
}): Promise<FilingDataResult> {
  const determinations = path.join(opts.results, OUTPUT_FILES.determinations);
  const pack = await loadRulePack();
  const ruleFile = (name: string) => {
    const file = pack.files.find((f) => f.name === name);
    if (!file) throw new Error(`The rule file ${name} is missing.`);
    return file;
  };
  let reviewText: string | undefined;
  if (opts.reviewFile) {
    try {
      reviewText = await readFile(opts.reviewFile, 'utf8');
    } catch {
      throw new InputError(opts.reviewFile, 'cannot be read');
    }
  }
  const db = await openEngineDatabase('wasm', {
    readable: [determinations],
    writable: [opts.dir],
  });
  try {
    await db.exec(ruleFile('01_definitions.sql').text);
    await db.exec(CSV_FORMAT_SQL);
    await loadDeterminations(db, determinations);
    const review = reviewText === undefined ? undefined : await checkedReview(db, reviewText, opts);
    await fillReviewDecisions(db, review?.decisions ?? []);
    await db.run('CREATE OR REPLACE TABLE filing_context AS SELECT ?::VARCHAR AS county', [
      opts.county,
    ]);
    const filing = ruleFile('50_filing.sql');
    await db.exec(`-- ${filing.id} ${filing.name} sha256:${filing.sha256}\n${filing.text}`);
    const { files, counts } = await writeFilingFiles(db, (file) => path.join(opts.dir, file));
    return {
      counts,
      files,
      reviewSha256:
        reviewText === undefined ? null : createHash('sha256').update(reviewText).digest('hex'),
      filingRule: { name: filing.name, sha256: filing.sha256 },
    };
  } finally {
    await db.close();
  }
}

/** Determinations.csv as the determination_report table, refusing a file without the filing columns. */
async function loadDeterminations(db: Database, file: string): Promise<void> {
  try {
    await db.exec(`CREATE TABLE determination_report AS
      SELECT * FROM ${readOutputCsvSql(file)}`);
  } catch {
    throw new InputError(file, "cannot be read as a run's Determinations.csv");
  }
  const columns = new Set(
    (await db.query<{ column_name: string }>('DESCRIBE determination_report')).map(
      (c) => c.column_name,
    ),
  );
  const missing = DETERMINATION_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new InputError(
      file,
      `has no ${missing.map((c) => `"${c}"`).join(', ')} column`,
      undefined,
      'It was written by an earlier version of Clearance: run the review again to make the papers.',
    );
  }
}

async function checkedReview(
  db: Database,
  text: string,
  opts: { reviewFile?: string; manifest: Manifest },
) {
  const name = opts.reviewFile ?? 'review.json';
  const lines = await db.query<{ line: number }>(
    'SELECT "Input Line"::BIGINT AS line FROM determination_report',
  );
  const input = opts.manifest.inputs[0];
  try {
    const review = parseReviewFile(text, name);
    checkReviewAgainstRun(
      review,
      {
        inputSha256: input?.sha256 ?? '',
        inputName: input?.name ?? 'the input file',
        ruleSet: `${opts.manifest.rulePack.id} ${opts.manifest.rulePack.version}`,
        determinationLines: new Set(lines.map((l) => Number(l.line))),
      },
      name,
    );
    return review;
  } catch (error) {
    if (error instanceof ReviewFileError) {
      throw new InputError(name, `cannot be used:\n- ${error.problems.slice(0, 5).join('\n- ')}`);
    }
    throw error;
  }
}
