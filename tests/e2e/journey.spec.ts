import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseCsv } from '../helpers/csv';
import { RESULT_COLUMNS } from '../../src/doj/columns';
import { generateExtract } from '../../src/doj/generate';
import { chooseFile, FIXTURES, loadSample, next, runReview, SLOW } from './flow';

test.describe('the review in the browser', () => {
  test('sample data: files, county, policy, run, results, explorer', async ({ page }) => {
    await loadSample(page);
    await expect(page.getByRole('heading', { level: 3, name: /^sample-sacramento/ })).toBeVisible();
    await next(page);
    await expect(page.getByRole('heading', { name: 'Which county is reviewing?' })).toBeFocused();
    await expect(page.getByRole('radio', { name: /^Sacramento/ })).toBeChecked();
    await next(page);
    await expect(page.getByRole('heading', { name: "Choose your county's policy" })).toBeFocused();
    await runReview(page);
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(
      'Results for Sacramento County',
    );
    const impact = page.getByRole('table', { name: 'Impact of the chosen policy' });
    await expect(impact.getByRole('row')).toHaveCount(4);
    await expect(page.getByRole('img', { name: /by code section/ })).toBeVisible();
    // The explorer lists people; opening one shows each conviction with its determination.
    await expect(page.getByText(/\d+ people match/)).toBeVisible();
    await page
      .getByRole('table', { name: /people/i })
      .getByRole('button')
      .first()
      .click();
    await expect(page.getByText(/Eligible for|No relief/).first()).toBeVisible();
  });

  test('Back keeps every choice; the step list shows where you are', async ({ page }) => {
    await loadSample(page);
    await next(page);
    await page.getByLabel('Find a county').fill('san joa');
    await page.getByRole('radio', { name: /^San Joaquin/ }).check();
    await next(page);
    await page.getByRole('button', { name: 'Dismiss all' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByRole('radio', { name: /^San Joaquin/ })).toBeChecked();
    await next(page);
    await expect(page.getByText('Current policy: Dismiss all')).toBeVisible();
    await expect(page.locator('[aria-current="step"]')).toHaveText(/Policy/);
  });

  test('the hand-made Sacramento extract: imported policy, downloaded All_Results.csv matches', async ({
    page,
  }, testInfo) => {
    // No save dialog in a test: the download fallback is what a browser without it uses.
    await page.addInitScript(() => {
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });
    await chooseFile(page, path.join(FIXTURES, 'sacramento-handmade.input.csv'));
    await expect(page.getByText('Every line has the 95 columns')).toBeVisible(SLOW);
    await next(page);
    await expect(page.getByRole('radio', { name: /^Sacramento/ })).toBeChecked();
    await next(page);
    await page.getByLabel('Decide as of').fill('2019-11-11');
    await page
      .getByLabel('Policy file')
      .setInputFiles(path.join(FIXTURES, 'sacramento-handmade.options.json'));
    await expect(
      page.getByText('Loaded the policy from sacramento-handmade.options.json'),
    ).toBeVisible();
    await runReview(page);
    await expect(page.getByText('38 rows, 18 Prop 64 convictions')).toBeVisible();

    await page.getByRole('button', { name: 'Prepare the files' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save All_Results.csv' }).click(SLOW);
    const download = await downloading;
    const saved = testInfo.outputPath('All_Results.csv');
    await download.saveAs(saved);
    const actual = parseCsv(await readFile(saved, 'utf8'));
    const expected = parseCsv(
      await readFile(path.join(FIXTURES, 'sacramento-handmade.expected.csv'), 'utf8'),
    );
    expect(actual).toHaveLength(expected.length);
    const results = (rows: Record<string, string>[]) =>
      rows.map((r) => RESULT_COLUMNS.map((c) => r[c]));
    expect(results(actual)).toEqual(results(expected));
  });

  for (const [fixture, message] of [
    ['malformed-quote.csv', 'Line 1: the header row has 94 column names, 95 expected'],
  ] as const) {
    test(`${fixture} gets a plain error card, not a blank screen`, async ({ page }) => {
      await chooseFile(page, path.join(FIXTURES, fixture));
      const card = page.getByRole('alert');
      await expect(card).toContainText(`${fixture} cannot be used`);
      await expect(card).toContainText(message);
      await expect(page.getByText('This file cannot be used; choose another.')).toBeVisible();
    });
  }

  test('several files: each is checked, one is reviewed at a time, any can be removed', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: "Use my county's files" }).click();
    await page
      .getByLabel('DOJ research file')
      .setInputFiles(
        ['sacramento-handmade.input.csv', 'malformed-quote.csv', 'san-joaquin-no-header.csv'].map(
          (f) => path.join(FIXTURES, f),
        ),
      );
    const first = page.getByRole('region', { name: 'sacramento-handmade.input.csv' });
    const broken = page.getByRole('region', { name: 'malformed-quote.csv' });
    const second = page.getByRole('region', { name: 'san-joaquin-no-header.csv' });
    await expect(first).toContainText('Every line has the 95 columns', SLOW);
    await expect(first).toContainText('38'); // rows
    await expect(broken.getByRole('alert')).toContainText('malformed-quote.csv cannot be used');
    await expect(second).toContainText('No (columns read by position)');
    await page.getByRole('button', { name: 'Remove malformed-quote.csv' }).click();
    await expect(broken).toHaveCount(0);

    await second.getByRole('button', { name: 'Review this file' }).click();
    await expect(second).toContainText('Every line has the 95 columns', SLOW);
    await next(page);
    await expect(page.getByRole('radio', { name: /^San Joaquin/ })).toBeChecked();
    await next(page);
    await runReview(page);
    await expect(page.getByText(/^san-joaquin-no-header\.csv: /)).toBeVisible();
    await page.getByRole('button', { name: 'Review another file' }).click();
    await expect(first.getByRole('button', { name: 'Review this file' })).toBeVisible();
  });

  test('changing the policy re-runs without reading the file again', async ({ page }) => {
    await loadSample(page);
    await next(page);
    await next(page);
    await runReview(page);
    const dismissals = page.locator('.totals div').first().locator('dd');
    const before = await dismissals.textContent();
    await page.getByRole('button', { name: 'Change the policy' }).click();
    await page.getByRole('button', { name: 'Dismiss all' }).click();
    await runReview(page);
    await expect(dismissals).not.toHaveText(before ?? '');
  });

  test('Cancel mid-run returns to the policy with the file still loaded', async ({
    page,
  }, testInfo) => {
    // Big enough that deciding takes seconds, so Cancel lands mid-run.
    const file = testInfo.outputPath('large.csv');
    await writeFile(file, generateExtract({ county: 'SACRAMENTO', rows: 150_000, seed: 5 }));
    await chooseFile(page, file);
    await expect(page.getByText('Every line has the 95 columns')).toBeVisible(SLOW);
    await next(page);
    await next(page);
    await page.getByRole('button', { name: 'Run the review' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { name: "Choose your county's policy" })).toBeFocused();
    await runReview(page);
  });

  test('Clear everything returns to the start', async ({ page }) => {
    page.on('dialog', (dialog) => void dialog.accept());
    await loadSample(page);
    await page.getByRole('button', { name: 'Clear everything' }).click();
    await expect(page.getByRole('button', { name: 'Try it with sample data' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Clear everything' })).toHaveCount(0);
  });
});
