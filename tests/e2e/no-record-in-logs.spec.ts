import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { DOJ_COLUMNS } from '../../src/doj/columns';
import { chooseFile, FIXTURES, next, runReview, SLOW } from './flow';

/**
 * Whatever a malformed file does to the app, the browser console (the page's, the engine
 * worker's, DuckDB's worker's) never receives a value of one of its records: DuckDB's errors quote
 * the offending line, and must be cut to file, line and problem before anything logs them.
 */

const good = readFileSync(path.join(FIXTURES, 'sacramento-handmade.input.csv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const SECRET = {
  name: 'QUIXOTEZ,MARGARITA Q',
  dob: '19070707',
  cii: '7070707070',
  subject: '70707070',
};
// A record of its own, with values no message, label or other row has.
const secretRecord = (good[5] ?? '')
  .replace('"SKYWALKER,LUKE S"', `"${SECRET.name}"`)
  .replace('19600314', SECRET.dob)
  .replace('1008675309', SECRET.cii)
  .replace('18675309', SECRET.subject);

/** Each malformed kind, placed on the record with the secret values (line 6). */
const generated: Record<string, string> = {
  'stray-quote.csv': lines(secretRecord.replace(`"${SECRET.name}"`, '"QUIXOTEZ,MARGARITA "Q"')),
  'open-quote.csv': lines(secretRecord.replace(`"${SECRET.name}"`, '"QUIXOTEZ,MARGARITA Q')),
  'fields-94.csv': lines(secretRecord.replace(/,[^,]*$/, '')),
  'fields-96.csv': lines(`${secretRecord},${SECRET.cii}`),
  'quoted-cr.csv': lines(secretRecord.replace('QUIXOTEZ,', 'QUIXOTEZ,\r')),
  'mixed-line-ends.csv': lines(secretRecord.replace(/,[^,]*$/, ''), (i) => (i % 2 ? '\r\n' : '\n')),
  'cr-only.csv': lines(secretRecord.replace(/,[^,]*$/, ''), () => '\r'),
};

function lines(bad: string, ending: (i: number) => string = () => '\n'): string {
  const all = [...good];
  all[5] = bad;
  return all.map((l, i) => l + ending(i)).join('');
}

/** The values to look for: every distinctive field of a file's records (not its header). */
function fieldValues(text: string): string[] {
  const values = new Set<string>();
  for (const line of text.split(/\r\n|\r|\n/).slice(1)) {
    for (const raw of line.split(',')) {
      const value = raw.replace(/"/g, '').trim();
      // Short values ("F", "x", "23") and column names occur in any text.
      if (value.length >= 6 && !(DOJ_COLUMNS as readonly string[]).includes(value))
        values.add(value);
    }
  }
  for (const secret of Object.values(SECRET)) values.add(secret);
  return [...values];
}

const dir = mkdtempSync(path.join(tmpdir(), 'clearance-logs-'));
const files: [string, string][] = [
  ...['malformed-quote.csv', 'extra-column.csv'].map((f): [string, string] => [
    path.join(FIXTURES, f),
    readFileSync(path.join(FIXTURES, f), 'utf8'),
  ]),
  ...Object.entries(generated).map(([name, text]): [string, string] => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return [file, text];
  }),
];

for (const [file, text] of files) {
  test(`${path.basename(file)}: no record value reaches the console`, async ({ page, context }) => {
    const messages: string[] = [];
    const listen = (m: ConsoleMessage) => messages.push(m.text());
    page.on('console', listen);
    page.on('pageerror', (e) => messages.push(`${e.message}\n${e.stack ?? ''}`));
    page.on('worker', (worker) => worker.on('console', listen));
    context.on('weberror', (e) => messages.push(String(e.error())));
    await chooseFile(page, file);
    const card = page.getByRole('region', { name: path.basename(file) });
    const failed = card.getByRole('alert');
    const read = card.getByText('Every line has the 95 columns');
    await expect(failed.or(read).first()).toBeVisible(SLOW);
    // A trailing comma after END_OF_REC in the header is the 95 columns: no error card.
    if (path.basename(file) === 'extra-column.csv') await expect(failed).toHaveCount(0);
    if (await read.isVisible()) {
      // Read: take it through the review too, where DuckDB reads the file again.
      await next(page);
      await next(page);
      await runReview(page);
      await page.getByRole('button', { name: 'Prepare the files' }).click();
      await expect(page.getByRole('button', { name: 'Save manifest.json' })).toBeVisible(SLOW);
    }
    const logged = messages.join('\n');
    if (process.env.SHOW_LOGS) console.log(logged);
    // Not vacuous: where the engine read the file (any error past the header), its own timings
    // were logged, so the console was heard.
    const headerOnly = (await failed.count()) > 0 && /Line 1:/.test(await failed.innerText());
    if (!headerOnly) expect(logged).toContain('clearance:');
    const leaked = fieldValues(text).filter((value) => logged.includes(value));
    expect(leaked).toEqual([]);
  });
}
