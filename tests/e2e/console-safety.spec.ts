import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { RESULT_COLUMNS } from '../../src/doj/columns';
import { parseCsv } from '../helpers/csv';
import { chooseFile, FIXTURES, next, runReview, SLOW } from './flow';

/** Issue #16: the breakout that once rewrote the run's results from the console, verbatim. */
const REPRO = `SELECT 1 /* -- */ ) a ) b; UPDATE result_cells SET "Eligibility Determination"='Eligible for Dismissal' WHERE "Eligibility Determination"='Eligible for Reduction'; SELECT * FROM (SELECT (SELECT 1`;

test('a console statement that closes the wrapper changes no download (issue #16)', async ({
  page,
}, testInfo) => {
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

  // The payload runs before any file is written: then the files were written from the changed table.
  await page.getByRole('link', { name: 'SQL console' }).click();
  await page.getByLabel('SQL query').fill(REPRO);
  await page.getByRole('button', { name: 'Run query' }).click();
  // The first query may wait for the console's own DuckDB to start.
  await expect(page.getByRole('alert')).toContainText('one query at a time', SLOW);
  // The console's own copy is unchanged too.
  await page
    .getByLabel('SQL query')
    .fill(
      `SELECT count(*) AS reductions FROM result_cells WHERE "Eligibility Determination" = 'Eligible for Reduction'`,
    );
  await page.getByRole('button', { name: 'Run query' }).click();
  const grid = page.getByRole('region', { name: 'Query result (scrolls)' });
  await expect(grid.getByRole('cell').first()).toHaveText('1');

  await page.getByRole('link', { name: 'Back to the review' }).click();
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  const expected = parseCsv(
    await readFile(path.join(FIXTURES, 'sacramento-handmade.expected.csv'), 'utf8'),
  );
  const results = (rows: Record<string, string>[]) =>
    rows.map((r) => RESULT_COLUMNS.map((c) => r[c]));
  expect(expected.some((r) => r['Eligibility Determination'] === 'Eligible for Reduction')).toBe(
    true,
  );
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save All_Results.csv' }).click(SLOW);
  const saved = testInfo.outputPath('All_Results.csv');
  await (await downloading).saveAs(saved);
  expect(results(parseCsv(await readFile(saved, 'utf8')))).toEqual(results(expected));
});
