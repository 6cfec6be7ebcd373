import {
  DEFAULT_OPTIONS,
  OptionsError,
  PROP64_SECTIONS,
  THRESHOLD_RANGES,
  parseEligibilityOptions,
  type EligibilityOptions,
  type Prop64Section,
} from '../rules/prop64/options';

/**
 * The policy screen's logic, kept out of the component so it can be tested without a browser.
 * Validation always goes through parseEligibilityOptions: the CLI and the browser must accept and
 * reject exactly the same files.
 */

export type SectionChoice = 'dismiss' | 'reduce' | 'none';
export type ReliefField = keyof EligibilityOptions['additionalRelief'];
export type ThresholdField = keyof typeof THRESHOLD_RANGES;
export type FlagField = Exclude<ReliefField, ThresholdField>;

export type PolicyResult =
  { ok: true; options: EligibilityOptions } | { ok: false; problems: string[] };

export interface Preset {
  id: string;
  label: string;
  description: string;
  options: EligibilityOptions;
}

const NO_ADDITIONAL_RELIEF: EligibilityOptions['additionalRelief'] = {
  subjectUnder21AtConviction: false,
  subjectAgeThreshold: 0,
  yearsSinceConvictionThreshold: 0,
  yearsCrimeFreeThreshold: 0,
  subjectIsDeceased: false,
  subjectHasOnlyProp64Charges: false,
};

export const PRESETS: readonly Preset[] = [
  {
    id: 'dismiss-all',
    label: 'Dismiss all',
    description: 'Every conviction under 11357-11360 is eligible for dismissal.',
    options: {
      baselineEligibility: { dismiss: [...PROP64_SECTIONS], reduce: [] },
      additionalRelief: NO_ADDITIONAL_RELIEF,
    },
  },
  {
    id: 'desktop-defaults',
    label: "The earlier desktop tool's defaults",
    description:
      'Dismiss 11357-11358, reduce 11359-11360, and dismiss anyway for: under 21, age 57+, convicted 10+ years ago, only cannabis convictions, deceased.',
    options: DEFAULT_OPTIONS,
  },
];

/**
 * Exact comparison, list order included: rule 2 names the first listed section a charge contains,
 * so two files listing the same sections in another order are not quite the same policy.
 */
export function matchingPreset(options: EligibilityOptions): string | undefined {
  return PRESETS.find((p) => policyToJson(p.options) === policyToJson(options))?.id;
}

export const SECTIONS: readonly { section: Prop64Section; description: string }[] = [
  { section: '11357', description: 'possession' },
  { section: '11358', description: 'cultivation' },
  { section: '11359', description: 'possession for sale' },
  { section: '11360', description: 'transport or sale' },
];

export const SECTION_CHOICES: readonly { value: SectionChoice; label: string }[] = [
  { value: 'dismiss', label: 'Dismiss' },
  { value: 'reduce', label: 'Reduce to misdemeanor' },
  // Not "no relief": the additional grounds below can still dismiss such a felony.
  { value: 'none', label: 'Neither' },
];

export function sectionChoice(options: EligibilityOptions, section: Prop64Section): SectionChoice {
  const { dismiss, reduce } = options.baselineEligibility;
  if (dismiss.includes(section)) return 'dismiss';
  if (reduce.includes(section)) return 'reduce';
  return 'none';
}

/**
 * Moves a section to another list. Other entries keep their order (it matters, see matchingPreset);
 * the moved section goes before the first entry that sorts after it, so a list in 11357-11360 order
 * stays in that order and picking a preset's choices by hand reproduces the preset.
 */
export function withSectionChoice(
  options: EligibilityOptions,
  section: Prop64Section,
  choice: SectionChoice,
): EligibilityOptions {
  const without = (list: Prop64Section[]) => list.filter((s) => s !== section);
  const insert = (list: Prop64Section[]) => {
    const at = list.findIndex((s) => s > section);
    return at === -1 ? [...list, section] : [...list.slice(0, at), section, ...list.slice(at)];
  };
  const dismiss = without(options.baselineEligibility.dismiss);
  const reduce = without(options.baselineEligibility.reduce);
  return {
    ...options,
    baselineEligibility: {
      dismiss: choice === 'dismiss' ? insert(dismiss) : dismiss,
      reduce: choice === 'reduce' ? insert(reduce) : reduce,
    },
  };
}

export type ReliefHelp =
  | { field: FlagField; kind: 'flag'; label: string; help: string }
  | {
      field: ThresholdField;
      kind: 'threshold';
      label: string;
      /** Shown after the box: "years", "years ago". */
      unit: string;
      help: string;
      min: number;
      max: number;
      /** "0 = off, or 40-65" */
      range: string;
    };

const threshold = (
  field: ThresholdField,
  label: string,
  unit: string,
  help: string,
): ReliefHelp => {
  const { min, max } = THRESHOLD_RANGES[field];
  return {
    field,
    kind: 'threshold',
    label,
    unit,
    help,
    min,
    max,
    range: `0 = off, or ${min}-${max}`,
  };
};

