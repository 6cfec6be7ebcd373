import { createHash } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { parseCsv } from '../helpers/csv';
import { seriousViolations } from './axe';
import { chooseFile, FIXTURES, next, runReview, SLOW } from './flow';

test('court papers from the UI: one motion per court case of the granted convictions, and the package', async ({
  page,
}) => {
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
  expect(await seriousViolations(page), 'court papers, with the error summary').toEqual([]);
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
  expect(await seriousViolations(page), 'court papers, made').toEqual([]);

  const download = async (name: string) => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `Save ${name}` }).click();
    const chunks: Buffer[] = [];
    for await (const chunk of await (await downloading).createReadStream()) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  };
  const zip = await download('forms.zip');
  const entries = Object.keys(unzipSync(new Uint8Array(zip)));

  // One motion per court case of the granted convictions (court-data.csv), none for anyone else.
  const courtData = parseCsv((await download('court-data.csv')).toString('utf8'));
  expect(courtData.length).toBeGreaterThan(0);
  // A person is their CII number, or without one their name and date of birth (co-defendants
  // share a case number, and each gets a motion).
  const person = (r: Record<string, string>) =>
    r['CII Number'] || `${r['Name']} ${r['Date of Birth']}`;
  const cases = new Set(courtData.map((r) => `${r['Court Case Number']} ${person(r)}`));
  expect(entries.filter((e) => e.endsWith('.pdf'))).toHaveLength(cases.size);
  for (const r of courtData) {
    expect(entries.some((e) => e.startsWith(`${r['Court Case Number']}_`))).toBe(true);
  }

  // The package's manifest lists every file, each with the SHA-256 of what was saved.
  const manifest = JSON.parse((await download('papers-manifest.json')).toString('utf8')) as {
    files: { name: string; sha256: string }[];
    review: { sha256: string | null };
  };
  expect(manifest.review.sha256).toBeNull();
  const zipEntry = manifest.files.find((f) => f.name === 'forms.zip');
  expect(zipEntry?.sha256).toBe(createHash('sha256').update(zip).digest('hex'));
  for (const name of [
    'court-data.csv',
    'challenges.csv',
    'held.csv',
    'bulk-motion.pdf',
    'notice-of-challenge.pdf',
    'summary-report.pdf',
  ]) {
    await expect(page.getByRole('button', { name: `Save ${name}` })).toBeVisible();
    expect(manifest.files.map((f) => f.name)).toContain(name);
  }
  await expect(page.getByRole('button', { name: /^Save court-list/ })).toHaveCount(0);
});
