import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFilingData, type FilingDataResult } from '../../src/cli/filing-data';
import { reviewFileText, type ReviewFile } from '../../src/filing/review-file';
import { parseCsv } from './csv';
import type { EngineRun } from './run-engine';

/** A run's filing data (court-data.csv, challenges.csv, held.csv) as "clearance forms" writes it. */
export interface Filing extends FilingDataResult {
  dir: string;
  text(file: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function filingOf(run: EngineRun, review?: ReviewFile): Promise<Filing> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clearance-filing-'));
  let reviewFile: string | undefined;
  if (review) {
    reviewFile = path.join(dir, 'review.json');
    await writeFile(reviewFile, reviewFileText(review));
  }
  const result = await writeFilingData({
    results: run.dir,
    manifest: run.manifest,
    county: run.summary.county,
    reviewFile,
    dir,
  });
  return {
    ...result,
    dir,
    text: (file) => readFile(path.join(dir, file), 'utf8'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A review of the hand-made fixture that leaves something in every file: the superstrike
 * conviction with a case number of its own challenged, an eligible one challenged with a note,
 * everything else as the defaults decide.
 */
export async function fixtureReview(run: EngineRun): Promise<ReviewFile> {
  const determinations = parseCsv(await run.read('Determinations.csv'));
  const held = new Set(
    determinations.filter((d) => d['Hold Reasons'] !== '').map((d) => d['Court Case Number']),
  );
  const superstrike = determinations.find(
    (d) => /Superstrike/.test(d['Hold Reasons']!) && d['Court Case Number'] !== '',
  )!;
  // An eligible conviction whose case number no other conviction shares.
  const granted = determinations.find(
    (d) =>
      d['Hold Reasons'] === '' &&
      determinations.filter((x) => x['Court Case Number'] === d['Court Case Number']).length ===
        1 &&
      !held.has(d['Court Case Number']),
  )!;
  return {
    inputSha256: run.manifest.inputs[0]!.sha256,
    ruleSet: `${run.manifest.rulePack.id} ${run.manifest.rulePack.version}`,
    decisions: [
      {
        line: Number(superstrike['Input Line']),
        decision: 'challenge',
        ground: 'Not eligible',
        decidedOn: '2019-12-01',
      },
      {
        line: Number(granted['Input Line']),
        decision: 'challenge',
        ground: 'Other',
        note: 'pending case',
        decidedOn: '2019-12-01',
      },
    ],
  };
}

/** What a PDF prints, by pdftotext; its warnings (a damaged file) throw. */
export async function pdfText(bytes: Uint8Array, layout = false): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clearance-pdf-'));
  try {
    const file = path.join(dir, 'f.pdf');
    await writeFile(file, bytes);
    const { stdout, stderr } = await promisify(execFile)('pdftotext', [
      ...(layout ? ['-layout'] : []),
      file,
      '-',
    ]);
    if (stderr !== '') throw new Error(`pdftotext: ${stderr}`);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a PDF tool (qpdf, pdffonts, pdfinfo) on the bytes; its output and exit code. */
export async function pdfTool(
  tool: string,
  args: string[],
  bytes: Uint8Array,
): Promise<{ code: number; stdout: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clearance-pdf-'));
  try {
    const file = path.join(dir, 'f.pdf');
    await writeFile(file, bytes);
    const { stdout } = await promisify(execFile)(tool, [...args, file]);
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
