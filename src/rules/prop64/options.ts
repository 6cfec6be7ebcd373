import { z } from '../../zod-jitless';

/**
 * The county's policy choices (shared/spec/prop64-rules.md, "Inputs"). The same schema validates
 * the CLI's --eligibility-options file and the browser's policy screen, and the field names are the
 * JSON the earlier desktop tooling read, so counties can keep their existing files.
 */
export const PROP64_SECTIONS = ['11357', '11358', '11359', '11360'] as const;
export type Prop64Section = (typeof PROP64_SECTIONS)[number];

const section = z.enum(PROP64_SECTIONS, {
  error: (issue) =>
    `must be one of ${PROP64_SECTIONS.join(', ')} (got ${JSON.stringify(issue.input)})`,
});

/** 0 switches a threshold off; otherwise it must lie in [min, max]. */
const threshold = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number: 0 (off) or ${min}-${max}` })
    .int({ error: `must be a whole number: 0 (off) or ${min}-${max}` })
    .refine((n) => n === 0 || (n >= min && n <= max), {
      error: (issue) => `must be 0 (off) or between ${min} and ${max} (got ${String(issue.input)})`,
    })
    .default(0);

const flag = z.boolean({ error: 'must be true or false' }).default(false);

export const THRESHOLD_RANGES = {
  subjectAgeThreshold: { min: 40, max: 65 },
  yearsSinceConvictionThreshold: { min: 1, max: 15 },
  yearsCrimeFreeThreshold: { min: 1, max: 15 },
} as const;

export const eligibilityOptionsSchema = z
  .strictObject({
    baselineEligibility: z
      .strictObject({
        dismiss: z.array(section, { error: 'must be a list of sections' }).default([]),
        reduce: z.array(section, { error: 'must be a list of sections' }).default([]),
      })
      .prefault({}),
    additionalRelief: z
      .strictObject({
        subjectUnder21AtConviction: flag,
        subjectAgeThreshold: threshold(40, 65),
        yearsSinceConvictionThreshold: threshold(1, 15),
        yearsCrimeFreeThreshold: threshold(1, 15),
        subjectIsDeceased: flag,
        subjectHasOnlyProp64Charges: flag,
      })
      .prefault({}),
  })
  .superRefine((opts, ctx) => {
    const seen = new Map<string, string>();
    for (const list of ['dismiss', 'reduce'] as const) {
      opts.baselineEligibility[list].forEach((s, i) => {
        const first = seen.get(s);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['baselineEligibility', list, i],
            message: `section ${s} is listed more than once (already in ${first}); each of 11357-11360 may appear at most once across dismiss and reduce`,
          });
        } else {
          seen.set(s, list);
        }
      });
    }
  });

export type EligibilityOptions = z.output<typeof eligibilityOptionsSchema>;
export type EligibilityOptionsInput = z.input<typeof eligibilityOptionsSchema>;

/** The earlier desktop tooling's defaults, also the sample the README shows. */
export const DEFAULT_OPTIONS: EligibilityOptions = {
  baselineEligibility: { dismiss: ['11357', '11358'], reduce: ['11359', '11360'] },
  additionalRelief: {
    subjectUnder21AtConviction: true,
    subjectAgeThreshold: 57,
    yearsSinceConvictionThreshold: 10,
    yearsCrimeFreeThreshold: 0,
    subjectIsDeceased: true,
    subjectHasOnlyProp64Charges: true,
  },
};

export class OptionsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The eligibility options are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'OptionsError';
  }
}

/** Validate untrusted JSON; every problem names the field, e.g. `additionalRelief.subjectAgeThreshold`. */
export function parseEligibilityOptions(input: unknown): EligibilityOptions {
  const result = eligibilityOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new OptionsError(
    result.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : 'the options';
      if (issue.code === 'unrecognized_keys') {
        return `${field === 'the options' ? 'top level' : field}: unknown field(s) ${issue.keys.join(', ')}`;
      }
      return `${field}: ${issue.message}`;
    }),
  );
}
