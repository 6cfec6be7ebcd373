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

/** The form's text boxes to settings, or each field's problem (keyed by field). */
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
  const problems: Partial<OfficeDraft> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof OfficeDraft | undefined;
    if (field && !problems[field]) problems[field] = issue.message;
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
