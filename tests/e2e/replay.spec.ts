import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { cli } from '../helpers/cli';
import { FIXTURES, SLOW } from './flow';

const INPUT = path.join(FIXTURES, 'sacramento-handmade.input.csv');
let dir: string;

// The original run is the command-line tool's: the browser must reproduce its files exactly.
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-e2e-replay-'));
  const run = await cli(
    'run',
    `--input-doj=${INPUT}`,
    '--county=SACRAMENTO',
    '--compute-at=2019-11-11',
    `--eligibility-options=${path.join(FIXTURES, 'sacramento-handmade.options.json')}`,
    `--outputs=${path.join(dir, 'cli')}`,
    '--quiet',
  );
  expect(run.code).toBe(0);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

/** Reproduces the CLI run in `runDir` in the browser from its manifest, and compares the CSVs. */
async function reproduce(page: Page, info: TestInfo, runDir: string, input: string) {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await page.goto('/');
  await page
    .getByLabel("The run's manifest.json")
    .setInputFiles(path.join(runDir, 'manifest.json'));
  await expect(
    page.getByRole('status').filter({ hasText: 'Reproducing the run of' }),
  ).toBeVisible();
  await page.getByLabel('DOJ research file').setInputFiles(input);
  // Said only once the files are written and their SHA-256 match the manifest's: they are then
  // ready to save without "Prepare the files".
  await expect(page.getByText('These results reproduce the run of')).toBeVisible(SLOW);
  await expect(
    page.getByText('all 5 files are identical to the ones its manifest.json'),
  ).toBeVisible();
  for (const name of ['All_Results.csv', 'Prop64_Results.csv', 'Determinations.csv']) {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `Save ${name}` }).click(SLOW);
    const saved = info.outputPath(name);
    await (await downloading).saveAs(saved);
    expect((await readFile(saved)).equals(await readFile(path.join(runDir, name))), name).toBe(
      true,
    );
  }
}

test('a CLI run reproduced in the browser gives byte-identical CSVs', async ({ page }, info) => {
  await reproduce(page, info, path.join(dir, 'cli'), INPUT);
});

// Over 32 MB the browser's fast reader scans the two halves of the file in two workers and joins
// them where a person's rows cross the middle: the same files must come out.
test("a 40 MB extract, read by two threads in the browser, gives the CLI run's CSVs", async ({
  page,
}, info) => {
  test.setTimeout(240_000);
  const big = path.join(dir, 'big.csv');
  const made = await cli(
    'generate',
    '--county=FRESNO',
    '--rows=50000',
    '--seed=32',
    `--output=${big}`,
  );
  expect(made.code).toBe(0);
  expect((await stat(big)).size).toBeGreaterThan(32 << 20);
  const runDir = path.join(dir, 'big-cli');
  const run = await cli(
    'run',
    `--input-doj=${big}`,
    '--county=FRESNO',
    '--compute-at=2020-07-01',
    `--outputs=${runDir}`,
    '--quiet',
  );
  expect(run.code).toBe(0);
  const twoThreads = page.waitForEvent('console', {
    predicate: (m) => /^clearance: scan \(simd, 2 thread\(s\)/.test(m.text()),
    timeout: 120_000,
  });
  const fellBack: string[] = [];
  page.on('console', (m) => {
    if (/(second reading|hashing) thread could not start/.test(m.text())) fellBack.push(m.text());
  });
  await reproduce(page, info, runDir, big);
  await twoThreads;
  expect(fellBack, 'the second half was read, and the outputs hashed, by workers').toEqual([]);
});

test('reproducing with another file is refused, naming it', async ({ page }) => {
  await page.goto('/');
  await page
    .getByLabel("The run's manifest.json")
    .setInputFiles(path.join(dir, 'cli', 'manifest.json'));
  await page
    .getByLabel('DOJ research file')
    .setInputFiles(path.join(FIXTURES, 'san-joaquin-no-header.csv'));
  const card = page.getByRole('alert');
  await expect(card).toContainText('This run cannot be reproduced with this file', SLOW);
  await expect(card).toContainText('san-joaquin-no-header.csv is not the file that run read');
  // It does not carry on as an ordinary review of the wrong file.
  const nextButton = page.getByRole('button', { name: /^Next:/ });
  await expect(nextButton).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByText('This is not the file the run read')).toBeVisible();
  await nextButton.click({ force: true });
  await expect(
    page.getByRole('heading', { level: 2, name: 'Choose the extract the DOJ sent' }),
  ).toBeVisible();
});

/** The CLI run's manifest.json with one edit, written beside the test's other files. */
async function editedManifest(
  edit: (m: { options: { baselineEligibility: Record<string, string[]> }; format: string }) => void,
) {
  const manifest = JSON.parse(await readFile(path.join(dir, 'cli', 'manifest.json'), 'utf8'));
  edit(manifest);
  const edited = path.join(dir, `edited-${Date.now()}`, 'manifest.json');
  await mkdir(path.dirname(edited), { recursive: true });
  await writeFile(edited, JSON.stringify(manifest));
  return edited;
}

test('a manifest with an edited policy is replayed and called different, never reproduced', async ({
  page,
}) => {
  const edited = await editedManifest((m) => {
    // 11359 moved from reduction to dismissal: the fixture's one reduction becomes a dismissal.
    m.options.baselineEligibility.dismiss!.push('11359');
    m.options.baselineEligibility.reduce = ['11360'];
  });
  await page.goto('/');
  await page.getByLabel("The run's manifest.json").setInputFiles(edited);
  await page.getByLabel('DOJ research file').setInputFiles(INPUT);
  const verdict = page.getByRole('alert').filter({ hasText: 'does not match its manifest.json' });
  await expect(verdict).toBeVisible(SLOW);
  await expect(verdict).toContainText('Determinations.csv: SHA-256');
  await expect(verdict).toContainText('these results are not a reproduction of it');
  await expect(page.getByText('These results reproduce the run of')).toHaveCount(0);
});

test('a manifest from before output hashes is refused on the start page', async ({ page }) => {
  const old = await editedManifest((m) => {
    m.format = 'clearance-run-manifest/1';
  });
  await page.goto('/');
  await page.getByLabel("The run's manifest.json").setInputFiles(old);
  await expect(page.getByRole('alert')).toContainText(
    'This manifest.json predates output hashes (clearance-run-manifest/1)',
  );
});
