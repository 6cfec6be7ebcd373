/**
 * The filing package from a run and a review file, as "clearance forms --review" writes it for the
 * hand-made fixture: every conviction lands in exactly one of court-data.csv (granted),
 * challenges.csv (challenged) and held.csv (still held), as the attorney decided, and the papers
 * follow those files: granted case numbers in the bulk motion and the motions, challenged ones
 * only in the notice of challenge, held ones in no paper.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseReviewFile, reviewFileText, type ReviewFile } from '../../src/filing/review-file';
import { cli } from '../helpers/cli';
import { pdfText, pdfTool } from '../helpers/filing';
import { parseCsv } from '../helpers/csv';
import { TEST_OFFICE } from '../helpers/office';
import { runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

let dir: string;
let run: EngineRun;
let office: string;
let determinations: Record<string, string>[];

const PLACEHOLDER = /^\s*$|^null$|^[-\s#x]*$/i;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-filing-'));
  run = await runSacramentoFixture();
  office = path.join(dir, 'office.json');
  await writeFile(office, JSON.stringify(TEST_OFFICE));
  determinations = parseCsv(await run.read('Determinations.csv'));
});
afterAll(async () => {
  await run.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function papers(name: string, review?: ReviewFile) {
  const out = path.join(dir, name);
  const args = [`--results=${run.dir}`, `--office=${office}`, `--outputs=${out}`, '--quiet'];
  if (review) {
    const file = path.join(dir, `${name}.review.json`);
    await writeFile(file, reviewFileText(review));
    args.push(`--review=${file}`);
  }
  const result = await cli('forms', ...args);
  const read = async (file: string) => parseCsv(await readFile(path.join(out, file), 'utf8'));
  return {
    result,
    bytes: (file: string) => readFile(path.join(out, file)),
    courtData: result.code === 0 ? await read('court-data.csv') : [],
    challenges: result.code === 0 ? await read('challenges.csv') : [],
    held: result.code === 0 ? await read('held.csv') : [],
    manifest:
      result.code === 0
        ? (JSON.parse(await readFile(path.join(out, 'papers-manifest.json'), 'utf8')) as {
            review: { sha256: string | null };
            counts: Record<string, number>;
          })
        : undefined,
  };
}

const lines = (rows: Record<string, string>[]) => rows.map((r) => Number(r['Input Line']));

describe('the filing package', () => {
  test('follows the attorney: granted, challenged and held each in their own file', async () => {
    const start = await cli(
      'review',
      `--results=${run.dir}`,
      `--outputs=${path.join(dir, 'start.json')}`,
      '--decided-on=2019-12-01',
    );
    expect(start.code).toBe(0);
    const review = parseReviewFile(await readFile(path.join(dir, 'start.json'), 'utf8'), 'x');
    const superstrike = determinations.find((d) => /Superstrike/.test(d['Hold Reasons']!))!;
    const noNumber = determinations.find((d) => d['Hold Reasons'] === 'No court case number')!;
    const pc290 = determinations.find((d) => /PC 290/.test(d['Hold Reasons']!))!;
    const granted = determinations.find((d) => d['Hold Reasons'] === '')!;
    const decide = (line: string, change: Partial<ReviewFile['decisions'][number]>) => {
      const d = review.decisions.find((x) => x.line === Number(line))!;
      Object.assign(d, change);
    };
    decide(superstrike['Input Line']!, { decision: 'challenge', ground: 'Not eligible' });
    decide(pc290['Input Line']!, { decision: 'grant', note: 'registration relief checked' });
    decide(noNumber['Input Line']!, { decision: 'grant' }); // granted, but nothing to file under
    decide(granted['Input Line']!, {
      decision: 'challenge',
      ground: 'Other',
      note: 'pending case',
    });

    const { result, courtData, challenges, held, manifest, bytes } = await papers(
      'decided',
      review,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const byDecision = (k: string) =>
      review.decisions.filter((d) => d.decision === k).map((d) => d.line);
    const grantedWithNumber = byDecision('grant').filter(
      (line) => line !== Number(noNumber['Input Line']),
    );
    expect(lines(courtData)).toEqual(grantedWithNumber);
    expect(lines(challenges)).toEqual(byDecision('challenge'));
    expect(lines(held).sort((a, b) => a - b)).toEqual(
      [...byDecision('hold'), Number(noNumber['Input Line'])].sort((a, b) => a - b),
    );
    // Every conviction is in exactly one file.
    expect(
      [...lines(courtData), ...lines(challenges), ...lines(held)].sort((a, b) => a - b),
    ).toEqual(determinations.map((d) => Number(d['Input Line'])));
    for (const row of courtData) {
      expect(row['Court Case Number']).not.toMatch(PLACEHOLDER);
      expect(row.Court).toBe('Superior Court of California, County of Sacramento');
      expect(row.Statute).toMatch(/^H&S 11361\.8\([bf]\)$/);
    }
    expect(
      challenges.find((c) => Number(c['Input Line']) === Number(granted['Input Line'])),
    ).toMatchObject({
      Ground: 'Other',
      Note: 'pending case',
    });
    expect(
      held.find((h) => Number(h['Input Line']) === Number(noNumber['Input Line']))?.['Why Held'],
    ).toBe('Granted, but it has no court case number to file under');
    expect(manifest?.review.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest?.counts).toMatchObject({
      granted: courtData.length,
      challenged: challenges.length,
      held: held.length,
    });

    // The papers follow the data files.
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const motions = unzipSync(await bytes('forms.zip'));
    const motionTexts = await Promise.all(
      Object.values(motions).map(async (m) => flat(await pdfText(m))),
    );
    const bulk = flat(await pdfText(await bytes('bulk-motion.pdf')));
    const notice = flat(await pdfText(await bytes('notice-of-challenge.pdf')));
    const cases = (rows: Record<string, string>[]) =>
      new Set(rows.map((r) => r['Court Case Number']!).filter((n) => !PLACEHOLDER.test(n)));
    const grantedCases = cases(courtData);
    const challengedCases = cases(challenges);
    // One motion per court case and person.
    const groups = new Set(
      courtData.map(
        (r) => `${r['Court Case Number']}|${r['CII Number'] || `${r.Name}|${r['Date of Birth']}`}`,
      ),
    );
    expect(Object.keys(motions)).toHaveLength(groups.size);
    for (const n of grantedCases) {
      expect(bulk).toContain(n);
      expect(motionTexts.some((t) => t.includes(n))).toBe(true);
    }
    expect(challengedCases.size).toBeGreaterThan(0);
    for (const n of challengedCases) {
      expect(notice).toContain(n);
      if (grantedCases.has(n)) continue; // a case may hold a granted and a challenged conviction
      for (const text of [...motionTexts, bulk]) expect(text).not.toContain(n);
    }
    const onlyHeld = [...cases(held)].filter(
      (n) => !grantedCases.has(n) && !challengedCases.has(n),
    );
    expect(onlyHeld.length).toBeGreaterThan(0);
    for (const text of [...motionTexts, bulk, notice]) {
      for (const n of onlyHeld) expect(text).not.toContain(n);
    }
    for (const pdf of [
      ...Object.values(motions),
      await bytes('bulk-motion.pdf'),
      await bytes('notice-of-challenge.pdf'),
      await bytes('summary-report.pdf'),
    ]) {
      expect((await pdfTool('qpdf', ['--check'], pdf)).code).toBe(0);
      expect((await pdfTool('pdffonts', [], pdf)).stdout).toMatch(/\n[A-Z]{6}\+LiberationSerif /);
    }
  });

  test('without a review: held stay held, the eligible are granted', async () => {
    const { result, courtData, challenges, held, manifest } = await papers('defaults');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(no --review: the default decisions)');
    const notHeld = determinations.filter((d) => d['Hold Reasons'] === '');
    expect(lines(courtData)).toEqual(
      notHeld.filter((d) => d['Eligibility Determination']).map((d) => Number(d['Input Line'])),
    );
    expect(lines(challenges)).toEqual(
      notHeld.filter((d) => !d['Eligibility Determination']).map((d) => Number(d['Input Line'])),
    );
    expect(lines(held)).toEqual(
      determinations.filter((d) => d['Hold Reasons'] !== '').map((d) => Number(d['Input Line'])),
    );
    expect(manifest?.review.sha256).toBeNull();
  });

  test('refuses a review made for another input, naming the file', async () => {
    const review: ReviewFile = {
      inputSha256: '0'.repeat(64),
      ruleSet: 'prop64 1.1.0',
      decisions: [],
    };
    const { result } = await papers('other-input', review);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/other-input\.review\.json.*cannot be used/s);
    expect(result.stderr).toMatch(/made for another input file/);
  });
});
