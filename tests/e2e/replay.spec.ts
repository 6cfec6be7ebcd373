import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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
  await expect(page.getByText('These results reproduce the run of')).toBeVisible(SLOW);
  await page.getByRole('button', { name: 'Prepare the files' }).click();
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
    if (m.text().includes('second reading thread could not start')) fellBack.push(m.text());
  });
  await reproduce(page, info, runDir, big);
  await twoThreads;
  expect(fellBack, 'the second half was read by its own worker').toEqual([]);
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
});
