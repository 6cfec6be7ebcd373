import { defineConfig } from '@playwright/test';

// Another port lets two checkouts on one machine run their e2e tests side by side.
const PORT = Number(process.env.CLEARANCE_E2E_PORT ?? 4174);

/**
 * End-to-end tests on the production build in Debian's Chromium (Playwright cannot download its
 * own browsers here). The background-networking flags stop Chromium itself from phoning home, so
 * the "no other origin" test sees only what the app requests.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --strictPort --port ${PORT}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
