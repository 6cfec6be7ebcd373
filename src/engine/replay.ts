import { z } from 'zod';
import type { RulePack } from '../rules/prop64/pack';
import {
  OptionsError,
  parseEligibilityOptions,
  type EligibilityOptions,
} from '../rules/prop64/options';
import { MANIFEST_FORMAT } from './manifest';

/**
 * "Reproduce a run": everything a manifest.json must say for its run to be done again, and the
 * checks that the inputs and the rules are the very ones that run used. With both matching, the
 * CSVs come out byte for byte the same (the engine is deterministic; tests hold it to that).
 */
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
});

export interface ReplayPlan {
  county: string;
  computeAt: string;
  options: EligibilityOptions;
  skipBadRows: boolean;
  input: { name: string; size: number; sha256: string };
  rulePack: { id: string; version: string; files: { name: string; sha256: string }[] };
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
  return {
    county: m.county,
    computeAt: m.computeAt,
    options,
    skipBadRows: m.skipBadRows,
    input,
    rulePack: m.rulePack,
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
