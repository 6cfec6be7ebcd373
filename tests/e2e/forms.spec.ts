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

  // A missing field is named, not silently ignored.
  await page.getByRole('button', { name: 'Make the court papers' }).click();
  await expect(page.getByLabel('Office name')).toBeFocused();
  await expect(page.getByText('Office name is required')).toBeVisible();

  await page.getByLabel('Office name').fill('Sacramento County District Attorney');
  await page.getByLabel('Address').fill('901 G Street, Sacramento, CA 95814');
  await page.getByLabel('Attorney name').fill("Maria O'Neil-Núñez");
  await page.getByLabel('State Bar number').fill('123456');
  await page.getByLabel('Phone').fill('(916) 555-0100');
  await page.getByLabel('Email').fill('prop64@example.org');
  await page.getByRole('button', { name: 'Make the court papers' }).click();
  await expect(page.getByRole('heading', { name: 'The court papers are ready' })).toBeVisible(SLOW);

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
