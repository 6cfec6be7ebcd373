import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadSample, next, runReview } from './flow';

const POLICY_HEADING = { level: 2, name: "Choose your county's policy" } as const;

async function openPolicy(page: Page) {
  await loadSample(page);
  await next(page);
  await next(page);
  await expect(page.getByRole('heading', POLICY_HEADING)).toBeFocused();
}

/** The outline a focused element is drawn with, as the browser computed it. */
async function outlineOf(target: Locator) {
  return target.evaluate((el) => {
    const style = getComputedStyle(el);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
}

test('a threshold out of range is named at the top, stays as typed and stops the run until fixed', async ({
  page,
}) => {
  await openPolicy(page);
  const age = page.getByLabel("Person's age is at least");
  await expect(age).toHaveValue('57');
  await age.fill('30');
  await age.press('Tab');

  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  const link = summary.getByRole('link', { name: /^Person's age is at least: .*40 to 65/ });
  await expect(link).toBeVisible();
  await expect(age).toHaveAttribute('aria-invalid', 'true');
  await expect(age).toHaveValue('30');
  // Drawn as wrong too (a red border), not only announced.
  expect(await age.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(164, 38, 44)');

  // Another change to the policy does not put the old value back in the box.
  await page.getByLabel('Person has died').click();
  await expect(age).toHaveValue('30');
  // Nor does going Back and returning.
  await page.getByRole('button', { name: 'Back' }).click();
  await next(page);
  await expect(age).toHaveValue('30');
  await expect(link).toBeVisible();

  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Run refuses, moves focus to the summary, and the page stays on the policy.
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(summary).toBeFocused();
  await expect(page.getByRole('heading', POLICY_HEADING)).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Results for/ })).toHaveCount(0);

  // The summary's link takes the person to the box, without leaving the page.
  await link.click();
  await expect(age).toBeFocused();
  await expect(page.getByRole('heading', POLICY_HEADING)).toBeVisible();

  await age.fill('45');
  await age.press('Tab');
  await expect(summary).toHaveCount(0);
  await expect(age).not.toHaveAttribute('aria-invalid', 'true');
  await runReview(page);

  // The run used the value in the box.
  await page.getByRole('link', { name: 'The rules' }).click();
  const options = page.getByRole('region', { name: /Option values of the latest run/ });
  await expect(options.locator('dt:text-is("Person\'s age is at least") + dd')).toContainText('45');
});

test('Decide as of: one text box and a calendar button, dates as "May 19, 1963", a wrong date blocks the run', async ({
  page,
}) => {
  await openPolicy(page);
  const box = page.getByLabel('Decide as of');
  await box.fill('11/11/2019');
  await box.press('Tab');
  await expect(box).toHaveValue('November 11, 2019');
  await expect(
    page.getByText('Ages and years are counted to this date: November 11, 2019.'),
  ).toBeVisible();

  // Two Tab stops in all: the box, then its calendar button, which shows a focus ring.
  await box.focus();
  await page.keyboard.press('Tab');
  const calendar = page.getByRole('button', {
    name: 'Choose from a calendar',
  });
  await expect(calendar).toBeFocused();
  expect(await outlineOf(calendar)).toBe('solid 3px');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Import policy file' })).toBeFocused();

  await box.fill('February 30, 2019');
  await box.press('Tab');
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(
    summary.getByRole('link', { name: /^Decide as of: Enter a whole date/ }),
  ).toBeVisible();
  await expect(box).toHaveValue('February 30, 2019');
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(summary).toBeFocused();
  await expect(page.getByRole('heading', POLICY_HEADING)).toBeVisible();

  await box.fill('2019-11-11');
  await expect(summary).toHaveCount(0);

  // A day chosen in the browser's calendar (its hidden date input) fills the box the same way.
  await page.locator('input.picker').fill('2020-02-29');
  await expect(box).toHaveValue('February 29, 2020');
  await expect(
    page.getByText('Ages and years are counted to this date: February 29, 2020.'),
  ).toBeVisible();
});

test('County and Policy speak plainly: no DOJ column names or command-line flags, one way of writing dates', async ({
  page,
}) => {
  const jargon = /\b(STP|PRI|OFFENSE|CONV|SENT|CII)_[A-Z_]+|--[a-z][a-z-]+/;
  await loadSample(page);
  await next(page);
  await expect(page.locator('main')).not.toContainText(jargon);
  await next(page);
  const main = page.locator('main');
  await expect(main).not.toContainText(jargon);
  // Dates in words, never 2026-12-07 or 12/07/2026.
  await expect(main).not.toContainText(/\b\d{4}-\d{2}-\d{2}\b|\b\d{2}\/\d{2}\/\d{4}\b/);
  await expect(main).toContainText(/counted to this date: [A-Z][a-z]+ \d{1,2}, \d{4}\./);
  // The policy says what rule P64-R03 computes (younger than 21 on the day of conviction), and
  // names the words the results use for it.
  await expect(main).toContainText('younger than 21 on the date of the conviction');
  await expect(main).toContainText('"21 years or younger"');
});

test('a heading focused by script has no box around it; keyboard focus always shows', async ({
  page,
}) => {
  await page.goto('/');
  const heading = page.getByRole('heading', { level: 2, name: /Review your county/ });
  await expect(heading).toBeFocused();
  expect(await outlineOf(heading)).toMatch(/^none/);
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  expect(await outlineOf(focused)).toBe('solid 3px');
});
