import { describe, expect, test } from 'vitest';
import {
  DEFAULT_OPTIONS,
  PROP64_SECTIONS,
  eligibilityOptionsSchema,
} from '../../src/rules/prop64/options';
import {
  PRESETS,
  RELIEF_HELP,
  computeAtProblem,
  matchingPreset,
  policyFromFile,
  policyFromJsonText,
  policyToJson,
  sectionChoice,
  validatePolicy,
  withSectionChoice,
  withThresholdText,
} from '../../src/ui/policy';

const dismissAll = PRESETS.find((p) => p.id === 'dismiss-all')!.options;

describe('presets', () => {
  test.each(PRESETS.map((p) => [p.id, p.options] as const))('%s satisfies the schema', (_, o) => {
    expect(eligibilityOptionsSchema.parse(o)).toEqual(o);
  });

  test('dismiss all dismisses every section with no extra grounds; the other is the CLI default', () => {
    expect(dismissAll.baselineEligibility).toEqual({ dismiss: [...PROP64_SECTIONS], reduce: [] });
    expect(Object.values(dismissAll.additionalRelief).every((v) => v === false || v === 0)).toBe(
      true,
    );
    expect(PRESETS.find((p) => p.id === 'desktop-defaults')!.options).toEqual(DEFAULT_OPTIONS);
  });

  test('matchingPreset finds a preset, ignores equal-but-reordered lists, and else is undefined', () => {
    expect(matchingPreset(DEFAULT_OPTIONS)).toBe('desktop-defaults');
    expect(matchingPreset(structuredClone(dismissAll))).toBe('dismiss-all');
    expect(matchingPreset(withSectionChoice(DEFAULT_OPTIONS, '11360', 'none'))).toBeUndefined();
    const reordered = validatePolicy({
      ...DEFAULT_OPTIONS,
      baselineEligibility: { dismiss: ['11358', '11357'], reduce: ['11359', '11360'] },
    });
    expect(reordered.ok && matchingPreset(reordered.options)).toBeUndefined();
  });
});

describe('section choices', () => {
  test('each section reads back the choice it was given, from every starting choice', () => {
    for (const start of PRESETS.map((p) => p.options)) {
      for (const section of PROP64_SECTIONS) {
        for (const choice of ['dismiss', 'reduce', 'none'] as const) {
          const changed = withSectionChoice(start, section, choice);
          expect(sectionChoice(changed, section)).toBe(choice);
          expect(validatePolicy(changed).ok).toBe(true);
          for (const other of PROP64_SECTIONS.filter((s) => s !== section)) {
            expect(sectionChoice(changed, other)).toBe(sectionChoice(start, other));
          }
        }
      }
    }
  });

  test('is immutable, and choosing by hand rebuilds a preset in its order', () => {
    const before = structuredClone(DEFAULT_OPTIONS);
    let o = withSectionChoice(DEFAULT_OPTIONS, '11357', 'none');
    expect(DEFAULT_OPTIONS).toEqual(before);
    o = withSectionChoice(o, '11357', 'dismiss');
    expect(matchingPreset(o)).toBe('desktop-defaults');
    for (const s of ['11360', '11359'] as const) o = withSectionChoice(o, s, 'dismiss');
    expect(o.baselineEligibility).toEqual(dismissAll.baselineEligibility);
  });
});

