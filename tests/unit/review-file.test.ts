/**
 * The attorney's review file: its schema, the run it belongs to, the starting file the CLI writes,
 * and the filing rule (50_filing.sql) that turns it into what is filed, on a real run.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  checkReviewAgainstRun,
  parseReviewFile,
  ReviewFileError,
  reviewFileText,
  type ReviewFile,
} from '../../src/filing/review-file';
import { defaultDecision } from '../../src/filing/starting-review';
import { parseEligibilityOptions } from '../../src/rules/prop64/options';
import { cli } from '../helpers/cli';
import { parseCsv } from '../helpers/csv';
import { openDecidedSession } from '../helpers/open-session';
import { FIXTURES } from '../helpers/run-engine';

const input = path.join(FIXTURES, 'sacramento-handmade.input.csv');
const optionsFile = path.join(FIXTURES, 'sacramento-handmade.options.json');
const SHA = 'a'.repeat(64);
let dir: string;
let out: string;
let determinations: Record<string, string>[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-review-'));
  out = path.join(dir, 'run');
  const run = await cli(
    'run',
    `--input-doj=${input}`,
    '--county=SACRAMENTO',
    '--compute-at=2019-11-11',
    `--eligibility-options=${optionsFile}`,
    `--outputs=${out}`,
    '--quiet',
  );
  expect(run.stderr).toBe('');
  determinations = parseCsv(await readFile(path.join(out, 'Determinations.csv'), 'utf8'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ReviewFileError) return error.problems;
    throw error;
  }
  throw new Error('expected a ReviewFileError');
}

describe('review.json schema', () => {
  const valid = {
    inputSha256: SHA,
    ruleSet: 'prop64 1.1.0',
    decisions: [
      { line: 5, decision: 'grant', decidedOn: '2020-01-02' },
      { line: 9, decision: 'challenge', ground: 'Not eligible', decidedOn: '2020-01-02' },
      { line: 12, decision: 'hold', note: 'find the case number', decidedOn: '2020-01-02' },
    ],
  };

  test('a valid file reads back as written, and writes back the same', () => {
    const review = parseReviewFile(JSON.stringify(valid), 'review.json');
    expect(review.decisions).toHaveLength(3);
    expect(parseReviewFile(reviewFileText(review), 'review.json')).toEqual({
      ...review,
      format: 'clearance-review/1',
    });
  });

  test('names the file and each wrong decision by its line', () => {
    const bad = {
      ...valid,
      decisions: [
        { line: 5, decision: 'approve', decidedOn: '2020-01-02' },
        { line: 9, decision: 'challenge', decidedOn: '2020-02-30' },
        { line: 12, decision: 'challenge', ground: 'Other', decidedOn: '2020-01-02' },
      ],
    };
    const problems = problemsOf(() => parseReviewFile(JSON.stringify(bad), 'mine.json'));
    expect(problems).toEqual(
      expect.arrayContaining([
        'the decision for line 5: "decision" must be "grant", "challenge" or "hold"',
        'the decision for line 9: "decidedOn" must be a real calendar date',
        'the decision for line 9: "ground" is needed for a challenge',
        'the decision for line 12: "note" is needed when the ground is "Other"',
      ]),
    );
    const twice = { ...valid, decisions: [...valid.decisions, valid.decisions[0]] };
    expect(problemsOf(() => parseReviewFile(JSON.stringify(twice), 'mine.json'))).toEqual([
      'the decision for line 5: "line" appears twice: one decision per conviction',
    ]);
    expect(() => parseReviewFile('{"decisions": [', 'mine.json')).toThrow(
      /mine\.json cannot be used:\n- it is not a JSON file/,
    );
    expect(problemsOf(() => parseReviewFile('{"inputSha256": "x"}', 'r.json'))).toEqual(
      expect.arrayContaining([
        `"inputSha256" must be the input file's SHA-256 (64 hexadecimal digits)`,
      ]),
    );
  });

  test('refuses a review made for another input, rule set, or lines that are not determinations', () => {
    const review = parseReviewFile(JSON.stringify(valid), 'review.json');
    const target = {
      inputSha256: SHA,
      inputName: 'extract.dat',
      ruleSet: 'prop64 1.1.0',
      determinationLines: new Set([5, 9, 12]),
    };
    expect(() => checkReviewAgainstRun(review, target, 'review.json')).not.toThrow();
    expect(
      problemsOf(() =>
        checkReviewAgainstRun(review, { ...target, inputSha256: 'b'.repeat(64) }, 'review.json'),
      ),
    ).toEqual([
      "it was made for another input file (its SHA-256 is not extract.dat's): load the file it was made for",
    ]);
    expect(
      problemsOf(() =>
        checkReviewAgainstRun(review, { ...target, ruleSet: 'prop64 2.0.0' }, 'review.json'),
      ),
    ).toEqual(['it was made with rule set "prop64 1.1.0", this run used "prop64 2.0.0"']);
    expect(
      problemsOf(() =>
        checkReviewAgainstRun(
          review,
          { ...target, determinationLines: new Set([5]) },
          'review.json',
        ),
      ),
    ).toEqual([
      'line 9 is not a conviction with a determination in this run',
      'line 12 is not a conviction with a determination in this run',
    ]);
  });
});

describe('clearance review', () => {
  test('writes every conviction of the run at its default, tied to the input', async () => {
    const file = path.join(dir, 'review.json');
    const result = await cli(
      'review',
      `--results=${out}`,
      `--outputs=${file}`,
      '--decided-on=2020-01-02',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const review = parseReviewFile(await readFile(file, 'utf8'), 'review.json');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      inputs: { sha256: string }[];
    };
    expect(review.inputSha256).toBe(manifest.inputs[0]?.sha256);
    expect(review.ruleSet).toBe('prop64 1.1.0');
    expect(review.decisions.map((d) => d.line)).toEqual(
      determinations.map((d) => Number(d['Input Line'])),
    );
    for (const [i, d] of review.decisions.entries()) {
      const row = determinations[i]!;
      const held = row['Hold Reasons'] !== '';
      expect(d.decision).toBe(
        held ? 'hold' : row['Eligibility Determination'] ? 'grant' : 'challenge',
      );
      expect(d.decidedOn).toBe('2020-01-02');
    }
    const counts = (k: string) => review.decisions.filter((d) => d.decision === k).length;
    expect(result.stdout).toContain(
      `${review.decisions.length} conviction(s): ${counts('grant')} grant, ${counts('challenge')} challenge, ${counts('hold')} hold`,
    );
    // The fixture has both held and granted convictions, so the test tells them apart.
    expect(counts('hold')).toBeGreaterThan(0);
    expect(counts('grant')).toBeGreaterThan(0);
  });

  test('never overwrites a review file', async () => {
    const file = path.join(dir, 'existing.json');
    await writeFile(file, 'the attorney worked on this');
    const result = await cli('review', `--results=${out}`, `--outputs=${file}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/existing\.json: exists already/);
    expect(await readFile(file, 'utf8')).toBe('the attorney worked on this');
  });
});

describe('filing choices (50_filing.sql)', () => {
  test('follow the defaults without a review, and the attorney with one', async () => {
    const options = parseEligibilityOptions(JSON.parse(readFileSync(optionsFile, 'utf8')));
    const { db, session } = await openDecidedSession(input, {
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options,
    });
    try {
      const choices = async () =>
        new Map(
          (
            await db.query<{ input_line: number; decision: string; ground: string | null }>(
              'SELECT input_line, decision, ground FROM filing_choices',
            )
          ).map((c) => [Number(c.input_line), c]),
        );
      const before = await choices();
      expect(before.size).toBe(determinations.length);
      for (const row of determinations) {
        const want = defaultDecision({
          line: Number(row['Input Line']),
          determination: row['Eligibility Determination'] ?? '',
          holdReasons: row['Hold Reasons'] ?? '',
        });
        const got = before.get(Number(row['Input Line']));
        expect({ decision: got?.decision, ground: got?.ground ?? undefined }).toEqual(want);
      }

      const [held, granted] = [
        determinations.find((d) => d['Hold Reasons'] !== ''),
        determinations.find((d) => d['Hold Reasons'] === '' && d['Eligibility Determination']),
      ];
      const review: ReviewFile = {
        inputSha256: SHA,
        ruleSet: 'prop64 1.1.0',
        decisions: [
          { line: Number(held!['Input Line']), decision: 'grant', decidedOn: '2020-01-02' },
          {
            line: Number(granted!['Input Line']),
            decision: 'challenge',
            ground: 'Unreasonable risk to public safety (H&S 11361.9)',
            note: 'see file',
            decidedOn: '2020-01-03',
          },
        ],
      };
      await session.applyReview(review);
      const after = await choices();
      expect(after.get(Number(held!['Input Line']))?.decision).toBe('grant');
      expect(after.get(Number(granted!['Input Line']))).toMatchObject({
        decision: 'challenge',
        ground: 'Unreasonable risk to public safety (H&S 11361.9)',
      });
      const changed = [...after].filter(([line, c]) => before.get(line)?.decision !== c.decision);
      expect(changed).toHaveLength(2);

      await session.applyReview(undefined);
      expect(await choices()).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
