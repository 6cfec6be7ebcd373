import { z } from '../zod-jitless';
import type { RulePack } from '../rules/prop64/pack';
import {
  OptionsError,
  parseEligibilityOptions,
  type EligibilityOptions,
} from '../rules/prop64/options';
import { OUTPUT_FILES } from './outputs';
import {
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_WITHOUT_HASHES,
  type Manifest,
  type ManifestOutput,
} from './manifest';

/**
 * "Reproduce a run": everything a manifest.json must say for its run to be done again, the
 * checks that the inputs and the rules are the very ones that run used, and the comparison of the
 * new run's files with the ones the manifest records. The engine is deterministic (tests hold it
 * to that), so the settings, input and rules of a true manifest give its files byte for byte; an
 * edited manifest (another policy, date, county, counts or hash) does not, and is called so.
 */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in hex');
const count = z.number().int().nonnegative();
// A run whose county has no Prop 64 convictions records its counts as null (SUM of no rows).
const countOrNull = count.nullable();
const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  rulePack: z.object({
    id: z.string(),
    version: z.string(),
    files: z.array(z.object({ name: z.string(), sha256: z.string() })),
  }),
  county: z.string().min(1),
  computeAt: z.iso.date(),
  options: z.unknown(),
  skipBadRows: z.boolean(),
  inputs: z.array(z.object({ name: z.string(), size: z.number(), sha256: z.string() })).length(1),
  determinations: z.object({
    dismissal: countOrNull,
    reduction: countOrNull,
    none: countOrNull,
    needsReview: countOrNull,
  }),
  outputs: z.array(z.object({ name: z.string().min(1), size: count, sha256: sha256Hex })),
  summaryResultsSha256: sha256Hex,
});

/** The files every run writes: a manifest that records no hash for one of them is incomplete. */
const ALWAYS_WRITTEN = [
  OUTPUT_FILES.allResults,
  OUTPUT_FILES.prop64Results,
  OUTPUT_FILES.condensed,
  OUTPUT_FILES.determinations,
  OUTPUT_FILES.summary,
];

export type DeterminationCounts = { [K in keyof Manifest['determinations']]: number | null };

export interface ReplayPlan {
  county: string;
  computeAt: string;
  options: EligibilityOptions;
  skipBadRows: boolean;
  input: { name: string; size: number; sha256: string };
  rulePack: { id: string; version: string; files: { name: string; sha256: string }[] };
  /** What the run wrote, and its counts: the replay must come out the same. */
  outputs: ManifestOutput[];
  summaryResultsSha256: string;
  determinations: DeterminationCounts;
}

export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** Reads a manifest.json's text; anything missing or malformed is named. */
export function parseReplayManifest(text: string): ReplayPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ReplayError('This is not a manifest.json: it is not valid JSON.');
  }
  // A manifest from before output hashes is refused rather than replayed unchecked: nothing in it
  // could show that the replay matches the run, and a "reproduced" nobody checked is what this
  // replaces. Its settings are all there for a plain `clearance run` to use instead.
  if (
    typeof json === 'object' &&
    json !== null &&
    (json as { format?: unknown }).format === MANIFEST_FORMAT_WITHOUT_HASHES
  ) {
    throw new ReplayError(
      `This manifest.json predates output hashes (${MANIFEST_FORMAT_WITHOUT_HASHES}): it records ` +
        'no SHA-256 of the files its run wrote, so a replay could not show that it reproduces ' +
        'them. Run again with the county, date and policy it names, and compare the files.',
    );
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ReplayError(
      `This is not a Clearance manifest.json (${issue?.path.join('.') || 'format'}: ${issue?.message}).`,
    );
  }
  const m = result.data;
  const [input] = m.inputs;
  if (!input) throw new ReplayError('The manifest names no input file.');
  let options: EligibilityOptions;
  try {
    options = parseEligibilityOptions(m.options);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    throw new ReplayError(`The manifest's options are not valid: ${error.problems.join('; ')}`);
  }
  const names = new Set<string>();
  for (const output of m.outputs) {
    if (names.has(output.name)) {
      throw new ReplayError(`The manifest lists ${output.name} twice among its outputs.`);
    }
    names.add(output.name);
  }
  const missing = ALWAYS_WRITTEN.find((name) => !names.has(name));
  if (missing) {
    throw new ReplayError(
      `The manifest records no SHA-256 for ${missing}, which every run writes: it is incomplete.`,
    );
  }
  return {
    county: m.county,
    computeAt: m.computeAt,
    options,
    skipBadRows: m.skipBadRows,
    input,
    rulePack: m.rulePack,
    outputs: m.outputs,
    summaryResultsSha256: m.summaryResultsSha256,
    determinations: m.determinations,
  };
}

