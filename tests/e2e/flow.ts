import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');
export const SLOW = { timeout: 90_000 };

/** Start → sample data → the files step with the sample read. */
export async function loadSample(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it with sample data' }).click();
  await expect(page.getByText('Every line has the 95 columns')).toBeVisible(SLOW);
}

/** Start → "Use my county's files" → pick one file. */
export async function chooseFile(page: Page, file: string) {
  await page.goto('/');
  await page.getByRole('button', { name: "Use my county's files" }).click();
  await page.getByLabel('DOJ research file').setInputFiles(file);
}

export async function next(page: Page) {
  await page.getByRole('button', { name: /^Next:/ }).click();
}

/** From the policy step: run and wait for the results heading. */
export async function runReview(page: Page) {
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Results for/ })).toBeVisible(SLOW);
}

/** Start → sample data → default county and policy → run → "Prepare the files" → ready. */
export async function sampleWithFilesPrepared(page: Page) {
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  await expect(page.getByText('The files are ready.')).toBeVisible(SLOW);
}
