import { expect, test } from '@playwright/test';
import { loadSample, next, runReview } from './flow';

test('the people explorer filters by determination, flag and hold reason, and fits at 1024 px', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);

  const count = page.getByText(/^\d[\d,]* (people match|person matches)$/);
  const people = async () => Number((await count.innerText()).split(' ')[0]!.replace(/,/g, ''));
  await expect(count).toBeVisible();
  const everyone = await people();
  const table = page.getByRole('table', { name: /people in the review/i });

  // The whole table is visible at 1024 px: no sideways scrolling to reach a column.
  const region = page.getByRole('region', { name: 'Table of people in the review' });
  const [scrollWidth, clientWidth] = await region.evaluate((el) => [
    el.scrollWidth,
    el.clientWidth,
  ]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth!);

  // A determination: every person listed has at least one reduction.
  const show = page.getByLabel('Show', { exact: true });
  await show.selectOption({ label: 'People with a conviction eligible for reduction' });
  await expect.poll(people).toBeLessThan(everyone);
  // Columns: person, case numbers, convictions, dismissal, reduction, ...
  const reductions = await table.locator('tbody tr > :nth-child(5)').allInnerTexts();
  expect(reductions.length).toBeGreaterThan(0);
  expect(reductions.every((n) => Number(n) > 0)).toBe(true);

  // A flag's count is a link to its people.
  await show.selectOption({ label: 'Everyone in the review' });
  await expect.poll(people).toBe(everyone);
  const superstrikes = page.getByRole('listitem').filter({ hasText: 'superstrike conviction' });
  await superstrikes.getByRole('button', { name: 'list the people' }).click();
  await expect(show).toBeFocused();
  await expect(show).toHaveValue('flag:superstrike');
  await expect.poll(people).toBeLessThan(everyone);
  expect(await people()).toBeGreaterThan(0);

  // A hold reason.
  await show.selectOption({ label: 'Held: No usable court case number' });
  await expect.poll(people).toBeLessThan(everyone);
});
