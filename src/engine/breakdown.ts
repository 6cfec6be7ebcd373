import type { Database } from './database';

export interface SectionRow {
  section: string;
  convictions: number;
  dismissed: number;
  reduced: number;
  noRelief: number;
}

export interface ReasonRow {
  ruleId: string;
  determination: string;
  reason: string;
  convictions: number;
}

/** Convictions in the review that carry each flag a reviewing attorney should look at. */
export interface FlagCounts {
  superstrike: number;
  pc290: number;
  possibleOtherProp64: number;
  needsReview: number;
}

export interface Breakdown {
  bySection: SectionRow[];
  byReason: ReasonRow[];
  flags: FlagCounts;
}

/** The results screen's tables, from the rule pack's summary views. */
export async function readBreakdown(db: Database): Promise<Breakdown> {
  const bySection = await db.query<{
    section: string;
    convictions: number;
    dismissed: number;
    reduced: number;
    no_relief: number;
  }>('SELECT * FROM summary_by_section ORDER BY section');
  const byReason = await db.query<{
    rule_id: string;
    determination: string;
    reason: string;
    convictions: number;
  }>('SELECT * FROM summary_by_rule ORDER BY rule_id, reason');
  const [flags] = await db.query<{
    superstrike: number;
    pc290: number;
    possible_other_p64: number;
    needs_review: number;
  }>(
    `SELECT
       count_if(is_relevant AND "Superstrike Code Section(s)" NOT IN ('', '-'))::BIGINT AS superstrike,
       count_if(is_relevant AND ("PC290 Code Section(s)" NOT IN ('', '-')
         OR "PC290 Registration" = 'Yes'))::BIGINT AS pc290,
       count_if(coalesce("Possible Other P64 Charges", '') <> '')::BIGINT AS possible_other_p64,
       (SELECT count_if(review_note IS NOT NULL) FROM determinations)::BIGINT AS needs_review
     FROM result_cells`,
  );
  return {
    flags: {
      superstrike: Number(flags?.superstrike ?? 0),
      pc290: Number(flags?.pc290 ?? 0),
      possibleOtherProp64: Number(flags?.possible_other_p64 ?? 0),
      needsReview: Number(flags?.needs_review ?? 0),
    },
    bySection: bySection.map((r) => ({
      section: r.section,
      convictions: r.convictions,
      dismissed: r.dismissed,
      reduced: r.reduced,
      noRelief: r.no_relief,
    })),
    byReason: byReason.map((r) => ({
      ruleId: r.rule_id,
      determination: r.determination,
      reason: r.reason,
      convictions: r.convictions,
    })),
  };
}
