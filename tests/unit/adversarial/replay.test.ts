/**
 * Issue #16, point 2: an edited manifest.json must never be called a faithful reproduction.
 * Each case edits a real run's manifest (or swaps one of its files) and runs the real CLI: with
 * the run's files beside the manifest the edit is refused before anything runs; with the manifest
 * on its own the replay runs and is called different, naming what differs. Never "Reproduced".
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from '../../helpers/cli';
import { FIXTURES } from '../../helpers/run-engine';

const INPUT = path.join(FIXTURES, 'sacramento-handmade.input.csv');
const OPTIONS = path.join(FIXTURES, 'sacramento-handmade.options.json');
let dir: string;
let original: string;
let caseNumber = 0;

type Manifest = Record<string, unknown> & {
  options: { baselineEligibility: { dismiss: string[]; reduce: string[] } };
  determinations: Record<string, number>;
  outputs: { name: string; size: number; sha256: string }[];
};

const run = (folder: string, ...flags: string[]) =>
  cli(
    'run',
    `--input-doj=${INPUT}`,
    '--county=SACRAMENTO',
    '--compute-at=2019-11-11',
    `--eligibility-options=${OPTIONS}`,
    `--outputs=${folder}`,
    '--engine=native',
    '--quiet',
    ...flags,
  );

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-adversarial-replay-'));
  original = path.join(dir, 'original');
  const made = await run(original);
  expect(made.code, made.stderr).toBe(0);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * A copy of the original run with its manifest edited: beside its files (`alone` false) or in a
 * folder of its own. Returns the edited manifest's path.
 */
async function edited(edit: (m: Manifest) => void, alone: boolean): Promise<string> {
  const folder = path.join(dir, `case-${++caseNumber}`);
  if (alone) await mkdir(folder);
  else await cp(original, folder, { recursive: true });
  const manifest = JSON.parse(
    await readFile(path.join(original, 'manifest.json'), 'utf8'),
  ) as Manifest;
  edit(manifest);
  const manifestPath = path.join(folder, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifestPath;
}

const replay = (manifestPath: string) =>
  cli(
    'replay',
    `--manifest=${manifestPath}`,
    `--input-doj=${INPUT}`,
    `--outputs=${path.join(dir, `replayed-${++caseNumber}`)}`,
    '--engine=native',
    '--quiet',
  );

/** The replay ran, and was called different, naming `names`; nothing says "Reproduced". */
function expectDiffers(result: { code: number; stdout: string; stderr: string }, names: RegExp[]) {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).not.toContain('Reproduced');
  // (A warning, such as a county without convictions, may come first.)
  expect(result.stderr).toMatch(
    /^Error: The replay of sacramento-handmade\.input\.csv does not match its manifest\.json: /m,
  );
  for (const name of names) expect(result.stderr).toMatch(name);
}

/** Refused before running: no replay folder, nothing says "Reproduced". */
function expectRefused(result: { code: number; stdout: string; stderr: string }, why: RegExp) {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).not.toContain('Reproduced');
  expect(result.stderr).toMatch(why);
  expect(result.stderr).not.toContain('does not match its manifest.json');
}

// 11359 moved from reduction to dismissal: the handmade fixture's one reduction becomes one more
// dismissal, so the determinations and the counts change.
const editPolicy = (m: Manifest) => {
  m.options.baselineEligibility.dismiss.push('11359');
  m.options.baselineEligibility.reduce = m.options.baselineEligibility.reduce.filter(
    (s) => s !== '11359',
  );
};