/** Refuses, saying which file differs, unless this input and these rules are the run's own. */
export function checkReplay(
  plan: ReplayPlan,
  pack: RulePack,
  input: { name: string; sha256: string },
): void {
  if (input.sha256 !== plan.input.sha256) {
    throw new ReplayError(
      `${input.name} is not the file that run read: its SHA-256 is ${input.sha256}, the manifest's ` +
        `input ${plan.input.name} has ${plan.input.sha256}.`,
    );
  }
  const mine = new Map<string, string>(pack.files.map((f) => [f.name, f.sha256]));
  for (const file of plan.rulePack.files) {
    const sha = mine.get(file.name);
    if (sha === undefined) {
      throw new ReplayError(
        `The run used rule file ${file.name}, which this version of Clearance does not have.`,
      );
    }
    if (sha !== file.sha256) {
      throw new ReplayError(
        `Rule file ${file.name} differs from the one the run used (rule pack ${plan.rulePack.id} ` +
          `${plan.rulePack.version} then, ${pack.id} ${pack.version} here): the results could differ.`,
      );
    }
  }
  const theirs = new Set(plan.rulePack.files.map((f) => f.name));
  const extra = pack.files.find((f) => !theirs.has(f.name));
  if (extra) {
    throw new ReplayError(`Rule file ${extra.name} was not part of the run's rule pack.`);
  }
}

/**
 * Checks a manifest against the run's own files beside it, before anything is replayed: each file
 * there must be the one the manifest records (by SHA-256), and summary.json must name the same
 * county, date and counts. `found` holds the files that are there (a manifest copied on its own
 * has none, and the replay's comparison is then the only check).
 */
export function checkRunFolder(
  plan: ReplayPlan,
  found: ManifestOutput[],
  summary: unknown | undefined,
): void {
  for (const file of found) {
    const recorded = plan.outputs.find((o) => o.name === file.name);
    if (recorded && recorded.sha256 !== file.sha256) {
      throw new ReplayError(
        `${file.name} beside the manifest is not the file the manifest records: its SHA-256 is ` +
          `${file.sha256}, the manifest's ${recorded.sha256}. The file or the manifest was ` +
          'changed after the run.',
      );
    }
  }
  if (summary === undefined) return;
  const s = summary as Record<string, unknown>;
  const theirs: [string, unknown, unknown][] = [
    ['county', s.county, plan.county],
    ['date', s.computeAt, plan.computeAt],
    ['dismissal count', s.convictionDismissalCount, plan.determinations.dismissal],
    ['reduction count', s.convictionReductionCount, plan.determinations.reduction],
    ['no-relief count', s.convictionNoReliefCount, plan.determinations.none],
    ['needs-review count', s.needsReviewCount, plan.determinations.needsReview],
  ];
  const differ = theirs.filter(([, inSummary, inManifest]) => inSummary !== inManifest);
  if (differ.length > 0) {
    throw new ReplayError(
      `The manifest does not agree with its own summary.json: ` +
        differ
          .map(
            ([what, inSummary, inManifest]) =>
              `${what} ${show(inManifest)} in the manifest, ${show(inSummary)} in the summary`,
          )
          .join('; ') +
        '. It was edited after the run.',
    );
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** How a replay's files compare with the ones its manifest records. */
export interface ReplayComparison {
  /** Every file matched, and so did the counts. */
  identical: boolean;
  /** Files that matched, by SHA-256 (summary.json: by its results, not its processing time). */
  matching: string[];
  /** Each difference in a sentence that names the file (or the counts). */
  differences: string[];
}

/** Compares the new run's manifest with the plan's: "identical" only when every file matches. */
export function compareReplay(
  plan: ReplayPlan,
  replayed: Pick<Manifest, 'outputs' | 'summaryResultsSha256' | 'determinations'>,
): ReplayComparison {
  const matching: string[] = [];
  const differences: string[] = [];
  const names = [...new Set([...plan.outputs, ...replayed.outputs].map((o) => o.name))];
  for (const name of names) {
    const recorded = plan.outputs.find((o) => o.name === name);
    const made = replayed.outputs.find((o) => o.name === name);
    if (!made) differences.push(`${name}: the run wrote it, the replay did not`);
    else if (!recorded) differences.push(`${name}: the replay wrote it, the run did not`);
    else if (name === OUTPUT_FILES.summary) {
      if (plan.summaryResultsSha256 === replayed.summaryResultsSha256) matching.push(name);
      else differences.push(`${name}: its figures differ`);
    } else if (recorded.sha256 === made.sha256) matching.push(name);
    else differences.push(`${name}: SHA-256 ${made.sha256}, the manifest's ${recorded.sha256}`);
  }
  const counts = (d: DeterminationCounts) =>
    `${d.dismissal ?? 0} dismissal, ${d.reduction ?? 0} reduction, ${d.none ?? 0} no relief, ` +
    `${d.needsReview ?? 0} to review`;
  const keys = ['dismissal', 'reduction', 'none', 'needsReview'] as const;
  if (keys.some((k) => plan.determinations[k] !== replayed.determinations[k])) {
    differences.push(
      `the counts: ${counts(replayed.determinations)}; the manifest's ${counts(plan.determinations)}`,
    );
  }
  return { identical: differences.length === 0, matching, differences };
}

/** The plain-language verdict on a replay that did not match, for the CLI and the page alike. */
export function describeMismatch(inputName: string, comparison: ReplayComparison): string {
  return (
    `The replay of ${inputName} does not match its manifest.json: ` +
    `${comparison.differences.join('; ')}. The manifest was edited after its run, or its files ` +
    'came from another run: these results are not a reproduction of it.'
  );
}
