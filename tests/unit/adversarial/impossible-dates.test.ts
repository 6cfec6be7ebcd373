/**
 * Issue #16, points 3 and 8: impossible dates granted relief silently, an empty county printed
 * "null dismissal", and a review date before every conviction went unremarked. Each reproduction
 * runs the real engine (or the real CLI) on synthetic rows.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { explainConviction } from '../../../src/engine/explain';
import { reviewDateWarnings } from '../../../src/engine/summary';
import { DEFAULT_OPTIONS } from '../../../src/rules/prop64/options';
import { cli } from '../../helpers/cli';
import { parseCsv } from '../../helpers/csv';
import { toDojFile } from '../../helpers/doj-rows';
import { openDecidedSession } from '../../helpers/open-session';
import { FIXTURES, runEngine } from '../../helpers/run-engine';

const FIXTURE = path.join(FIXTURES, 'sacramento-handmade.input.csv');
const FIXTURE_OPTIONS = path.join(FIXTURES, 'sacramento-handmade.options.json');

/** One felony 11359 conviction in Sacramento per person, as the issue's examples had them. */
const felony = (subject: string, dob: string, date: string) => ({
  SUBJECT_ID: subject,
  PRI_NAME: `PERSON,${subject}`,
  PRI_DOB: dob,
  STP_EVENT_DATE: date,
  STP_TYPE_DESCR: 'COURT ACTION',
  STP_ORI_CNTY_NAME: 'SACRAMENTO',
  CNT_ORDER: '001002001000',
  OFN: `C${subject}`,
  OFFENSE_DESCR: '11359 HS-POSSESS FOR SALE',
  OFFENSE_TOC: 'F',
  DISP_DESCR: 'CONVICTED-PRISON',
  CONV_STAT_DESCR: 'FELONY',
});

