import type { Database } from './database';

/**
 * Why a conviction got its determination: the rule pack's own rule views (rule_outcomes, the
 * table 20_decide.sql decides from) read back for one conviction, in the order the rules are
 * tried. Nothing is re-implemented here, so the explanation cannot drift from the decision.
 */
export interface ExplanationStep {
  order: number;
  ruleId: string;
  /** The values the rule tested and what it concluded, written by the rule's SQL. */
  evidence: string;
  outcome: 'fires' | 'does not fire' | 'cannot tell';
  /** What the rule gives when it fires. */
  determination: string;
  reason: string;
  /** The field whose unknown value stopped the rule from being applied. */
  missing: string | null;
}

export interface Explanation {
  rowIdx: number;
  inputLine: string;
  steps: ExplanationStep[];
  /** The first rule that fired (it decides), or null: no relief. */
  decidedBy: string | null;
  determination: string;
  reason: string;
  reviewNote: string;
}

type StepRecord = {
  row_idx: number;
  rule_order: number;
  rule_id: string;
  evidence: string | null;
  fires: boolean | null;
  determination: string;
  reason: string;
  missing: string | null;
};

const STEPS_SQL = `SELECT row_idx, rule_order, rule_id, evidence, fires, determination, reason, missing
  FROM rule_outcomes`;

function toStep(r: StepRecord): ExplanationStep {
  return {
    order: Number(r.rule_order),
    ruleId: r.rule_id,
    evidence: r.evidence ?? '',
    outcome: r.fires === null ? 'cannot tell' : r.fires ? 'fires' : 'does not fire',
    determination: r.determination,
    reason: r.reason,
    missing: r.missing,
  };
}

/** The steps as they are tried; the explanation stops at the first rule that fires. */
export function stepsUntilDecided(all: ExplanationStep[]): ExplanationStep[] {
  const sorted = [...all].sort((a, b) => a.order - b.order);
  const decided = sorted.findIndex((s) => s.outcome === 'fires');
  return decided === -1 ? sorted : sorted.slice(0, decided + 1);
}

export async function explainConviction(db: Database, rowIdx: number): Promise<Explanation | null> {
  const [decision] = await db.query<{
    input_line: string;
    determination: string | null;
    reason: string | null;
    rule_id: string | null;
    review_note: string | null;
  }>(
    `SELECT dr."Input Line" AS input_line, d.determination, d.reason, d.rule_id, d.review_note
     FROM determinations d JOIN determination_report dr USING (row_idx) WHERE d.row_idx = ?`,
    [rowIdx],
  );
  if (!decision) return null;
  const steps = await db.query<StepRecord>(`${STEPS_SQL} WHERE row_idx = ? ORDER BY rule_order`, [
    rowIdx,
  ]);
  return {
    rowIdx,
    inputLine: decision.input_line,
    steps: stepsUntilDecided(steps.map(toStep)),
    decidedBy: decision.rule_id,
    determination: decision.determination ?? 'No relief',
    reason: decision.reason ?? '',
    reviewNote: decision.review_note ?? '',
  };
}

/** Every conviction's steps at once (for checks over a whole extract), keyed by row. */
export async function allExplanationSteps(db: Database): Promise<Map<number, ExplanationStep[]>> {
  const rows = await db.query<StepRecord>(`${STEPS_SQL} ORDER BY row_idx, rule_order`);
  const byRow = new Map<number, ExplanationStep[]>();
  for (const r of rows) {
    const list = byRow.get(Number(r.row_idx)) ?? [];
    list.push(toStep(r));
    byRow.set(Number(r.row_idx), list);
  }
  return byRow;
}
