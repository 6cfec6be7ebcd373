import { describe, expect, it } from 'vitest';
import { TAB_FILE_LIMIT_BYTES, tooLargeForTab } from '../../src/engine/browser/tab-file-limit';

describe('the largest file a tab reads', () => {
  it('reads a file up to the limit, and refuses one byte more in plain words', () => {
    expect(tooLargeForTab(0)).toBeUndefined();
    expect(tooLargeForTab(TAB_FILE_LIMIT_BYTES)).toBeUndefined();
    const refused = tooLargeForTab(TAB_FILE_LIMIT_BYTES + 1);
    expect(refused?.problem).toBe(
      'it is 2,500,000,001 bytes, more than a browser tab can read (up to 2,500,000,000 bytes). Nothing was read.',
    );
    expect(refused?.hint).toContain("Clearance's command-line tool");
    expect(refused?.help).toBe('large-files');
    expect(tooLargeForTab(3.2e9)?.problem).toBe(
      'it is 3.2 GB, more than a browser tab can read (up to 2.5 GB). Nothing was read.',
    );
  });
});
