import type { Decision } from '../../workers/engine.worker';
import { PROP64_SECTIONS } from '../rules/prop64/options';

/** One line of the comparison table: a figure under each policy, and where it differs. */
export interface ComparisonRow {
  group: string;
  label: string;
  values: number[];
  /** values[i] - values[0]: the change against the first (current) policy. */
  deltas: number[];
}

function row(group: string, label: string, values: number[]): ComparisonRow {
  const base = values[0] ?? 0;
  return { group, label, values, deltas: values.map((v) => v - base) };
}

/** The figures that tell policies apart: people relieved, dismissals against reductions, sections. */
export function comparisonRows(decisions: readonly Decision[]): ComparisonRow[] {
  const pick = (f: (d: Decision) => number) => decisions.map(f);
  const rows = [
    row(
      'People',
      'would no longer have a felony',
      pick((d) => d.summary.reliefWithCurrentEligibilityChoices.CountSubjectsNoFelony),
    ),
    row(
      'People',
      'would no longer have any conviction',
      pick((d) => d.summary.reliefWithCurrentEligibilityChoices.CountSubjectsNoConviction),
    ),
    row(
      'People',
      'no conviction in the last 7 years',
      pick(
        (d) => d.summary.reliefWithCurrentEligibilityChoices.CountSubjectsNoConvictionLast7Years,
      ),
    ),
    row(
      'People',
      'with some relief',
      pick((d) => d.summary.subjectsWithSomeReliefCount),
    ),
    row(
      'Convictions',
      'dismissed',
      pick((d) => d.summary.convictionDismissalCount),
    ),
    row(
      'Convictions',
      'reduced',
      pick((d) => d.summary.convictionReductionCount),
    ),
    row(
      'Convictions',
      'no relief',
      pick((d) => d.summary.convictionNoReliefCount),
    ),
  ];
  for (const section of PROP64_SECTIONS) {
    const of = (d: Decision) => d.breakdown.bySection.find((s) => s.section === section);
    rows.push(
      row(
        `HS ${section}`,
        'dismissed',
        pick((d) => of(d)?.dismissed ?? 0),
      ),
    );
    rows.push(
      row(
        `HS ${section}`,
        'reduced',
        pick((d) => of(d)?.reduced ?? 0),
      ),
    );
  }
  return rows;
}

/** "+12", "−3", "" for no change: the sign a reader scans for. */
export function formatDelta(delta: number): string {
  if (delta === 0) return '';
  return delta > 0 ? `+${delta.toLocaleString()}` : `\u2212${Math.abs(delta).toLocaleString()}`;
}
