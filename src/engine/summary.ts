import { PROP64_SECTIONS, type EligibilityOptions } from '../rules/prop64/options';
import type { Database } from './database';

export interface ReliefCounts {
  CountSubjectsNoFelony: number;
  CountSubjectsNoConviction: number;
  CountSubjectsNoConvictionLast7Years: number;
}

/** summary.json. The first keys are the earlier tooling's, unchanged, so existing reports keep working. */
export interface Summary {
  county: string;
  earliestConviction: string | null;
  lineCount: number;
  processingTimeInSeconds: number;
  prop64ConvictionsCountInCountyByCodeSection: Record<string, number>;
  prop64FelonyConvictionsCountInCounty: number;
  prop64NonFelonyConvictionsCountInCounty: number;
  subjectsWithProp64ConvictionCountInCounty: number;
  subjectsWithSomeReliefCount: number;
  convictionDismissalCountByCodeSection: Record<string, number>;
  convictionReductionCountByCodeSection: Record<string, number>;
  convictionDismissalCountByAdditionalRelief: Record<string, number>;
  reliefWithCurrentEligibilityChoices: ReliefCounts;
  reliefWithDismissAllProp64: ReliefCounts;
  // Added by Clearance.
  reliefWithDismissAllProp64AndRelatedCharges: ReliefCounts;
  computeAt: string;
  prop64ConvictionsCountInCounty: number;
  convictionDismissalCount: number;
  convictionReductionCount: number;
  convictionNoReliefCount: number;
  needsReviewCount: number;
  /** Convictions dated after computeAt: their dates cannot be right and are read as unknown. */
  prop64ConvictionsDatedAfterComputeAtCount: number;
  /** computeAt is before every (usable) conviction date in the county: see reviewDateWarnings. */
  computeAtBeforeEveryConviction: boolean;
  rejectedRowCount: number;
  ruleSet: string;
}

interface Totals {
  line_count: number;
  earliest_conviction: string | null;
  prop64_convictions: number;
  prop64_felony: number;
  prop64_non_felony: number;
  subjects_with_prop64: number;
  subjects_with_relief: number;
  dismissals: number;
  reductions: number;
  no_relief: number;
  needs_review: number;
  dated_after_review: number;
  review_date_before_every_conviction: boolean;
}

/** Reads the summary views of the rule pack (40_summary.sql) into summary.json's shape. */
export async function readSummary(
  db: Database,
  context: {
    county: string;
    computeAt: string;
    options: EligibilityOptions;
    processingTimeInSeconds: number;
    rejectedRowCount: number;
    ruleSet: string;
  },
): Promise<Summary> {
  const [totals] = await db.query<Totals & Record<string, unknown>>('SELECT * FROM summary_totals');
  if (!totals) throw new Error('summary_totals returned no row');
  const bySection = await db.query<{ section: string; convictions: number }>(
    'SELECT section, convictions FROM summary_by_section ORDER BY section',
  );
  const byRule = await db.query<{ rule_id: string; reason: string; convictions: number }>(
    'SELECT rule_id, reason, convictions FROM summary_by_rule ORDER BY rule_id, reason',
  );
  const impact = await db.query<{
    policy: string;
    no_felony: number;
    no_conviction: number;
    no_conviction_last_7_years: number;
  }>('SELECT * FROM summary_impact');

  const relief = (policy: string): ReliefCounts => {
    const row = impact.find((r) => r.policy === policy);
    return {
      CountSubjectsNoFelony: row?.no_felony ?? 0,
      CountSubjectsNoConviction: row?.no_conviction ?? 0,
      CountSubjectsNoConvictionLast7Years: row?.no_conviction_last_7_years ?? 0,
    };
  };
  // Every listed section gets a key, zero included, so a report can tell "none" from "not asked".
  const countForReason = (ruleId: string, section: string, verb: string) =>
    byRule.find((r) => r.rule_id === ruleId && r.reason === `${verb} all HS ${section} convictions`)
      ?.convictions ?? 0;
  const additional: Record<string, number> = {};
  for (const row of byRule) {
    if (row.rule_id !== 'P64-R02' && row.rule_id !== 'P64-R09' && row.rule_id !== 'P64-R01') {
      additional[row.reason] = (additional[row.reason] ?? 0) + row.convictions;
    }
  }
  const sectionCounts: Record<string, number> = {};
  for (const section of PROP64_SECTIONS) {
    const n = bySection.find((r) => r.section === section)?.convictions ?? 0;
    if (n > 0) sectionCounts[section] = n;
  }

  return {
    county: context.county,
    earliestConviction: totals.earliest_conviction
      ? `${totals.earliest_conviction}T00:00:00Z`
      : null,
    lineCount: totals.line_count,
    processingTimeInSeconds: context.processingTimeInSeconds,
    prop64ConvictionsCountInCountyByCodeSection: sectionCounts,
    prop64FelonyConvictionsCountInCounty: totals.prop64_felony,
    prop64NonFelonyConvictionsCountInCounty: totals.prop64_non_felony,
    subjectsWithProp64ConvictionCountInCounty: totals.subjects_with_prop64,
    subjectsWithSomeReliefCount: totals.subjects_with_relief,
    convictionDismissalCountByCodeSection: Object.fromEntries(
      context.options.baselineEligibility.dismiss.map((s) => [
        s,
        countForReason('P64-R02', s, 'Dismiss'),
      ]),
    ),
    convictionReductionCountByCodeSection: Object.fromEntries(
      context.options.baselineEligibility.reduce.map((s) => [
        s,
        countForReason('P64-R09', s, 'Reduce'),
      ]),
    ),
    convictionDismissalCountByAdditionalRelief: additional,
    reliefWithCurrentEligibilityChoices: relief('current'),
    reliefWithDismissAllProp64: relief('dismiss_all_prop64'),
    reliefWithDismissAllProp64AndRelatedCharges: relief('dismiss_all_prop64_and_related'),
    computeAt: context.computeAt,
    prop64ConvictionsCountInCounty: totals.prop64_convictions,
    convictionDismissalCount: totals.dismissals,
    convictionReductionCount: totals.reductions,
    convictionNoReliefCount: totals.no_relief,
    needsReviewCount: totals.needs_review,
    prop64ConvictionsDatedAfterComputeAtCount: totals.dated_after_review,
    computeAtBeforeEveryConviction: totals.review_date_before_every_conviction,
    rejectedRowCount: context.rejectedRowCount,
    ruleSet: context.ruleSet,
  };
}

/**
 * Warnings about the run's figures that do not stop it, in words for the person running it: the
 * CLI prints them (naming --compute-at), the browser shows them with the results.
 */
export function reviewDateWarnings(
  summary: Pick<
    Summary,
    | 'county'
    | 'computeAt'
    | 'computeAtBeforeEveryConviction'
    | 'prop64ConvictionsDatedAfterComputeAtCount'
  >,
  dateName = 'the review date',
): string[] {
  if (!summary.computeAtBeforeEveryConviction) return [];
  const n = summary.prop64ConvictionsDatedAfterComputeAtCount;
  return [
    `${capitalise(dateName)} ${summary.computeAt} is before every Prop 64 conviction date in ` +
      `${summary.county}: ${n} conviction${n === 1 ? ' is' : 's are'} dated after it. A conviction ` +
      `cannot come after its review, so those dates are treated as unknown and no rule that needs ` +
      `a date applied. Check ${dateName}.`,
  ];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
