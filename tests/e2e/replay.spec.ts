import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
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

test('a CLI run reproduced in the browser gives byte-identical CSVs', async ({ page }, info) => {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await page.goto('/');
  await page
    .getByLabel("The run's manifest.json")
    .setInputFiles(path.join(dir, 'cli', 'manifest.json'));
  await expect(
    page.getByRole('status').filter({ hasText: 'Reproducing the run of' }),
  ).toBeVisible();
  await page.getByLabel('DOJ research file').setInputFiles(INPUT);
  await expect(page.getByText('These results reproduce the run of')).toBeVisible(SLOW);
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  for (const name of ['All_Results.csv', 'Prop64_Results.csv', 'Determinations.csv']) {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `Save ${name}` }).click(SLOW);
    const saved = info.outputPath(name);
    await (await downloading).saveAs(saved);
    expect((await readFile(saved)).equals(await readFile(path.join(dir, 'cli', name))), name).toBe(
      true,
    );
  }
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
