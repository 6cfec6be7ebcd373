import { expect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { loadSample, next, runReview } from './flow';

test('every step passes axe with no serious or critical violation', async ({ page }) => {
  // Seven axe scans and a run; with the DOJ-shape sample (a person's record ~90 rows) the person
  // view is larger: more than the default two minutes on a busy two-core machine.
  test.setTimeout(300_000);
  await page.goto('/');
  expect(await seriousViolations(page), 'start').toEqual([]);
  await loadSample(page);
  expect(await seriousViolations(page), 'files').toEqual([]);
  await next(page);
  expect(await seriousViolations(page), 'county').toEqual([]);
  await next(page);
  expect(await seriousViolations(page), 'policy').toEqual([]);
  await runReview(page);
  expect(await seriousViolations(page), 'results').toEqual([]);
  await page
    .getByRole('table', { name: /people/i })
    .getByRole('button')
    .first()
    .click();
  await page.getByRole('button', { name: 'Why? See each rule' }).first().click();
  await expect(page.locator('.explanation .result')).toBeVisible();
  expect(await seriousViolations(page), 'person view with an explanation').toEqual([]);
  await page.getByRole('link', { name: 'The rules' }).click();
  await expect(page.getByRole('heading', { name: /^P64-R01: / })).toBeVisible();
  expect(await seriousViolations(page), 'rules page').toEqual([]);
});

test('Help, each of its sections, and the quick guide pass axe', async ({ page }) => {
  await page.goto('/#/help');
  await expect(page.getByRole('heading', { level: 2, name: 'Help' })).toBeFocused();
  expect(await seriousViolations(page), 'help').toEqual([]);
  await page.goto('/#/help/privacy');
  await expect(page.locator('#help-privacy')).toBeFocused();
  expect(await seriousViolations(page), 'help, privacy section').toEqual([]);
  await page.goto('/#/help/quick-guide');
  await expect(page.getByRole('heading', { name: 'Clearance quick guide' })).toBeFocused();
  expect(await seriousViolations(page), 'quick guide').toEqual([]);
  await page.emulateMedia({ media: 'print' });
  expect(await seriousViolations(page), 'quick guide, as printed').toEqual([]);
});

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the control');
}

test('the whole review can be done with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await tabTo(page, page.getByRole('button', { name: 'Try it with sample data' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Every line has the 95 columns')).toBeVisible({ timeout: 90_000 });
  for (const label of [/^Next:/, /^Next:/, /^Run the review$/]) {
    await tabTo(page, page.getByRole('button', { name: label }));
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { level: 2, name: /^Results for/ })).toBeFocused({
    timeout: 90_000,
  });
});
