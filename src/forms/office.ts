import { z } from '../zod-jitless';

/**
 * The filing office's details printed on every motion (issue: court-ready forms). The same schema
 * checks the CLI's --office file and the browser's settings screen; keys are the CLI file's.
 */
const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` });

export const officeSettingsSchema = z.strictObject({
  officeName: text('Office name', 120),
  address: text('Address', 300),
  attorneyName: text('Attorney name', 120),
  barNumber: z
    .string({ error: 'State Bar number must be text' })
    .trim()
    .regex(/^\d{1,7}$/, { error: 'State Bar number must be 1 to 7 digits' }),
  phone: text('Phone', 40),
  email: z.email({ error: 'Email must be an email address' }),
  /** Defaults to "Superior Court of California, County of <County>". */
  courtName: text('Court name', 160).optional(),
  /** yyyy-mm-dd; blank leaves the date line for the clerk. */
  filingDate: z.iso.date({ error: 'Filing date must be a date written yyyy-mm-dd' }).optional(),
});

export type OfficeSettings = z.output<typeof officeSettingsSchema>;

export class OfficeSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The office settings are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'OfficeSettingsError';
  }
}

export function parseOfficeSettings(input: unknown): OfficeSettings {
  const result = officeSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new OfficeSettingsError(
    result.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.join(', ')}`
        : `${issue.path.join('.') || 'the settings'}: ${issue.message}`,
    ),
  );
}

/** "SAN LUIS OBISPO" -> "Superior Court of California, County of San Luis Obispo". */
export function defaultCourtName(county: string): string {
  const name = county
    .trim()
    .toLowerCase()
    .replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  return `Superior Court of California, County of ${name}`;
}
