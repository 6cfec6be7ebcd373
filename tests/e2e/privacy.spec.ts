import { expect, test } from '@playwright/test';
import { loadSample, next, runReview, SLOW } from './flow';

test.describe('nothing leaves the machine', () => {
  test('no request, from the page or any worker, goes to another origin', async ({
    page,
    context,
    baseURL,
  }) => {
    const origin = new URL(baseURL ?? '').origin;
    const elsewhere: string[] = [];
    const seen: string[] = [];
    // context-level: this also sees requests made by dedicated workers (the engine and DuckDB's).
    context.on('request', (request) => {
      const url = new URL(request.url());
      seen.push(url.pathname);
      if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:')
        elsewhere.push(request.url());
    });
    await loadSample(page);
    await next(page);
    await next(page);
    await runReview(page);
    await page.getByRole('button', { name: 'Prepare the files' }).click();
    await expect(page.getByRole('button', { name: 'Save manifest.json' })).toBeVisible(SLOW);
    expect(elsewhere).toEqual([]);
    // Not vacuous: the page, the engine worker and the DuckDB wasm were all seen.
    expect(seen.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(seen.some((p) => /engine\.worker/.test(p))).toBe(true);
  });

  test('the Content-Security-Policy arrives as an HTTP header and forbids other origins', async ({
    page,
  }) => {
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  });

  test('a fetch to another origin is refused by the policy, not merely unanswered', async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.goto('/');
    // The machine has no network either way; the console's CSP report proves the policy refused it.
    const refused = await page.evaluate(async () => {
      try {
        await fetch('https://example.com/');
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    expect(violations.join('\n')).toMatch(/connect-src/);
  });
});
