import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_OPTIONS,
  OptionsError,
  parseEligibilityOptions,
} from '../../src/rules/prop64/options';
import { FIXTURES } from '../helpers/run-engine';

function problems(input: unknown): string[] {
  try {
    parseEligibilityOptions(input);
  } catch (error) {
    if (error instanceof OptionsError) return error.problems;
    throw error;
  }
  return [];
}

describe('eligibility options', () => {
  test('the fixture options parse, missing numbers become 0 and missing booleans false', () => {
    const parsed = parseEligibilityOptions(
      JSON.parse(readFileSync(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8')),
    );
    expect(parsed.additionalRelief.yearsCrimeFreeThreshold).toBe(0);
    expect(parsed).toEqual(DEFAULT_OPTIONS);
    expect(parseEligibilityOptions({}).additionalRelief.subjectIsDeceased).toBe(false);
  });

  test.each([
    [
      { additionalRelief: { subjectAgeThreshold: 39 } },
      'additionalRelief.subjectAgeThreshold: must be 0 (off) or between 40 and 65 (got 39)',
    ],
    [
      { additionalRelief: { subjectAgeThreshold: 66 } },
      'additionalRelief.subjectAgeThreshold: must be 0 (off) or between 40 and 65 (got 66)',
    ],
    [
      { additionalRelief: { yearsSinceConvictionThreshold: 16 } },
      'additionalRelief.yearsSinceConvictionThreshold: must be 0 (off) or between 1 and 15 (got 16)',
    ],
    [
      { additionalRelief: { yearsCrimeFreeThreshold: -1 } },
      'additionalRelief.yearsCrimeFreeThreshold: must be 0 (off) or between 1 and 15 (got -1)',
    ],
    [
      { additionalRelief: { yearsCrimeFreeThreshold: 2.5 } },
      'additionalRelief.yearsCrimeFreeThreshold: must be a whole number: 0 (off) or 1-15',
    ],
    [
      { additionalRelief: { subjectIsDeceased: 'yes' } },
      'additionalRelief.subjectIsDeceased: must be true or false',
    ],
    [
      { baselineEligibility: { dismiss: ['11361'] } },
      'baselineEligibility.dismiss.0: must be one of 11357, 11358, 11359, 11360 (got "11361")',
    ],
    [
      { baselineEligibility: { dismiss: ['11357'], reduce: ['11357'] } },
      'baselineEligibility.reduce.0: section 11357 is listed more than once (already in dismiss); each of 11357-11360 may appear at most once across dismiss and reduce',
    ],
    [{ extra: true }, 'top level: unknown field(s) extra'],
  ])('rejects %j', (input, message) => {
    expect(problems(input)).toEqual([message]);
  });

  test('the edges of each range are accepted', () => {
    for (const n of [0, 40, 65])
      expect(problems({ additionalRelief: { subjectAgeThreshold: n } })).toEqual([]);
    for (const n of [0, 1, 15])
      expect(problems({ additionalRelief: { yearsCrimeFreeThreshold: n } })).toEqual([]);
  });
});