const ISSUE_ROWS = [
  felony('1', '20100101', '20000101'), // born ten years after the conviction
  felony('2', '19700101', '18000101'), // convicted in 1800
  felony('3', '19700101', '20250720'), // convicted five years after the review date
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-dates-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('impossible dates are unknown dates (issue #16 point 3)', () => {
  test('the rules that need them do not fire; each is flagged for review; no figure is negative', async () => {
    const run = await runEngine({
      input: { text: toDojFile(ISSUE_ROWS) },
      county: 'SACRAMENTO',
      computeAt: '2020-06-15',
      options: DEFAULT_OPTIONS,
    });
    try {
      const all = parseCsv(await run.read('All_Results.csv'));
      const review = parseCsv(await run.read('Determinations.csv'));
      // The earlier tooling: "21 years or younger" for all three. Now rule 3 cannot apply to any;
      // the first has a real conviction date 20 years back (rule 5), the others only Prop 64
      // convictions (rule 7), and rules 5 and 6 cannot use an impossible conviction date.
      expect(all.map((r) => r['Eligibility Reason'])).toEqual([
        'Conviction occurred 10 or more years ago',
        'Only has 11357-60 charges',
        'Only has 11357-60 charges',
      ]);
      expect(review.map((r) => r['Needs Review'])).toEqual(['Yes', 'Yes', 'Yes']);
      expect(review[0]?.['Review Note']).toContain(
        'the date of birth (after a conviction date) is unknown',
      );
      expect(review[1]?.['Review Note']).toContain(
        'the date of conviction (before 1900) is unknown',
      );
      expect(review[2]?.['Review Note']).toContain(
        'the date of conviction (after the review date) is unknown',
      );
      // Born after the conviction: the conviction date itself stands (20.5 years ago).
      expect(all[0]?.['Years Since This Conviction']).toBe('20.5');
      // Impossible conviction dates are unknown: no date, and -1.0, the earlier format's "unknown".
      for (const row of all.slice(1)) {
        expect(row['Date of Conviction']).toBe('');
        expect(row['Years Since This Conviction']).toBe('-1.0');
        expect(row['Years Since Any Conviction']).toBe('-1.0');
      }
      expect(run.summary.needsReviewCount).toBe(3);
      expect(run.summary.prop64ConvictionsDatedAfterComputeAtCount).toBe(1);
      // Only 2000-01-01 is a usable conviction date, not 1800.
      expect(run.summary.earliestConviction).toBe('2000-01-01T00:00:00Z');
    } finally {
      await run.cleanup();
    }
  });

  test('the explanation says which date could not be used and why', async () => {
    const input = path.join(dir, 'issue-rows.csv');
    await writeFile(input, toDojFile(ISSUE_ROWS));
    const { db } = await openDecidedSession(input, {
      county: 'SACRAMENTO',
      computeAt: '2020-06-15',
      options: DEFAULT_OPTIONS,
    });
    try {
      const born = await explainConviction(db, 0);
      const under21 = born?.steps.find((s) => s.ruleId === 'P64-R03');
      expect(under21?.outcome).toBe('cannot tell');
      expect(under21?.missing).toBe('the date of birth (after a conviction date)');
      expect(under21?.evidence).toContain('born unknown ("20100101", after a conviction date)');
      expect(born?.decidedBy).toBe('P64-R05');

      const old = await explainConviction(db, 1);
      const yearsSince = old?.steps.find((s) => s.ruleId === 'P64-R05');
      expect(yearsSince?.outcome).toBe('cannot tell');
      expect(yearsSince?.missing).toBe('the date of conviction (before 1900)');
      expect(yearsSince?.evidence).toContain('convicted unknown ("18000101", before 1900)');

      const future = await explainConviction(db, 2);
      expect(future?.steps.find((s) => s.ruleId === 'P64-R05')?.missing).toBe(
        'the date of conviction (after the review date)',
      );
    } finally {
      await db.close();
    }
  });
});

describe('summary figures and warnings (issue #16 point 8)', () => {
  test('a county with no Prop 64 convictions prints zero counts, not null', async () => {
    const out = path.join(dir, 'empty-county');
    const result = await cli(
      'run',
      `--input-doj=${FIXTURE}`,
      '--county=ALPINE',
      '--compute-at=2019-11-11',
      `--eligibility-options=${FIXTURE_OPTIONS}`,
      `--outputs=${out}`,
      '--quiet',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '0 Prop 64 convictions in ALPINE: 0 dismissal, 0 reduction, 0 no relief, 0 need review',
    );
    expect(result.stdout).not.toContain('null');
    const summary = readFileSync(path.join(out, 'summary.json'), 'utf8');
    expect(summary).not.toMatch(/Count[A-Za-z0-9]*": null/);
    expect(JSON.parse(summary)).toMatchObject({
      prop64FelonyConvictionsCountInCounty: 0,
      prop64NonFelonyConvictionsCountInCounty: 0,
      convictionDismissalCount: 0,
      needsReviewCount: 0,
    });
  }, 240_000);

  test('the CLI warns plainly when --compute-at is before every conviction date', async () => {
    const out = path.join(dir, 'early-review-date');
    const result = await cli(
      'run',
      `--input-doj=${FIXTURE}`,
      '--county=SACRAMENTO',
      '--compute-at=1970-01-01',
      `--eligibility-options=${FIXTURE_OPTIONS}`,
      `--outputs=${out}`,
      '--quiet',
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.computeAtBeforeEveryConviction).toBe(true);
    // Every Sacramento conviction of the fixture is dated, so every one is after 1970.
    const n = summary.prop64ConvictionsCountInCounty;
    expect(summary.prop64ConvictionsDatedAfterComputeAtCount).toBe(n);
    expect(result.stderr).toContain(
      `Warning: sacramento-handmade.input.csv: --compute-at 1970-01-01 is before every Prop 64 ` +
        `conviction date in SACRAMENTO: ${n} convictions are dated after it.`,
    );
    expect(result.stderr).toContain('Check --compute-at.');
    // No figure is negative: unknown years are the earlier format's -1.0, nothing below.
    const rows = parseCsv(readFileSync(path.join(out, 'Prop64_Results.csv'), 'utf8'));
    for (const row of rows) {
      expect(row['Years Since This Conviction']).toBe('-1.0');
      expect(row['Years Since Any Conviction']).toBe('-1.0');
    }
  }, 240_000);

  test('the browser shows the same warning from the summary; a usable review date has none', async () => {
    const warnings: string[] = [];
    const early = await runEngine({
      input: FIXTURE,
      county: 'SACRAMENTO',
      computeAt: '1970-01-01',
      warnings,
    });
    try {
      const shown = reviewDateWarnings(early.summary);
      expect(shown).toHaveLength(1);
      expect(shown[0]).toMatch(
        /^The review date 1970-01-01 is before every Prop 64 conviction date in SACRAMENTO: \d+ convictions are dated after it\..*Check the review date\.$/,
      );
      // The engine's own warning path (what the CLI prints) carries it too.
      expect(warnings.some((w) => w.includes('is before every Prop 64 conviction date'))).toBe(
        true,
      );
    } finally {
      await early.cleanup();
    }
    // One conviction dated on or before the review date is enough: no warning.
    const run = await runEngine({
      input: {
        text: toDojFile([felony('1', '19700101', '20200615'), felony('2', '19700101', '20250720')]),
      },
      county: 'SACRAMENTO',
      computeAt: '2020-06-15',
    });
    try {
      expect(run.summary.prop64ConvictionsDatedAfterComputeAtCount).toBe(1);
      expect(run.summary.computeAtBeforeEveryConviction).toBe(false);
      expect(reviewDateWarnings(run.summary)).toEqual([]);
    } finally {
      await run.cleanup();
    }
  }, 240_000);
});
