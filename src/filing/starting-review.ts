import type { ReviewDecision, ReviewFile } from './review-file';

/** The ground a conviction the county's policy gives no relief is challenged on by default. */
export const NO_RELIEF_GROUND = 'Not eligible';
export const NO_RELIEF_NOTE = "The county's policy gives this conviction no relief.";

/** One conviction of Determinations.csv, as far as the starting decision needs it. */
export interface DeterminationLine {
  line: number;
  determination: string;
  holdReasons: string;
}

/**
 * The decision a conviction gets before the attorney says anything: the same choice as
 * src/rules/prop64/50_filing.sql makes for a conviction with no review decision (a test holds the
 * two to each other). Held: hold. Eligible: grant. No relief under the policy: challenge, since a
 * conviction the prosecution does not challenge is dismissed or reduced by the court (H&S 11361.9).
 */
export function defaultDecision(d: DeterminationLine): Pick<ReviewDecision, 'decision' | 'ground'> {
  if (d.holdReasons.trim() !== '') return { decision: 'hold' };
  if (d.determination.trim() !== '') return { decision: 'grant' };
  return { decision: 'challenge', ground: NO_RELIEF_GROUND };
}

/** A review file with every conviction at its default, for an office that edits it by hand. */
export function startingReview(
  lines: readonly DeterminationLine[],
  run: { inputSha256: string; ruleSet: string },
  decidedOn: string,
): ReviewFile {
  return {
    inputSha256: run.inputSha256,
    ruleSet: run.ruleSet,
    decisions: lines.map((d) => {
      const choice = defaultDecision(d);
      return {
        line: d.line,
        ...choice,
        ...(choice.ground === NO_RELIEF_GROUND ? { note: NO_RELIEF_NOTE } : {}),
        decidedOn,
      };
    }),
  };
}
