import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import {
  allExplanationSteps,
  explainConviction,
  stepsUntilDecided,
} from '../../src/engine/explain';
import { DEFAULT_OPTIONS, parseEligibilityOptions } from '../../src/rules/prop64/options';
import { parseCsv } from '../helpers/csv';
import { openDecidedSession } from '../helpers/open-session';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');

describe('the explanation of each conviction', () => {
  it('ends at the rule that decided it, with the values it tested (hand-made fixture)', async () => {
    const input = path.join(FIXTURES, 'sacramento-handmade.input.csv');
    const options = parseEligibilityOptions(
      JSON.parse(await readFile(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8')),
    );
    const { db } = await openDecidedSession(input, {
      county: 'SACRAMENTO',
      computeAt: '2019-11-11',
      options,
    });
    try {
      const expected = parseCsv(
        await readFile(path.join(FIXTURES, 'sacramento-handmade.expected.csv'), 'utf8'),
      );
      let explained = 0;
      for (const [rowIdx, row] of expected.entries()) {
        const explanation = await explainConviction(db, rowIdx);
        if (row['# of Prop 64 convictions'] === '') {
          expect(explanation).toBeNull(); // not a Prop 64 conviction in the county
          continue;
        }
        explained++;
        if (!explanation) throw new Error(`row ${rowIdx} has no explanation`);
        // Header line + 0-based row + 1.
        expect(explanation.inputLine).toBe(String(rowIdx + 2));
        const last = explanation.steps.at(-1);
        if (row['Eligibility Determination'] === '') {
          expect(explanation.steps.every((s) => s.outcome !== 'fires')).toBe(true);
          expect(explanation.determination).toBe('No relief');
        } else {
          expect(last?.outcome).toBe('fires');
          expect(last?.determination).toBe(row['Eligibility Determination']);
          expect(last?.reason).toBe(row['Eligibility Reason']);
        }
        // Rule 1 always states what it tested: the conviction status and type of crime.
        expect(explanation.steps[0]?.evidence).toMatch(/^felony\? conviction level "/);
      }
      expect(explained).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('agrees with the determination on every conviction of a generated 100k-row extract', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clearance-explain-'));
    const input = path.join(dir, 'extract.csv');
    await writeFile(input, generateExtract({ county: 'SACRAMENTO', rows: 100_000, seed: 11 }));
    const { db } = await openDecidedSession(input, {
      county: 'SACRAMENTO',
      computeAt: '2020-07-01',
      options: DEFAULT_OPTIONS,
    });
    try {
      const steps = await allExplanationSteps(db);
      const decisions = await db.query<{
        row_idx: number;
        determination: string | null;
        reason: string | null;
        review_note: string | null;
      }>('SELECT row_idx, determination, reason, review_note FROM determinations');
      expect(decisions.length).toBeGreaterThan(1000);
      const outcomes = new Set<string>();
      for (const d of decisions) {
        const shown = stepsUntilDecided(steps.get(Number(d.row_idx)) ?? []);
        const last = shown.at(-1);
        const fired = last?.outcome === 'fires' ? last : undefined;
        expect([fired?.determination ?? null, fired?.reason ?? null]).toEqual([
          d.determination,
          d.reason,
        ]);
        // A rule that could not be applied before the decision is what flags it for review.
        expect(shown.some((s) => s.outcome === 'cannot tell')).toBe(d.review_note !== null);
        outcomes.add(fired?.ruleId ?? 'none');
      }
      // Not vacuous: the extract exercises several rules and convictions with no relief.
      expect(outcomes.size).toBeGreaterThan(4);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
