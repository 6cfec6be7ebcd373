import { expect, test, type Page } from '@playwright/test';
import { loadSample, next, runReview, SLOW } from './flow';

/**
 * Put at the top of every script the site serves, page and workers alike: it records each
 * Content-Security-Policy violation where it happens (a worker's never reach the page) and says
 * so on the console, where the test collects it. Firefox reports even a violation the code caught,
 * such as zod 4's `new Function('')` probe, so the app must cause none.
 */
const RECORDER = `(() => {
  const g = globalThis;
  if (g.__cspViolations) return;
  g.__cspViolations = [];
  g.addEventListener('securitypolicyviolation', (e) => {
    const where = typeof document === 'undefined' ? 'worker ' + location.pathname : 'page';
    const text = 'csp-violation: ' + e.effectiveDirective + ' ' + e.blockedURI + ' (' + where + ')';
    g.__cspViolations.push(text);
    console.error(text);
  });
})();
`;

/** Every violation reported on the page's or any worker's console from now on. */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  const collect = (text: string) => {
    if (/csp-violation|Content Security Policy/i.test(text)) violations.push(text);
  };
  page.on('console', (m) => collect(m.text()));
  page.on('worker', (w) => w.on('console', (m) => collect(m.text())));
  await page.addInitScript({ content: RECORDER });
  await page.context().route(/\.m?js(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type)) return route.fulfill({ response });
    return route.fulfill({ response, body: RECORDER + (await response.text()) });
  });
  return violations;
}

test('the sample journey causes no Content-Security-Policy violation, in the page or a worker', async ({
  page,
}) => {
  const violations = await recordViolations(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await loadSample(page);
  await next(page);
  await next(page);
  await runReview(page);
  await page.getByRole('button', { name: 'Prepare the files' }).click();
  await expect(page.getByRole('button', { name: 'Save manifest.json' })).toBeVisible(SLOW);
  // Not vacuous: the recorder ran in the page and the engine worker did start.
  expect(await page.evaluate(() => Array.isArray(Reflect.get(globalThis, '__cspViolations')))).toBe(
    true,
  );
  expect(workers.some((w) => /engine\.worker/.test(w))).toBe(true);
  const engine = page.workers().find((w) => /engine\.worker/.test(w.url()));
  expect(
    await engine?.evaluate(() => Array.isArray(Reflect.get(globalThis, '__cspViolations'))),
  ).toBe(true);
  for (const w of page.workers()) {
    const found = await w
      .evaluate(() => (Reflect.get(globalThis, '__cspViolations') as string[] | undefined) ?? [])
      .catch(() => []);
    for (const v of found) if (!violations.includes(v)) violations.push(v);
  }
  expect(violations).toEqual([]);
});
