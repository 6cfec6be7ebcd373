import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { parseCsv } from '../helpers/csv';
import { chooseFile, FIXTURES, next, runReview, SLOW } from './flow';

test('court papers from the UI: one motion per person with relief, in a ZIP', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await chooseFile(page, path.join(FIXTURES, 'sacramento-handmade.input.csv'));
  await expect(page.getByText('Every line has the 95 columns')).toBeVisible(SLOW);
  await next(page);
  await next(page);
  await page.getByLabel('Decide as of').fill('2019-11-11');
  await page
    .getByLabel('Policy file')
    .setInputFiles(path.join(FIXTURES, 'sacramento-handmade.options.json'));
  await runReview(page);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await page.getByRole('button', { name: 'Next: Court papers' }).click();
  await expect(page.getByRole('heading', { name: 'Court papers' })).toBeFocused();

  // Missing and wrong fields are listed at the top, each a link to its box (GOV.UK's error summary).
  await page.getByLabel('State Bar number').fill('12-34');
  await page.getByRole('button', { name: 'Make the court papers' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([
    'Enter the office name',
    "Enter the office's address",
    "Enter the attorney's name",
    'Enter the State Bar number as digits only, like 123456',
    'Enter a phone number',
    'Enter an email address',
  ]);
  await summary.getByRole('link', { name: 'Enter the office name' }).click();
  await expect(page.getByLabel('Office name')).toBeFocused();

  await page.getByLabel('Office name').fill('Sacramento County District Attorney');
  await page.getByLabel('Address').fill('901 G Street, Sacramento, CA 95814');
  await page.getByLabel('Attorney name').fill("Maria O'Neil-Núñez");
  await page.getByLabel('State Bar number').fill('123456');
  await page.getByLabel('Phone').fill('(916) 555-0100');
  await page.getByLabel('Email').fill('prop64@example.org');
  await page.getByRole('button', { name: 'Make the court papers' }).click();
  // Focus goes to what was made, not back to the top of the page.
  await expect(page.getByRole('heading', { name: 'The court papers are ready' })).toBeFocused(SLOW);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save forms.zip' }).click();
  const stream = await (await downloading).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const entries = Object.keys(unzipSync(new Uint8Array(Buffer.concat(chunks))));

  const expected = parseCsv(
    await readFile(path.join(FIXTURES, 'sacramento-handmade.expected.csv'), 'utf8'),
  );
  const relieved = new Set(
    expected.filter((r) => r['Eligibility Determination'] !== '').map((r) => r.SUBJECT_ID?.trim()),
  );
  expect(entries.filter((e) => e.endsWith('.pdf'))).toHaveLength(relieved.size);
  for (const name of ['court-list.csv', 'court-list.pdf', 'summary-report.pdf']) {
    await expect(page.getByRole('button', { name: `Save ${name}` })).toBeVisible();
  }
});
