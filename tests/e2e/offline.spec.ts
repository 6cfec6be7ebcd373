import { expect, test } from '@playwright/test';
import { loadSample, next, runReview } from './flow';

test('after one visit the whole review works with the network cut', async ({ page, context }) => {
  await page.goto('/');
  // The service worker has cached every file of the build once it controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  await context.setOffline(true);
  await loadSample(page); // reloads the page from the cache, then runs DuckDB from the cache
  await next(page);
  await next(page);
  await runReview(page);
  await expect(page.getByRole('table', { name: 'Impact of the chosen policy' })).toBeVisible();
});
