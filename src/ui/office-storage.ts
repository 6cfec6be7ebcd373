import { officeSettingsSchema, type OfficeSettings } from '../forms/office';

/**
 * The office's details (name, address, attorney...; never a record) are kept in this browser
 * only when the user ticks "remember on this computer"; otherwise they go with the tab.
 */
const KEY = 'clearance.office-settings';

export function rememberedOffice(storage: Storage = localStorage): OfficeSettings | null {
  try {
    const text = storage.getItem(KEY);
    if (!text) return null;
    const parsed = officeSettingsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function rememberOffice(
  settings: OfficeSettings | null,
  storage: Storage = localStorage,
): void {
  if (settings) storage.setItem(KEY, JSON.stringify(settings));
  else storage.removeItem(KEY);
}

export type OfficeDraft = Record<keyof OfficeSettings, string>;

export const EMPTY_OFFICE: OfficeDraft = {
  officeName: '',
  address: '',
  attorneyName: '',
  barNumber: '',
  phone: '',
  email: '',
  courtName: '',
  filingDate: '',
};

/** What to do about an empty required box, in the words of the GOV.UK Design System. */
const WHEN_EMPTY: Partial<Record<keyof OfficeDraft, string>> = {
  officeName: 'Enter the office name',
  address: "Enter the office's address",
  attorneyName: "Enter the attorney's name",
  barNumber: "Enter the attorney's State Bar number",
  phone: 'Enter a phone number',
  email: 'Enter an email address',
};

/** What to do about a box filled in the wrong form (other problems keep the schema's words). */
const WHEN_WRONG: Partial<Record<keyof OfficeDraft, string>> = {
  barNumber: 'Enter the State Bar number as digits only, like 123456',
  email: 'Enter an email address in the right form, like name@example.org',
  filingDate: 'Enter a real filing date, or leave it blank',
};

/** The form's text boxes to settings, or each field's problem (keyed by field), in form order. */
export function checkOffice(
  draft: OfficeDraft,
): { ok: true; settings: OfficeSettings } | { ok: false; problems: Partial<OfficeDraft> } {
  const input = Object.fromEntries(
    Object.entries(draft).filter(
      ([key, value]) => !(key === 'courtName' || key === 'filingDate') || value.trim() !== '',
    ),
  );
  const result = officeSettingsSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  const found: Partial<OfficeDraft> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof OfficeDraft | undefined;
    if (!field || found[field]) continue;
    const empty = draft[field].trim() === '';
    const tooLong = issue.code === 'too_big';
    found[field] =
      (empty ? WHEN_EMPTY[field] : tooLong ? undefined : WHEN_WRONG[field]) ?? issue.message;
  }
  // In the order of the form, so the error summary reads top to bottom.
  const problems: Partial<OfficeDraft> = {};
  for (const key of Object.keys(EMPTY_OFFICE) as (keyof OfficeDraft)[]) {
    if (found[key]) problems[key] = found[key];
  }
  return { ok: false, problems };
}

export function toDraft(settings: OfficeSettings | null): OfficeDraft {
  if (!settings) return { ...EMPTY_OFFICE };
  return {
    ...EMPTY_OFFICE,
    ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v ?? '')])),
  };
}
