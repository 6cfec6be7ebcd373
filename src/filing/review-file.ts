import { z } from '../zod-jitless';

/**
 * The reviewing attorney's decisions, as a file on the user's own disk (`review.json`). One
 * decision per conviction, keyed by the conviction's `Input Line` in Determinations.csv and tied
 * to the input file by its SHA-256, so a review can only ever be applied to the run it was made
 * for. Nothing here is kept in the browser unless the user saves the file.
 */
export const REVIEW_FORMAT = 'clearance-review/1';

export const DECISIONS = ['grant', 'challenge', 'hold'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The grounds the office may give for a challenge (H&S 11361.8(b), 11361.9(c)). */
export const CHALLENGE_GROUNDS = [
  'Not eligible',
  'Unreasonable risk to public safety (H&S 11361.9)',
  'The record is wrong or incomplete',
  'Other',
] as const;

const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD' })
  // 2020-02-30 parses as 1 March: a real day is one that reads back as written.
  .refine(
    (text) => {
      const day = new Date(`${text}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
    },
    { error: 'must be a real calendar date' },
  );

export const reviewDecisionSchema = z
  .strictObject({
    line: z
      .number({ error: "must be the conviction's Input Line (a whole number)" })
      .int({ error: "must be the conviction's Input Line (a whole number)" })
      .positive({ error: "must be the conviction's Input Line (a whole number)" }),
    decision: z.enum(DECISIONS, { error: 'must be "grant", "challenge" or "hold"' }),
    ground: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
    note: z.string().max(2000, { error: 'must be at most 2,000 characters' }).optional(),
    decidedOn: isoDate,
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'challenge' && !d.ground?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['ground'], message: 'is needed for a challenge' });
    }
    if (d.decision === 'challenge' && d.ground === 'Other' && !d.note?.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'is needed when the ground is "Other"',
      });
    }
  });

export const reviewFileSchema = z
  .strictObject({
    format: z.literal(REVIEW_FORMAT).optional(),
    inputSha256: z
      .string({ error: "must be the input file's SHA-256 (64 hexadecimal digits)" })
      .regex(/^[0-9a-f]{64}$/, {
        error: "must be the input file's SHA-256 (64 hexadecimal digits)",
      }),
    ruleSet: z.string({ error: 'must name the rule set, e.g. "prop64 1.1.0"' }).min(1),
    decisions: z.array(reviewDecisionSchema, { error: 'must be a list of decisions' }),
  })
  // Checked once every decision is valid on its own (zod runs a refinement on valid data only).
  .superRefine((file, ctx) => {
    const seen = new Set<number>();
    file.decisions.forEach((d, i) => {
      if (seen.has(d.line)) {
        ctx.addIssue({
          code: 'custom',
          path: ['decisions', i, 'line'],
          message: 'appears twice: one decision per conviction',
        });
      }
      seen.add(d.line);
    });
  });

export type ReviewFile = z.infer<typeof reviewFileSchema>;
export type ReviewDecision = ReviewFile['decisions'][number];

/** A review file that cannot be used, with the reasons in plain words. */
export class ReviewFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 5);
    const more = problems.length > shown.length ? `\n- and ${problems.length - 5} more` : '';
    super(`${fileName} cannot be used:\n- ${shown.join('\n- ')}${more}`);
    this.name = 'ReviewFileError';
  }
}

function where(path: PropertyKey[], file: unknown): string {
  if (path[0] === 'decisions' && typeof path[1] === 'number') {
    const decisions = (file as { decisions?: { line?: unknown }[] }).decisions;
    const line = decisions?.[path[1]]?.line;
    const field = path.slice(2).join('.');
    const which =
      typeof line === 'number' ? `the decision for line ${line}` : `decision ${path[1] + 1}`;
    return field ? `${which}: "${field}"` : which;
  }
  return path.length ? `"${path.join('.')}"` : 'the file';
}

/** Reads and checks a review file's text; throws ReviewFileError naming the file and each problem. */
export function parseReviewFile(text: string, fileName: string): ReviewFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ReviewFileError(fileName, ['it is not a JSON file (was another file chosen?)']);
  }
  const parsed = reviewFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ReviewFileError(
      fileName,
      parsed.error.issues.map((issue) => `${where(issue.path, json)} ${issue.message}`),
    );
  }
  return parsed.data;
}

/** What a review must match: the run it is applied to. */
export interface ReviewTarget {
  inputSha256: string;
  inputName: string;
  ruleSet: string;
  /** The Input Line of every conviction with a determination in this run. */
  determinationLines: ReadonlySet<number>;
}

/** Refuses a review made for another input, another rule set, or naming a line that is not a determination. */
export function checkReviewAgainstRun(review: ReviewFile, run: ReviewTarget, fileName: string) {
  const problems: string[] = [];
  if (review.inputSha256 !== run.inputSha256) {
    problems.push(
      `it was made for another input file (its SHA-256 is not ${run.inputName}'s): load the file it was made for`,
    );
  }
  if (review.ruleSet !== run.ruleSet) {
    problems.push(`it was made with rule set "${review.ruleSet}", this run used "${run.ruleSet}"`);
  }
  if (problems.length === 0) {
    const stray = review.decisions.filter((d) => !run.determinationLines.has(d.line));
    for (const d of stray) {
      problems.push(`line ${d.line} is not a conviction with a determination in this run`);
    }
  }
  if (problems.length > 0) throw new ReviewFileError(fileName, problems);
}

/** The file as written: decisions in line order, two-space JSON, a final newline. */
export function reviewFileText(review: ReviewFile): string {
  const decisions = [...review.decisions]
    .sort((a, b) => a.line - b.line)
    .map((d) => ({
      line: d.line,
      decision: d.decision,
      ...(d.ground ? { ground: d.ground } : {}),
      ...(d.note ? { note: d.note } : {}),
      decidedOn: d.decidedOn,
    }));
  const file = {
    format: REVIEW_FORMAT,
    inputSha256: review.inputSha256,
    ruleSet: review.ruleSet,
    decisions,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
