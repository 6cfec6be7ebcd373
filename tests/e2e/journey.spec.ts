import path from 'node:path';
import { expect, test } from '@playwright/test';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');

test.describe('the review in the browser', () => {
  test('sample data: one click to results, with the impact figures', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('note')).toContainText('Your records stay on this computer');
    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    await expect(page.getByRole('heading', { name: 'Results for SACRAMENTO' })).toBeVisible({
      timeout: 60_000,
    });
    const table = page.getByRole('table', { name: 'Impact of the chosen policy' });
    await expect(table.getByRole('row')).toHaveCount(4);
    await expect(table).toContainText('People who would no longer have a felony');
  });

  test('the hand-made Sacramento extract gives its 18 Prop 64 convictions', async ({ page }) => {
    await page.goto('/');
    await page
      .getByLabel('DOJ research file')
      .setInputFiles(path.join(FIXTURES, 'sacramento-handmade.input.csv'));
    await expect(page.getByRole('heading', { name: 'Results for SACRAMENTO' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByText('38 rows, 18 Prop 64 convictions in the county')).toBeVisible();
  });

  for (const [fixture, message] of [
    ['malformed-quote.csv', 'Line 1: the header row has 94 column names, 95 expected'],
    ['extra-column.csv', 'Line 1: the header row has 96 column names, 95 expected'],
  ] as const) {
    test(`${fixture} gets a plain error card, not a blank screen`, async ({ page }) => {
      await page.goto('/');
      await page.getByLabel('DOJ research file').setInputFiles(path.join(FIXTURES, fixture));
      const card = page.getByRole('alert');
      await expect(card).toContainText(`${fixture} cannot be used`);
      await expect(card).toContainText(message);
      await expect(page.getByRole('button', { name: 'Try it with sample data' })).toBeVisible();
    });
  }

  test('Clear everything returns to the start', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    await page.getByRole('button', { name: 'Clear everything' }).click({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Try it with sample data' })).toBeVisible();
  });
});
