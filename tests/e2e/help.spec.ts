import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

/** Fails the test unless the element is focused and its top is inside the viewport. */
async function expectLandedOn(page: Page, id: string) {
  const target = page.locator(`#${id}`);
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
}

test('Help opens from the header, its contents are links that keep the page, and Back works', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL(/#\/help$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Help' })).toBeFocused();
  // The attorney notice comes before everything else the page says.
  const notice = page.getByRole('note').filter({ hasText: 'An attorney reviews the results' });
  await expect(notice).toBeVisible();

  // Headings in the order of the contents, each reached from its entry.
  const contents = page.getByRole('navigation', { name: 'Contents' }).getByRole('link');
  const titles = await contents.allTextContents();
  expect(titles.length).toBeGreaterThan(6);
  const headings = await page.locator('article.help section > h3').allTextContents();
  expect(headings).toEqual(titles);

  await contents.filter({ hasText: 'Privacy' }).click();
  await expect(page).toHaveURL(/#\/help\/privacy$/);
  await expectLandedOn(page, 'help-privacy');
  await expect(page.getByText('origin private file system')).toBeVisible();

  await contents.filter({ hasText: 'Holds' }).click();
  await expectLandedOn(page, 'help-holds');
  await page.goBack();
  await expect(page).toHaveURL(/#\/help\/privacy$/);
  await expectLandedOn(page, 'help-privacy');

  // A reason links to its rule on the rules page.
  await page.getByRole('link', { name: 'P64-R03' }).click();
  await expect(page).toHaveURL(/#\/rules\/P64-R03$/);
  await expect(page.getByRole('heading', { name: /^P64-R03: / })).toBeFocused();

  // Leaving Help returns to the review where it was.
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Review your county/ })).toBeFocused();
});

test('"Help with this step" opens the part of Help about the step on screen', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: "Use my county's files" }).click();
  await page.getByRole('link', { name: 'Help with this step' }).click();
  await expect(page).toHaveURL(/#\/help\/step-files$/);
  await expectLandedOn(page, 'help-step-files');
  await page.goBack();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Choose the extract the DOJ sent' }),
  ).toBeFocused();
});

test('the quick guide prints on one page, A4 and Letter, with nothing but the guide', async ({
  page,
}) => {
  await page.goto('/#/help');
  await page.getByRole('link', { name: 'Open the one-page quick guide' }).click();
  await expect(page).toHaveURL(/#\/help\/quick-guide$/);
  await expect(page.getByRole('heading', { name: 'Clearance quick guide' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Print the quick guide' })).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  const dir = mkdtempSync(path.join(tmpdir(), 'quick-guide-'));
  try {
    for (const format of ['A4', 'Letter'] as const) {
      const file = path.join(dir, `${format}.pdf`);
      writeFileSync(file, await page.pdf({ format, preferCSSPageSize: false }));
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info, format).toMatch(/^Pages:\s+1$/m);
      // Words only: where a line breaks depends on the fonts installed.
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      expect(text, format).toContain('Clearance quick guide');
      expect(text, format).toContain('Court papers');
      expect(text, format).toContain('An attorney reviews the results');
      // The app around it (header, step list, footer, buttons) does not print.
      expect(text, format).not.toContain('SQL console');
      expect(text, format).not.toContain('Print the quick guide');
      expect(text, format).not.toContain('Clearance runs in this tab');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
