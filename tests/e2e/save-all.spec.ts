import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { loadSample, next, runReview, sampleWithFilesPrepared, SLOW } from './flow';

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

/**
 * The folder dialog answers with `folderName`, a folder in the page's own storage (no dialog can
 * be answered headless); the save dialog is gone, so a file saved alone is a download.
 */
function folderDialogChooses(page: Page, folderName: string) {
  return page.addInitScript((name) => {
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker =
      async () =>
        (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  }, folderName);
}

/** A browser without the folder and save dialogs (Firefox, Safari). */
function withoutDialogs(page: Page) {
  return page.addInitScript(() => {
    delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

test('Save all to a folder writes every file into the folder chosen, as saved one by one', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await folderDialogChooses(page, 'chosen-folder');
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

/** Every file in the page's stand-in for a chosen folder, by name, as text. */
function filesInFolder(page: Page, folderName: string): Promise<Record<string, string>> {
  return page.evaluate(async (name) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const found: Record<string, string> = {};
    for await (const [file, handle] of folder as unknown as AsyncIterable<
      [string, FileSystemFileHandle]
    >) {
      found[file] = await (await handle.getFile()).text();
    }
    return found;
  }, folderName);
}

test('Save all to a folder before the files exist makes each one straight into the folder, once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await folderDialogChooses(page, 'office-folder');
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);
  await expect(page.getByRole('button', { name: /^Save \S+\.csv$/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save all to a folder' }).click();
  await expect(
    page.getByText(/^All \d+ files are saved in the folder office-folder\./),
  ).toBeVisible(SLOW);

  // Done: saving all again is offered as the lesser choice, to another folder.
  await expect(page.getByRole('button', { name: 'Save all to another folder' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save all to a folder' })).toHaveCount(0);

  const inFolder = await filesInFolder(page, 'office-folder');
  const manifest = JSON.parse(inFolder['manifest.json']!) as {
    outputs: { name: string; size: number; sha256: string }[];
  };
  // Every file the manifest names is in the folder, with the size and SHA-256 it records.
  expect(Object.keys(inFolder).sort()).toEqual(
    [...manifest.outputs.map((o) => o.name), 'manifest.json'].sort(),
  );
  expect(manifest.outputs.map((o) => o.name)).toContain('All_Results.csv');
  for (const output of manifest.outputs) {
    const bytes = Buffer.from(inFolder[output.name]!);
    expect({ name: output.name, size: bytes.length, sha256: sha256(bytes) }).toEqual({
      name: output.name,
      size: output.size,
      sha256: output.sha256,
    });
  }
  // Written once: the run's own storage holds none of them.
  const elsewhere = await page.evaluate(async () => {
    const names: string[] = [];
    const walk = async (folder: FileSystemDirectoryHandle, at: string) => {
      for await (const [name, handle] of folder as unknown as AsyncIterable<
        [string, FileSystemHandle]
      >) {
        if (handle.kind === 'directory' && name !== 'office-folder')
          await walk(handle as FileSystemDirectoryHandle, `${at}${name}/`);
        else if (handle.kind === 'file') names.push(`${at}${name}`);
      }
    };
    await walk(await navigator.storage.getDirectory(), '');
    return names;
  });
  expect(elsewhere.filter((n) => /\.(csv|json)$/.test(n))).toEqual([]);

  // A second copy of one file comes from the folder, byte for byte.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save Determinations.csv' }).click();
  const copy = await readFile(await (await downloading).path());
  expect(sha256(copy)).toBe(sha256(Buffer.from(inFolder['Determinations.csv']!)));

  // What is made from the run's files afterwards reads them back from the folder.
  await page.getByRole('button', { name: 'Make the summary report (PDF)' }).click();
  await expect(page.getByRole('button', { name: 'Save summary-report.pdf' })).toBeVisible(SLOW);
});

test('Save all to a folder after the court papers were made still makes every file in the folder', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await folderDialogChooses(page, 'after-papers');
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);
  // The papers read the run's files, so making them makes those files first, in the app's storage.
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await page.getByRole('button', { name: 'Next: Court papers' }).click();
  for (const [label, value] of [
    ['Office name', 'Sample County District Attorney'],
    ['Address', '1 Main Street, Anytown, CA 90000'],
    ['Attorney name', 'A. Attorney'],
    ['State Bar number', '123456'],
    ['Phone', '(555) 555-0100'],
    ['Email', 'da@example.org'],
  ] as const) {
    await page.getByLabel(label).fill(value);
  }
  await page.getByRole('button', { name: 'Make the court papers' }).click();
  await expect(page.getByRole('heading', { name: 'The court papers are ready' })).toBeVisible(SLOW);

  await page.getByRole('button', { name: /Results$/ }).click();
  await page.getByRole('button', { name: 'Save all to a folder' }).click();
  await expect(page.getByText(/^All \d+ files are saved in the folder after-papers\./)).toBeVisible(
    SLOW,
  );
  const inFolder = await filesInFolder(page, 'after-papers');
  const manifest = JSON.parse(inFolder['manifest.json']!) as {
    outputs: { name: string; sha256: string }[];
  };
  expect(Object.keys(inFolder).sort()).toEqual(
    [...manifest.outputs.map((o) => o.name), 'manifest.json'].sort(),
  );
  for (const output of manifest.outputs) {
    expect(sha256(Buffer.from(inFolder[output.name]!)), output.name).toBe(output.sha256);
  }
});

test('without a folder dialog, Download all the files makes each one straight into the downloads', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await withoutDialogs(page);
  await loadSample(page);
  // The app's service worker makes the downloads: it controls the page from the first visit.
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, SLOW);
  await next(page);
  await next(page);
  await runReview(page);
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Download all the files' }).click();
  const status = page.getByText(/^All \d+ files were sent to your downloads/);
  await expect(status).toBeVisible(SLOW);
  const count = Number(/^All (\d+)/.exec(await status.innerText())?.[1]);

  await expect.poll(() => downloads.length, SLOW).toBe(count);
  const saved: Record<string, Buffer> = {};
  for (const d of downloads) {
    expect(await d.failure()).toBeNull();
    saved[d.suggestedFilename()] = await readFile(await d.path());
  }
  const manifest = JSON.parse(saved['manifest.json']!.toString('utf8')) as {
    outputs: { name: string; size: number; sha256: string }[];
  };
  expect(Object.keys(saved).sort()).toEqual(
    [...manifest.outputs.map((o) => o.name), 'manifest.json'].sort(),
  );
  expect(manifest.outputs.map((o) => o.name)).toContain('All_Results.csv');
  for (const output of manifest.outputs) {
    const bytes = saved[output.name]!;
    expect({ name: output.name, size: bytes.length, sha256: sha256(bytes) }).toEqual({
      name: output.name,
      size: output.size,
      sha256: output.sha256,
    });
  }
  // Nothing was written first in the browser's own storage.
  const stored = await page.evaluate(async () => {
    const names: string[] = [];
    const walk = async (folder: FileSystemDirectoryHandle) => {
      for await (const [name, handle] of folder as unknown as AsyncIterable<
        [string, FileSystemHandle]
      >) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle);
        else names.push(name);
      }
    };
    await walk(await navigator.storage.getDirectory());
    return names;
  });
  expect(stored.filter((n) => /\.(csv|json)$/.test(n))).toEqual([]);

  // The same bytes as the files prepared here first (the manifest aside: it records when it was made).
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  await expect(page.getByText('The files are ready.')).toBeVisible(SLOW);
  const again = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save All_Results.csv' }).click();
  expect(sha256(await readFile(await (await again).path()))).toBe(
    sha256(saved['All_Results.csv']!),
  );
});

test('without a folder dialog, Save all downloads every file', async ({ page }) => {
  test.setTimeout(180_000);
  await withoutDialogs(page);
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
