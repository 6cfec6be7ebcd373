import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { sampleWithFilesPrepared, SLOW } from './flow';

/**
 * "Save all" on the Results step (issue #18): every file at once, into a folder chosen once where
 * the browser has a folder dialog, one download each where it has not. Headless, no dialog can be
 * answered, so the folder is one the page makes in its own origin-private storage: a real folder
 * handle, written through the same calls a chosen folder gets.
 */

async function toPreparedFiles(page: Page): Promise<string[]> {
  await sampleWithFilesPrepared(page);
  const buttons = await page.getByRole('button', { name: /^Save \S+\.(csv|json)$/ }).all();
  return Promise.all(buttons.map(async (b) => (await b.innerText()).replace(/^Save /, '')));
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

test('Save all to a folder writes every file into the folder chosen, as saved one by one', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker =
      async () =>
        (await navigator.storage.getDirectory()).getDirectoryHandle('chosen-folder', {
          create: true,
        });
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  const names = await toPreparedFiles(page);
  expect(names).toContain('All_Results.csv');
  expect(names).toContain('manifest.json');

  await page.getByRole('button', { name: 'Save all to a folder' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'saved in the folder' })).toHaveText(
    `All ${names.length} files saved in the folder chosen-folder.`,
    SLOW,
  );
  const inFolder = await page.evaluate(async () => {
    const folder = await (
      await navigator.storage.getDirectory()
    ).getDirectoryHandle('chosen-folder');
    const found: Record<string, string> = {};
    for await (const [name, handle] of folder as unknown as AsyncIterable<
      [string, FileSystemFileHandle]
    >) {
      found[name] = await (await handle.getFile()).text();
    }
    return found;
  });
  expect(Object.keys(inFolder).sort()).toEqual([...names].sort());

  // The same bytes as the file saved on its own.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save All_Results.csv' }).click();
  const alone = await readFile(await (await downloading).path());
  expect(sha256(inFolder['All_Results.csv']!)).toBe(sha256(alone));
  // And what manifest.json records for it.
  const manifest = JSON.parse(inFolder['manifest.json']!) as {
    outputs: { name: string; sha256: string }[];
  };
  expect(manifest.outputs.find((o) => o.name === 'All_Results.csv')?.sha256).toBe(sha256(alone));
});

test('without a folder dialog, Save all downloads every file', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  const names = await toPreparedFiles(page);
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: `Save all ${names.length} files` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'sent to your downloads' })).toHaveText(
    `All ${names.length} files sent to your downloads.`,
    SLOW,
  );
  await expect.poll(() => downloads.length).toBe(names.length);
  expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual([...names].sort());
  for (const d of downloads) expect(await d.failure()).toBeNull();
});
