import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { loadSample, next, runReview, SLOW } from './flow';

test('the summary report is made from the Results step, without office details; focus goes to the files', async ({
  page,
}) => {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  // Focus follows to the files made, not back to the top of the page.
  await expect(page.getByText('The files are ready.')).toBeFocused(SLOW);
  await page.getByRole('button', { name: 'Make the summary report (PDF)' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save summary-report.pdf' }).click({ timeout: 90_000 });
  const file = await (await downloading).path();
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const county = (await page.getByRole('heading', { level: 2 }).innerText())
    .replace(/^Results for /, '')
    .replace(/ County$/, '');
  expect(text.toUpperCase()).toContain(county.toUpperCase());
  const sampleName = await page.evaluate(
    () => document.body.innerText.match(/sample[\w-]*\.csv/)?.[0],
  );
  expect(sampleName).toBeTruthy();
  expect(text).toContain(sampleName!);
  // Made once: the button gives way to the file.
  await expect(page.getByRole('button', { name: 'Make the summary report (PDF)' })).toHaveCount(
    0,
    SLOW,
  );
});