/** In the order the rules are tried (prop64-rules.md, rules 3-8), which is also the file's order. */
export const RELIEF_HELP: readonly ReliefHelp[] = [
  {
    field: 'subjectUnder21AtConviction',
    kind: 'flag',
    label: 'Under 21 when convicted',
    help: 'Dismiss when the person was younger than 21 on the date of the conviction (their 21st birthday came after it). The results name this reason "21 years or younger", as the earlier desktop tool did.',
  },
  threshold(
    'subjectAgeThreshold',
    "Person's age is at least",
    'years',
    'Dismiss when the person has reached this age by the "Decide as of" date.',
  ),
  threshold(
    'yearsSinceConvictionThreshold',
    'Conviction happened at least',
    'years ago',
    'Dismiss when this conviction happened at least this many years before the "Decide as of" date.',
  ),
  threshold(
    'yearsCrimeFreeThreshold',
    'No convictions in the last',
    'years',
    'Dismiss when the person has no conviction of any kind, in any county, in this many years before the "Decide as of" date.',
  ),
  {
    field: 'subjectHasOnlyProp64Charges',
    kind: 'flag',
    label: 'Only cannabis convictions',
    help: "Dismiss when every conviction on the person's record, in any county, is under 11357-11360.",
  },
  {
    field: 'subjectIsDeceased',
    kind: 'flag',
    label: 'Person has died',
    help: "Dismiss when the DOJ record shows the person's death.",
  },
];

const LABELS = new Map(RELIEF_HELP.map((h) => [`additionalRelief.${h.field}`, h.label]));

/** Puts the on-screen label in front of the field name, so both the paralegal and IT can find it. */
function labelled(problem: string): string {
  const field = problem.slice(0, problem.indexOf(':'));
  const label = LABELS.get(field);
  return label === undefined ? problem : `${label} (${field})${problem.slice(field.length)}`;
}

export function validatePolicy(input: unknown): PolicyResult {
  try {
    return { ok: true, options: parseEligibilityOptions(input) };
  } catch (error) {
    if (error instanceof OptionsError) return { ok: false, problems: error.problems.map(labelled) };
    throw error;
  }
}

/**
 * A threshold as typed into its box ('' when the box is empty or not a number). Checked by the
 * shared schema; the message is the plain one shown under the box.
 */
export function withThresholdText(
  options: EligibilityOptions,
  field: ThresholdField,
  text: string,
): PolicyResult {
  const value = text.trim() === '' ? NaN : Number(text);
  const result = validatePolicy({
    ...options,
    additionalRelief: { ...options.additionalRelief, [field]: value },
  });
  if (result.ok) return result;
  const { min, max } = THRESHOLD_RANGES[field];
  return {
    ok: false,
    problems: [`Enter 0 to switch this off, or a whole number from ${min} to ${max}.`],
  };
}

/** The CLI's --eligibility-options file: the same keys, in the order the spec shows them. */
export function policyToJson(options: EligibilityOptions): string {
  const { dismiss, reduce } = options.baselineEligibility;
  const relief = options.additionalRelief;
  const file = {
    baselineEligibility: { dismiss, reduce },
    additionalRelief: {
      subjectUnder21AtConviction: relief.subjectUnder21AtConviction,
      subjectAgeThreshold: relief.subjectAgeThreshold,
      yearsSinceConvictionThreshold: relief.yearsSinceConvictionThreshold,
      yearsCrimeFreeThreshold: relief.yearsCrimeFreeThreshold,
      subjectIsDeceased: relief.subjectIsDeceased,
      subjectHasOnlyProp64Charges: relief.subjectHasOnlyProp64Charges,
    },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const NOT_A_POLICY = 'This is not a policy file:';

export function policyFromJsonText(text: string): PolicyResult {
  // Notepad and Excel save UTF-8 with a byte-order mark, which JSON.parse refuses.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, problems: [`${NOT_A_POLICY} it is empty.`] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return { ok: false, problems: [`${NOT_A_POLICY} it is not written in JSON${detail}.`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      problems: [
        `${NOT_A_POLICY} it holds ${Array.isArray(json) ? 'a list' : 'a single value'}, not a policy's settings.`,
      ],
    };
  }
  return validatePolicy(json);
}

/** A policy file is well under 1 KB; refusing big files spares the tab from reading a wrong pick. */
const MAX_POLICY_BYTES = 64 * 1024;

export async function policyFromFile(file: Blob): Promise<PolicyResult> {
  if (file.size > MAX_POLICY_BYTES) {
    return { ok: false, problems: [`${NOT_A_POLICY} it is far too large for one.`] };
  }
  return policyFromJsonText(await file.text());
}

/** The "Decide as of" box: a real calendar date, YYYY-MM-DD, or a message saying what is wrong. */
export function computeAtProblem(text: string): string | undefined {
  const match = /^\d{4}-\d{2}-\d{2}$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    return 'Enter a complete date (month, day and year).';
  }
  return undefined;
}
