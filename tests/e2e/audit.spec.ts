import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { loadSample, next, runReview, SLOW } from './flow';

const RULES = path.resolve(import.meta.dirname, '../../src/rules/prop64');

test.describe('auditing a run', () => {
  test.beforeEach(async ({ page }) => {
    await loadSample(page);
    await next(page);
    await next(page);
    await runReview(page);
  });

  test('a reason links to the rule that produced it, shown exactly as stored', async ({ page }) => {
    await page.getByRole('link', { name: 'P64-R03' }).first().click();
    const heading = page.getByRole('heading', { name: /^P64-R03: / });
    await expect(heading).toBeFocused();
    const text = await readFile(path.join(RULES, '12_rule_under_21.sql'), 'utf8');
    const code = page.getByRole('region', { name: /^12_rule_under_21\.sql/ });
    // Line numbers are decoration; the code itself is the file, character for character.
    const shown = await code.locator('.line').evaluateAll((lines) =>
      lines.map((l) =>
        [...l.childNodes]
          .slice(1)
          .map((n) => n.textContent)
          .join(''),
      ),
    );
    expect(shown.join('')).toBe(`${text.split('\n').join('\n')}\n`);
    await expect(page.getByText('Option values of the latest run')).toBeVisible();
    await page.getByRole('link', { name: 'Back to the review' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /^Results for/ })).toBeVisible();
  });

  test("a conviction's explanation lists the rules tried, with the values tested", async ({
    page,
  }) => {
    await page
      .getByRole('table', { name: /people/i })
      .getByRole('button')
      .first()
      .click();
    await page.getByRole('button', { name: 'Why? See each rule' }).first().click();
    const steps = page.locator('.explanation li');
    await expect(steps.first()).toContainText('felony? conviction level');
    await expect(page.locator('.explanation')).toContainText(/Line \d+ of the file/);
    await expect(page.locator('.explanation .result')).toContainText(
      /Result: (Eligible for Dismissal|Eligible for Reduction|No relief)/,
    );
  });

  test('the SQL console runs a saved query and refuses a write', async ({ page }) => {
    await page.getByRole('link', { name: 'SQL console' }).click();
    await expect(page.getByRole('heading', { name: "Auditor's SQL console" })).toBeFocused();
    await page.getByRole('button', { name: 'Determinations by rule and reason' }).click();
    await page.getByRole('button', { name: 'Run query' }).click();
    const grid = page.getByRole('region', { name: 'Query result (scrolls)' });
    // The first query may wait for the console's own DuckDB to start.
    await expect(grid.getByRole('columnheader', { name: 'rule_id' })).toBeVisible(SLOW);
    await expect(grid.getByRole('cell', { name: 'P64-R01' })).toBeVisible();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as CSV' }).click();
    expect((await downloading).suggestedFilename()).toBe('console-query.csv');

    await page.getByLabel('SQL query').fill('DELETE FROM determinations');
    await page.getByLabel('SQL query').press('Control+Enter');
    await expect(page.getByRole('alert')).toContainText('The console only reads');
    await page.getByLabel('SQL query').fill('SELECT count(*) AS n FROM determinations');
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect(grid.getByRole('cell').first()).not.toHaveText('0');
  });

  test('two policies compared side by side, differences highlighted', async ({ page }) => {
    await page.getByLabel('Preset').first().selectOption({ label: 'Dismiss all' });
    await page.getByRole('button', { name: 'Compare' }).click();
    const table = page.getByRole('table', { name: 'Policies compared on the same convictions' });
    await expect(table).toBeVisible({ timeout: 60_000 });
    await expect(table.getByRole('columnheader')).toHaveText([
      'Figure',
      /^This policy/,
      'Dismiss all',
    ]);
    const reduced = table.getByRole('row', { name: /^Convictions: reduced/ });
    await expect(reduced.getByRole('cell').nth(1)).toHaveText(/^0 \(\u2212\d+\)$/);
    await expect(table.locator('td.changed').first()).toBeVisible();
    // The rest of the page still shows the current policy's results.
    await expect(page.getByRole('heading', { level: 2, name: /^Results for/ })).toBeVisible();
  });

  test('"Download the rules" gives every .sql file as stored, with a README', async ({ page }) => {
    await page.getByRole('link', { name: 'The rules' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the rules' }).click();
    const download = await downloading;
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const files = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const names = Object.keys(files).map((n) => n.split('/').at(-1));
    expect(names).toContain('README.md');
    const file = Object.entries(files).find(([n]) => n.endsWith('/20_decide.sql'));
    expect(strFromU8(file?.[1] ?? new Uint8Array())).toBe(
      await readFile(path.join(RULES, '20_decide.sql'), 'utf8'),
    );
  });
});

test('DuckDB rehearses on synthetic rows before the first file, and keeps nothing of it', async ({
  page,
}) => {
  const rehearsed = page.waitForEvent('console', {
    predicate: (m) => m.text().startsWith('clearance: DuckDB rehearsed'),
    timeout: 90_000,
  });
  await loadSample(page);
  const message = (await rehearsed).text();
  // The worker names the databases left once the rehearsal is over: only DuckDB's own.
  expect(message).toMatch(/\(databases: [a-z_,]+\)$/);
  expect(message).not.toContain('rehearsal');
  await next(page);
  await next(page);
  await runReview(page);
});