describe('policy files', () => {
  test('export then import gives back the same policy, with the CLI file keys', () => {
    const custom = withSectionChoice(dismissAll, '11360', 'reduce');
    for (const o of [...PRESETS.map((p) => p.options), custom]) {
      const text = policyToJson(o);
      expect(policyFromJsonText(text)).toEqual({ ok: true, options: o });
      const json = JSON.parse(text);
      expect(Object.keys(json)).toEqual(['baselineEligibility', 'additionalRelief']);
      expect(Object.keys(json.additionalRelief)).toEqual([
        'subjectUnder21AtConviction',
        'subjectAgeThreshold',
        'yearsSinceConvictionThreshold',
        'yearsCrimeFreeThreshold',
        'subjectIsDeceased',
        'subjectHasOnlyProp64Charges',
      ]);
    }
  });

  test('a byte-order mark is tolerated', () => {
    expect(policyFromJsonText(`\uFEFF${policyToJson(DEFAULT_OPTIONS)}`).ok).toBe(true);
  });

  test.each([
    ['not json', /^This is not a policy file: it is not written in JSON \(.+\)\.$/],
    ['', /^This is not a policy file: it is empty\.$/],
    ['[1, 2]', /^This is not a policy file: it holds a list, not a policy's settings\.$/],
    ['"text"', /^This is not a policy file: it holds a single value/],
  ])('%j is refused in plain words', (text, message) => {
    const result = policyFromJsonText(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(message)]);
  });

  test('an out-of-range threshold names the field, its label and the range', () => {
    const result = policyFromJsonText('{"additionalRelief": {"subjectAgeThreshold": 70}}');
    expect(result).toEqual({
      ok: false,
      problems: [
        "Person's age is at least (additionalRelief.subjectAgeThreshold): must be 0 (off) or between 40 and 65 (got 70)",
      ],
    });
  });

  test('a section listed twice is refused', () => {
    const result = policyFromJsonText(
      JSON.stringify({ baselineEligibility: { dismiss: ['11357'], reduce: ['11358', '11357'] } }),
    );
    expect(!result.ok && result.problems).toEqual([
      expect.stringMatching(
        /^baselineEligibility\.reduce\.1: section 11357 is listed more than once/,
      ),
    ]);
  });

  test('unknown fields are refused, as the CLI does', () => {
    const result = validatePolicy({ ...DEFAULT_OPTIONS, county: 'SACRAMENTO' });
    expect(!result.ok && result.problems).toEqual(['top level: unknown field(s) county']);
  });

  test('a file far too large for a policy is not read', async () => {
    const big = new Blob([' '.repeat(100_000), policyToJson(DEFAULT_OPTIONS)]);
    const result = await policyFromFile(big);
    expect(!result.ok && result.problems[0]).toMatch(/^This is not a policy file: /);
    expect(await policyFromFile(new Blob([policyToJson(DEFAULT_OPTIONS)]))).toEqual({
      ok: true,
      options: DEFAULT_OPTIONS,
    });
  });
});

describe('field help and inputs', () => {
  test('every additional-relief field has a label and help; thresholds show their range', () => {
    expect(RELIEF_HELP.map((h) => h.field).sort()).toEqual(
      Object.keys(DEFAULT_OPTIONS.additionalRelief).sort(),
    );
    for (const h of RELIEF_HELP) expect(h.label && h.help).toBeTruthy();
    const age = RELIEF_HELP.find((h) => h.field === 'subjectAgeThreshold');
    expect(age?.kind === 'threshold' && age.range).toBe('0 = off, or 40-65');
  });

  test.each([
    ['57', 57],
    ['0', 0],
    [' 40 ', 40],
  ])('threshold text %j is kept as %d', (text, n) => {
    const result = withThresholdText(DEFAULT_OPTIONS, 'subjectAgeThreshold', text);
    expect(result.ok && result.options.additionalRelief.subjectAgeThreshold).toBe(n);
  });

  test.each(['', '4', '66', '45.5', '-1'])(
    'threshold text %j is refused with the range',
    (text) => {
      expect(withThresholdText(DEFAULT_OPTIONS, 'subjectAgeThreshold', text)).toEqual({
        ok: false,
        problems: ['Enter 0 to switch this off, or a whole number from 40 to 65.'],
      });
    },
  );

  test('the review date must be a real calendar date', () => {
    expect(computeAtProblem('2020-02-29')).toBeUndefined();
    for (const bad of ['', '2021-02-29', '2020-13-01', '20-01-01']) {
      expect(computeAtProblem(bad)).toBeDefined();
    }
  });
});
