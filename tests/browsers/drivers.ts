import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser as PuppeteerBrowser, type Page } from 'puppeteer-core';
import { Builder, type WebDriver } from 'selenium-webdriver';

/** What the journey needs of a browser: open a page, and evaluate a script or an expression in it. */
export interface BrowserDriver {
  readonly name: string;
  open(url: string): Promise<void>;
  /** Runs a script (statements) in the page. */
  install(script: string): Promise<void>;
  /** Evaluates `expression` (a promise is awaited) and returns its JSON-able value. */
  evaluate<T>(expression: string): Promise<T>;
  /** The folder this browser saves its downloads in (a fresh one; removed on close). */
  readonly downloads: string;
  close(): Promise<void>;
}

const downloadFolder = () => mkdtempSync(path.join(tmpdir(), 'clearance-browser-downloads-'));

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Long enough for the slowest step (a review run in WebKit on two busy cores). */
const STEP_TIMEOUT_MS = 300_000;

function puppeteerDriver(
  name: string,
  browser: PuppeteerBrowser,
  page: Page,
  downloads: string,
): BrowserDriver {
  // The app logs timings and error kinds, never record contents (tests/e2e/no-record-in-logs).
  if (process.env.CLEARANCE_BROWSERS_DEBUG) {
    page.on('console', (message) => console.log(`  [${name}] ${message.text()}`));
    page.on('pageerror', (error) => console.log(`  [${name}] page error: ${String(error)}`));
  }
  return {
    name,
    async open(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async install(script) {
      await page.evaluate(script);
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    downloads,
    async close() {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium over the DevTools protocol: the reference the others are held to. */
export async function chromium(): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    protocolTimeout: STEP_TIMEOUT_MS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const page = await browser.newPage();
  const downloads = downloadFolder();
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  return puppeteerDriver('Chromium', browser, page, downloads);
}

/** Firefox ESR over WebDriver BiDi (Playwright's own Firefox protocol needs its patched build). */
export async function firefox(): Promise<BrowserDriver> {
  const downloads = downloadFolder();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocolTimeout: STEP_TIMEOUT_MS,
    // Downloads straight into the folder, without asking.
    extraPrefsFirefox: {
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.helperApps.neverAsk.saveToDisk': 'text/csv,application/json',
    },
  });
  return puppeteerDriver('Firefox ESR', browser, await browser.newPage(), downloads);
}

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver and Selenium, on a virtual display (xvfb-run):
 * MiniBrowser has no headless mode.
 */
export async function webkit(port: number): Promise<BrowserDriver> {
  // MiniBrowser saves downloads in its home folder: a fresh one.
  const downloads = downloadFolder();
  const server = spawnGroup('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], {
    env: { ...process.env, HOME: downloads },
  });
  const stopServer = () => {
    stopGroup(server);
    rmSync(downloads, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/status`);
    const driver: WebDriver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
    await driver.manage().setTimeouts({ script: STEP_TIMEOUT_MS, pageLoad: STEP_TIMEOUT_MS });
    return {
      name: 'WebKitGTK',
      open: (url) => driver.get(url),
      async install(script) {
        await driver.executeScript(script);
      },
      async evaluate<T>(expression: string) {
        // Inlined, not eval'd: the app's Content-Security-Policy forbids eval in the page.
        const reply = (await driver.executeAsyncScript(
          `const done = arguments[arguments.length - 1];
           Promise.resolve().then(() => (${expression}))
             .then((value) => done({ value }), (error) => done({ error: String(error) }));`,
        )) as { value?: T; error?: string };
        if (reply.error !== undefined) throw new Error(reply.error);
        return reply.value as T;
      },
      downloads,
      async close() {
        await driver.quit().catch(() => undefined);
        stopServer();
      },
    };
  } catch (error) {
    stopServer();
    throw error;
  }
}

/** Which of the three browsers this machine has. */
export function installed(): { chromium: boolean; firefox: boolean; webkit: boolean } {
  return {
    chromium: existsSync(CHROMIUM),
    firefox: existsSync(FIREFOX),
    webkit: existsSync(WEBKIT_DRIVER) && existsSync(MINIBROWSER),
  };
}

/**
 * Processes started with `detached: true` (vite preview, xvfb-run with WebKitWebDriver and its
 * MiniBrowser) and not yet stopped. An interrupted journey (Ctrl-C, a time limit) stops them all:
 * one left running holds its port, and WebKitWebDriver then refuses the next run a session.
 * (puppeteer stops the browsers it launched itself.)
 */
const running = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    for (const child of running) stopGroup(child);
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

/** Starts a command in a process group of its own, stopped with the journey if it is interrupted. */
export function spawnGroup(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: 'ignore' });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Ends a process started by spawnGroup and every process it started. */
export function stopGroup(child: ChildProcess) {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export async function waitForHttp(url: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
