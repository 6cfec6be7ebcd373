import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../workers/engine.worker';
import { readBreakdown } from '../../src/engine/breakdown';
import { readSummary } from '../../src/engine/summary';
import { DEFAULT_OPTIONS } from '../../src/rules/prop64/options';
import { comparisonRows, formatDelta } from '../../src/ui/comparison';
import { PRESETS } from '../../src/ui/policy';
import { FIXTURES } from '../helpers/run-engine';
import { openDecidedSession } from '../helpers/open-session';

const POLICY = { county: 'SACRAMENTO', computeAt: '2019-11-11' };

describe('policy comparison', () => {
  it('puts each policy side by side on the same data, with changes against the first', async () => {
    const dismissAll = PRESETS.find((p) => p.id === 'dismiss-all')?.options;
    if (!dismissAll) throw new Error('no "Dismiss all" preset');
    const { db, session } = await openDecidedSession(
      path.join(FIXTURES, 'sacramento-handmade.input.csv'),
      { ...POLICY, options: DEFAULT_OPTIONS },
    );
    try {
      const decisions: Decision[] = [];
      for (const options of [DEFAULT_OPTIONS, dismissAll]) {
        await session.decide({ ...POLICY, options });
        const summary = await readSummary(db, {
          ...POLICY,
          options,
          processingTimeInSeconds: 0,
          rejectedRowCount: 0,
          ruleSet: 'test',
        });
        decisions.push({ summary, breakdown: await readBreakdown(db) });
      }
      const rows = comparisonRows(decisions);
      const dismissed = rows.find((r) => r.group === 'Convictions' && r.label === 'dismissed');
      const total = decisions[1]?.summary.prop64ConvictionsCountInCounty;
      // "Dismiss all" dismisses every Prop 64 conviction in the county.
      expect(dismissed?.values[1]).toBe(total);
      expect(dismissed?.deltas[1]).toBe((total ?? 0) - (dismissed?.values[0] ?? 0));
      expect(dismissed?.deltas[0]).toBe(0);
      const reduced = rows.find((r) => r.group === 'Convictions' && r.label === 'reduced');
      expect(reduced?.values[1]).toBe(0);
      // Per section, dismissed + reduced never exceed the section's convictions.
      for (const d of decisions) {
        for (const s of d.breakdown.bySection) {
          expect(s.dismissed + s.reduced + s.noRelief).toBe(s.convictions);
        }
      }
    } finally {
      await db.close();
    }
  });

  it('writes changes with a sign and nothing for no change', () => {
    expect(formatDelta(12)).toBe('+12');
    expect(formatDelta(-3)).toBe('\u22123');
    expect(formatDelta(0)).toBe('');
  });
});