describe('an edited manifest is never "Reproduced"', () => {
  test('the untouched manifest is reproduced (the cases below differ from it by one edit)', async () => {
    const result = await replay(await edited(() => undefined, false));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Reproduced the run of sacramento-handmade\.input\.csv/);
  }, 120_000);

  test('edited policy, manifest on its own: the replay differs, naming the files', async () => {
    expectDiffers(await replay(await edited(editPolicy, true)), [
      /Prop64_Results\.csv: SHA-256 [0-9a-f]{64}, the manifest's [0-9a-f]{64}/,
      /Determinations\.csv: SHA-256/,
      /summary\.json: its figures differ/,
      /the counts: 18 dismissal, 0 reduction, .*; the manifest's 17 dismissal, 1 reduction/,
    ]);
  }, 120_000);

  test('edited policy beside its files: the replay differs (summary.json holds no policy)', async () => {
    expectDiffers(await replay(await edited(editPolicy, false)), [/Determinations\.csv: SHA-256/]);
  }, 120_000);

  test('edited date beside its files: refused, the summary names another date', async () => {
    const result = await replay(await edited((m) => (m.computeAt = '2010-01-01'), false));
    expectRefused(
      result,
      /The manifest does not agree with its own summary\.json: date "2010-01-01" in the manifest, "2019-11-11" in the summary/,
    );
  });

  test('edited date, manifest on its own: the replay differs', async () => {
    const result = await replay(await edited((m) => (m.computeAt = '2010-01-01'), true));
    expectDiffers(result, [/summary\.json: its figures differ/]);
  }, 120_000);

  test('edited county beside its files: refused, the summary names another county', async () => {
    const result = await replay(await edited((m) => (m.county = 'FRESNO'), false));
    expectRefused(result, /county "FRESNO" in the manifest, "SACRAMENTO" in the summary/);
  });

  test('edited county, manifest on its own: the replay differs', async () => {
    const result = await replay(await edited((m) => (m.county = 'FRESNO'), true));
    expectDiffers(result, [/Prop64_Results\.csv: SHA-256/, /the counts: 0 dismissal/]);
  }, 120_000);

  test('edited counts beside its files: refused, naming the counts', async () => {
    const result = await replay(await edited((m) => (m.determinations.dismissal = 40), false));
    expectRefused(result, /dismissal count 40 in the manifest, 17 in the summary\. It was edited/);
  });

  test('edited counts, manifest on its own: the replay differs on the counts alone', async () => {
    const result = await replay(await edited((m) => (m.determinations.dismissal = 40), true));
    expectDiffers(result, [/the counts: 17 dismissal, .*; the manifest's 40 dismissal/]);
    expect(result.stderr).not.toMatch(/\.csv: /);
  }, 120_000);

  test('edited output hash beside its files: refused, naming the file', async () => {
    const result = await replay(
      await edited((m) => (m.outputs[0]!.sha256 = 'a'.repeat(64)), false),
    );
    expectRefused(
      result,
      /All_Results\.csv beside the manifest is not the file the manifest records: its SHA-256 is [0-9a-f]{64}, the manifest's a{64}/,
    );
  });

  test('edited output hash, manifest on its own: the replay differs on that file', async () => {
    const result = await replay(await edited((m) => (m.outputs[0]!.sha256 = 'a'.repeat(64)), true));
    expectDiffers(result, [/All_Results\.csv: SHA-256 [0-9a-f]{64}, the manifest's a{64}/]);
    expect(result.stderr).not.toMatch(/Determinations\.csv/);
  }, 120_000);

  test("a swapped output file (another policy's Prop64_Results.csv): refused, naming it", async () => {
    const other = path.join(dir, 'other-policy');
    const options = JSON.parse(await readFile(OPTIONS, 'utf8'));
    editPolicy({ options } as Manifest);
    const otherOptions = path.join(dir, 'other-options.json');
    await writeFile(otherOptions, JSON.stringify(options));
    const made = await cli(
      'run',
      `--input-doj=${INPUT}`,
      '--county=SACRAMENTO',
      '--compute-at=2019-11-11',
      `--eligibility-options=${otherOptions}`,
      `--outputs=${other}`,
      '--engine=native',
      '--quiet',
    );
    expect(made.code, made.stderr).toBe(0);
    const manifestPath = await edited(() => undefined, false);
    await cp(
      path.join(other, 'Prop64_Results.csv'),
      path.join(path.dirname(manifestPath), 'Prop64_Results.csv'),
    );
    const result = await replay(manifestPath);
    expectRefused(
      result,
      /Prop64_Results\.csv beside the manifest is not the file the manifest records/,
    );
  }, 120_000);

  test('a manifest from before output hashes is refused, saying so', async () => {
    const result = await replay(
      await edited((m) => {
        m.format = 'clearance-run-manifest/1';
        delete (m as Partial<Manifest>).outputs;
        delete m.summaryResultsSha256;
      }, true),
    );
    expectRefused(
      result,
      /This manifest\.json predates output hashes \(clearance-run-manifest\/1\)/,
    );
  });

  test('a manifest with an output hash removed is refused as incomplete', async () => {
    const result = await replay(
      await edited((m) => {
        m.outputs = m.outputs.filter((o) => o.name !== 'Determinations.csv');
      }, true),
    );
    expectRefused(
      result,
      /The manifest records no SHA-256 for Determinations\.csv, which every run writes/,
    );
  });
});
