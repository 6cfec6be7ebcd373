import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TAB_FILE_LIMIT_BYTES } from '../../src/engine/browser/tab-file-limit';
import { chooseFile } from './flow';

/**
 * A file larger than a tab can read is refused from its size, before anything is read (issue
 * #17), pointing to the command-line tool. The file is sparse: as large as the limit plus one
 * byte, without taking that room on disk.
 */
test('a file too large for a tab is refused before it is read, pointing to the command-line tool', async ({
  page,
}) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'clearance-too-large-'));
  const file = path.join(folder, 'county-extract.csv');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, TAB_FILE_LIMIT_BYTES + 1);
  closeSync(fd);
  try {
    await chooseFile(page, file);
    const card = page.getByRole('alert');
    await expect(card).toContainText('county-extract.csv cannot be used');
    await expect(card).toContainText(
      'it is 2,500,000,001 bytes, more than a browser tab can read (up to 2,500,000,000 bytes)',
    );
    await expect(card).toContainText("Clearance's command-line tool reads a file of any size");
    // Nothing was read: no progress, and no way on to the county step.
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Next:/ })).toBeDisabled();
    await card.getByRole('link', { name: 'Very large files' }).click();
    await expect(page.getByRole('heading', { name: 'Very large files' })).toBeFocused();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
