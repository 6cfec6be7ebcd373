import { describe, expect, it } from 'vitest';
import { defaultCourtName, parseOfficeSettings } from '../../src/forms/office';
import {
  checkOffice,
  EMPTY_OFFICE,
  rememberedOffice,
  rememberOffice,
  toDraft,
} from '../../src/ui/office-storage';

const OFFICE = {
  officeName: 'Sacramento County District Attorney',
  address: '901 G Street, Sacramento, CA 95814',
  attorneyName: "Maria O'Neil-Núñez",
  barNumber: '123456',
  phone: '(916) 555-0100',
  email: 'prop64@example.org',
};

/** A Storage that lives in a Map, for tests (Node has no localStorage). */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('office settings', () => {
  it('accepts a complete office; court name and filing date are optional', () => {
    expect(parseOfficeSettings(OFFICE)).toEqual(OFFICE);
    const check = checkOffice({ ...EMPTY_OFFICE, ...OFFICE });
    expect(check.ok).toBe(true);
  });

  it('names each field that is wrong', () => {
    const check = checkOffice({ ...EMPTY_OFFICE, ...OFFICE, barNumber: 'CA-12', email: 'nope' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toEqual({
      barNumber: 'Enter the State Bar number as digits only, like 123456',
      email: 'Enter an email address in the right form, like name@example.org',
    });
    expect(() => parseOfficeSettings({ ...OFFICE, extra: 1 })).toThrow(/unknown field/);
    expect(() => parseOfficeSettings({ ...OFFICE, filingDate: '2020-02-30' })).toThrow(
      /filingDate/,
    );
  });

  it('says what to enter in an empty box, in the order of the form', () => {
    const check = checkOffice({ ...EMPTY_OFFICE, officeName: 'DA', filingDate: '2020-02-30' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.entries(check.problems)).toEqual([
      ['address', "Enter the office's address"],
      ['attorneyName', "Enter the attorney's name"],
      ['barNumber', "Enter the attorney's State Bar number"],
      ['phone', 'Enter a phone number'],
      ['email', 'Enter an email address'],
      ['filingDate', 'Enter a real filing date, or leave it blank'],
    ]);
    // Too long keeps the schema's own words, which say the limit.
    const long = checkOffice({ ...EMPTY_OFFICE, ...OFFICE, officeName: 'x'.repeat(121) });
    expect(long.ok || long.problems.officeName).toMatch(/at most 120/);
  });

  it('remembers only when asked, and forgets', () => {
    const storage = memoryStorage();
    expect(rememberedOffice(storage)).toBeNull();
    rememberOffice(parseOfficeSettings(OFFICE), storage);
    expect(rememberedOffice(storage)).toEqual(OFFICE);
    expect(toDraft(rememberedOffice(storage)).attorneyName).toBe(OFFICE.attorneyName);
    rememberOffice(null, storage);
    expect(rememberedOffice(storage)).toBeNull();
    storage.setItem('clearance.office-settings', '{not json');
    expect(rememberedOffice(storage)).toBeNull();
  });

  it('names the county court by default', () => {
    expect(defaultCourtName('SAN LUIS OBISPO')).toBe(
      'Superior Court of California, County of San Luis Obispo',
    );
  });
});
