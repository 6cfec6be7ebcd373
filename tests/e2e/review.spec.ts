import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { parseCsv } from '../helpers/csv';
import { seriousViolations } from './axe';
import { loadSample, next, runReview, SLOW } from './flow';

/**
 * The attorney's review in the browser, as issue #15 describes the journey: decide on the sample,
 * save review.json, clear everything, load the same file again, open the review, and make the
 * filing package from it.
 */

async function toReview(page: Page) {
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Review' })).toBeFocused();
  await expect(page.getByText(/^\d[\d,]* convictions?: every conviction\.$/)).toBeVisible(SLOW);
}

/** The figure of one of the review's totals, e.g. "Still held". */
async function total(page: Page, label: string): Promise<number> {
  const card = page.getByLabel('Convictions by filing decision').locator('div', {
    has: page.getByText(label, { exact: true }),
  });
  return Number((await card.locator('dd').innerText()).replace(/,/g, ''));
}

/** Shows only the convictions held for one reason (its option starts with `label`). */
async function showHeldFor(page: Page, label: string) {
  const select = page.getByLabel('Hold reason');
  const option = select.locator('option', { hasText: label });
  await expect(option).toHaveCount(1);
  await select.selectOption({ label: (await option.innerText()).trim() });
  await expect(page.getByText(/convictions?: held for/)).toBeVisible();
}

/** Opens the decision form of the first conviction listed (in `within`); returns its Input Line. */
async function decideFirst(page: Page, within: Locator = page.locator('li.conviction')) {
  const button = within.first().getByRole('button', { name: /^Decide line \d+/ });
  const line = Number(/^decide-(\d+)$/.exec((await button.getAttribute('id')) ?? '')?.[1]);
  await button.click();
  expect(line).toBeGreaterThan(0);
  return line;
}

