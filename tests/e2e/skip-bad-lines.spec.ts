import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseCsv } from '../helpers/csv';
import { chooseFile, FIXTURES, next, runReview, SLOW } from './flow';

test('a file with a bad line offers to skip it, as the CLI does, and lists it in rejected_rows.csv', async ({
  page,
}, info) => {
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  // The hand-made extract with one field too many on line 10.
  const lines = (
    await readFile(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8')
  ).split('\n');
  const bad = 10;
  lines[bad - 1] = `${lines[bad - 1]},`;
  const damaged = info.outputPath('damaged.csv');
  await writeFile(damaged, lines.join('\n'));

  await chooseFile(page, damaged);
  const card = page.getByRole('alert').filter({ hasText: 'damaged.csv cannot be used' });
  await expect(card).toContainText(`Line ${bad}:`, SLOW);
  await expect(page.getByText('Not counted: the file could not be read')).toBeVisible();
  // The way on is a button, never a command-line flag.
  await expect(page.locator('body')).not.toContainText('--skip-bad-rows');
  await page.getByRole('button', { name: 'Skip the bad lines and continue' }).click();
  await expect(page.getByText('1 bad line skipped (listed in rejected_rows.csv)')).toBeVisible(
    SLOW,
  );

  await next(page);
  await next(page);
  await page.getByLabel('Decide as of').fill('2019-11-11');
  await runReview(page);
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save rejected_rows.csv' }).click(SLOW);
  const rejected = parseCsv(await readFile(await (await downloading).path(), 'utf8'));
  expect(rejected.map((r) => Number(r.Line))).toEqual([bad]);
  const manifestDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save manifest.json' }).click();
  const manifest = JSON.parse(await readFile(await (await manifestDownload).path(), 'utf8')) as {
    skipBadRows: boolean;
  };
  expect(manifest.skipBadRows).toBe(true);
});
