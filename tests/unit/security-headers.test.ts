import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { SECURITY_HEADERS } from '../../src/security-headers';

test('public/_headers carries exactly the headers the dev and preview servers send', () => {
  const file = readFileSync(path.resolve(import.meta.dirname, '../../public/_headers'), 'utf8');
  const lines = file.trim().split('\n');
  expect(lines[0]).toBe('/*');
  const parsed = Object.fromEntries(
    lines.slice(1).map((l) => {
      const at = l.indexOf(':');
      return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
    }),
  );
  expect(parsed).toEqual(SECURITY_HEADERS);
});