async function saved(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

test('review: challenge, grant with a note, save, clear, open again, make the package', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  page.on('dialog', (dialog) => void dialog.accept());
  await toReview(page);

  expect(await seriousViolations(page), 'review').toEqual([]);

  const heldAtFirst = await total(page, 'Still held');
  expect(heldAtFirst).toBeGreaterThan(2);
  expect(await total(page, 'Decided by you')).toBe(0);

  // Challenge a conviction held for a superstrike, on the ground of public safety.
  await showHeldFor(page, 'Superstrike on record');
  const challenged = await decideFirst(page);
  await page.getByLabel('Challenge').check();
  await page.getByRole('button', { name: 'Save the decision' }).click();
  // The ground is needed: named, and the decision not recorded.
  await expect(page.getByText('Choose the ground of the challenge.')).toBeVisible();
  await expect(page.getByLabel('Ground')).toBeFocused();
  await page.getByLabel('Ground').selectOption('Unreasonable risk to public safety (H&S 11361.9)');
  await page.getByLabel('Note').fill('Prior violent felony; see the court file.');
  await page.getByRole('button', { name: 'Save the decision' }).click();
  // Challenged, it is no longer held: it moves below the held ones, off this page of the 55, so
  // focus goes to the notice that says so (not to a button that has gone).
  const notice = page.getByRole('status').filter({ hasText: `Line ${challenged}: challenged.` });
  await expect(notice).toBeFocused();
  await expect(notice).toContainText('further down the list');
  await expect.poll(() => total(page, 'Decided by you')).toBe(1);

  // Grant a Needs Review conviction (one with a court case number) with a note.
  await showHeldFor(page, 'Needs review');
  const granted = await decideFirst(
    page,
    page.locator('li.conviction', { hasNot: page.getByText('No usable case number') }),
  );
  await page.getByLabel('Grant').check();
  await page.getByLabel('Note (optional)').fill('Dates checked against the court file.');
  await page.getByRole('button', { name: 'Save the decision' }).click();
  // Still on this page (six in all): focus returns to its own Decide button.
  await expect(page.locator(`#decide-${granted}`)).toBeFocused();
  await expect.poll(() => total(page, 'Decided by you')).toBe(2);
  const heldAfter = await total(page, 'Still held');
  expect(heldAfter).toBeGreaterThan(0);
  expect(heldAfter).toBeLessThan(heldAtFirst);
  const counts = {
    grant: await total(page, 'Granted: filed for relief'),
    challenge: await total(page, 'Challenged'),
    hold: heldAfter,
  };

  // Save review.json.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the review file' }).click();
  const reviewText = await saved(await downloading);
  const review = JSON.parse(reviewText) as {
    inputSha256: string;
    decisions: { line: number; decision: string; ground?: string; note?: string }[];
  };
  expect(review.decisions.map((d) => [d.line, d.decision])).toEqual(
    [
      [challenged, 'challenge'],
      [granted, 'grant'],
    ].sort((a, b) => Number(a[0]) - Number(b[0])),
  );
  const reviewFile = testInfo.outputPath('review.json');
  await writeFile(reviewFile, reviewText);
  const otherFile = testInfo.outputPath('other-review.json');
  await writeFile(otherFile, JSON.stringify({ ...review, inputSha256: 'f'.repeat(64) }));

  // Clear everything, then the same file again: the defaults, until the review is opened.
  await page.getByRole('button', { name: 'Clear everything' }).click();
  await expect(page.getByRole('button', { name: 'Try it with sample data' })).toBeVisible();
  await toReview(page);
  expect(await total(page, 'Decided by you')).toBe(0);

  // A review made for another file is refused, saying why, and changes nothing.
  await page.getByLabel('Open a review file').setInputFiles(otherFile);
  await expect(page.getByText('other-review.json cannot be used for these results')).toBeVisible();
  await expect(page.getByText(/made for another input file/)).toBeVisible();
  expect(await total(page, 'Decided by you')).toBe(0);

  await page.getByLabel('Open a review file').setInputFiles(reviewFile);
  await expect(page.getByText('Opened review.json: 2 decisions applied.')).toBeVisible();
  expect(await total(page, 'Granted: filed for relief')).toBe(counts.grant);
  expect(await total(page, 'Challenged')).toBe(counts.challenge);
  expect(await total(page, 'Still held')).toBe(counts.hold);

  // The package: what the review decided, paper by paper.
  await page.getByRole('button', { name: 'Next: Court papers' }).click();
  await expect(
    page.getByText(`${counts.grant.toLocaleString('en-US')} convictions granted`),
  ).toBeVisible();
  await page.getByLabel('Office name').fill('Sacramento County District Attorney');
  await page.getByLabel('Address').fill('901 G Street, Sacramento, CA 95814');
  await page.getByLabel('Attorney name').fill('Maria Lopez');
  await page.getByLabel('State Bar number').fill('123456');
  await page.getByLabel('Phone').fill('(916) 555-0100');
  await page.getByLabel('Email').fill('prop64@example.org');
  await page.getByRole('button', { name: 'Make the court papers' }).click();
  await expect(page.getByRole('heading', { name: 'The court papers are ready' })).toBeVisible(SLOW);

  const csv = async (name: string) => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Save ${name}` }).click();
    return parseCsv(await saved(await download));
  };
  const courtData = await csv('court-data.csv');
  const challenges = await csv('challenges.csv');
  const held = await csv('held.csv');
  expect(courtData).toHaveLength(counts.grant);
  expect(challenges).toHaveLength(counts.challenge);
  expect(held).toHaveLength(counts.hold);
  expect(challenges.find((r) => Number(r['Input Line']) === challenged)).toMatchObject({
    Ground: 'Unreasonable risk to public safety (H&S 11361.9)',
    Note: 'Prior violent felony; see the court file.',
  });
  expect(courtData.some((r) => Number(r['Input Line']) === granted)).toBe(true);
  for (const line of [challenged, granted]) {
    expect(held.some((r) => Number(r['Input Line']) === line)).toBe(false);
  }
  expect(courtData.every((r) => r['Court Case Number'] !== '')).toBe(true);
  // Granted without a date of conviction: the attorney is told how many, or nothing is said.
  const undated = courtData.filter((r) => r['Date of Conviction'] === '').length;
  const warning = page.getByText(/granted convictions? (has|have) no date of conviction/);
  if (undated === 0) await expect(warning).toHaveCount(0);
  else await expect(warning).toContainText(`${undated} granted conviction`);

  // The papers' manifest names the review file they were made from, by its SHA-256.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save papers-manifest.json' }).click();
  const papers = JSON.parse(await saved(await download)) as {
    review: { sha256: string | null };
    counts: { granted: number; challenged: number; held: number };
  };
  expect(papers.review.sha256).toBe(createHash('sha256').update(reviewText).digest('hex'));
  expect(papers.counts).toMatchObject({
    granted: counts.grant,
    challenged: counts.challenge,
    held: counts.hold,
  });
});
