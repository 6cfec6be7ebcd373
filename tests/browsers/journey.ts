/**
 * The sample-data journey in Chromium, Firefox ESR and WebKitGTK (issue #17): open, "Try it with
 * sample data", run the review, "Download all the files" (each streamed through the service worker
 * into the browser's downloads folder, checked against manifest.json), save All_Results.csv (its
 * SHA-256 must be Chromium's, and the streamed one's), make the
 * court papers ZIP, then reload with the server stopped (the service worker serves the app) and
 * run the review again. Runs on the build `npm run test:e2e` makes (dist/), served by vite preview.
 *
 *   npm run test:browsers                       every browser; one missing fails the run
 *   CLEARANCE_BROWSERS=firefox,webkit ...       some of them (Chromium always runs: the reference)
 *   CLEARANCE_BROWSERS_PORT=4184 ...            the preview port (default 4175; WebKitWebDriver +1)
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  chromium,
  firefox,
  installed,
  spawnGroup,
  stopGroup,
  waitForHttp,
  webkit,
  type BrowserDriver,
} from './drivers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.CLEARANCE_BROWSERS_PORT ?? 4175);
const BASE = `http://localhost:${PORT}/`;
const HELPERS = await readFile(path.join(import.meta.dirname, 'page-helpers.js'), 'utf8');

interface Saved {
  size: number;
  sha256: string;
  head: number[];
}

interface JourneyResult {
  browser: string;
  allResults: Saved;
  /** "Download all the files": how many, and All_Results.csv's SHA-256 as streamed. */
  streamed: { files: number; allResults: string };
  formsZip: Saved;
  seconds: number;
  offlineSeconds: number;
}

/** vite preview on the built app, in a process group of its own so stopping it stops it all. */
async function startPreview(): Promise<ChildProcess> {
  const server = spawnGroup(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['preview', '--strictPort', '--port', String(PORT)],
    { cwd: ROOT },
  );
  await waitForHttp(BASE);
  return server;
}

async function stopPreview(server: ChildProcess) {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  stopGroup(server);
  await exited;
}

/**
 * Waits for the files "Download all the files" sent to the browser's downloads folder, checks each
 * against the size and SHA-256 manifest.json records, and returns how many there were and All_Results.csv's SHA-256.
 */
async function checkedDownloads(
  driver: BrowserDriver,
): Promise<{ files: number; allResults: string }> {
  const found = new Map<string, string>();
  const until = Date.now() + 120_000;
  for (;;) {
    found.clear();
    const walk = async (folder: string) => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const at = path.join(folder, entry.name);
        if (entry.isDirectory()) await walk(at);
        else found.set(entry.name, at);
      }
    };
    await walk(driver.downloads);
    const unfinished = [...found.keys()].some((n) => /\.(part|crdownload|download)$/.test(n));
    if (found.has('manifest.json') && !unfinished) break;
    if (Date.now() > until) {
      throw new Error(`${driver.name}: downloads not all saved: ${[...found.keys()].join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const manifest = JSON.parse(await readFile(found.get('manifest.json')!, 'utf8')) as {
    outputs: { name: string; size: number; sha256: string }[];
  };
  for (const output of manifest.outputs) {
    const at = found.get(output.name);
    if (!at) throw new Error(`${driver.name}: ${output.name} was not downloaded`);
    const bytes = await readFile(at);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== output.size || sha256 !== output.sha256) {
      throw new Error(
        `${driver.name}: the downloaded ${output.name} is not what manifest.json records`,
      );
    }
  }
  return {
    files: manifest.outputs.length + 1,
    allResults: manifest.outputs.find((o) => o.name === 'All_Results.csv')?.sha256 ?? '',
  };
}

async function journey(
  driver: BrowserDriver,
  server: { current: ChildProcess },
): Promise<JourneyResult> {
  const started = performance.now();
  const step = async <T = boolean>(call: string): Promise<T> => {
    try {
      return await driver.evaluate<T>(`window.__journey.${call}`);
    } catch (error) {
      // What the page shows (its own words, on synthetic data) says more than a timeout does.
      const shown = await driver
        .evaluate<string>(`document.querySelector('main')?.innerText.slice(-600) ?? ''`)
        .catch(() => '(the page did not answer)');
      throw new Error(`${driver.name}: ${call}: ${(error as Error).message}\n  page: ${shown}`, {
        cause: error,
      });
    }
  };
  const open = async () => {
    await driver.open(BASE);
    await driver.install(HELPERS);
  };
  const sampleToResults = async () => {
    await step(`click('Try it with sample data')`);
    await step(`text('Every line has the 95 columns')`);
    await step(`click(/^Next:/)`);
    await step(`heading('Which county is reviewing')`);
    await step(`click(/^Next:/)`);
    await step(`heading("Choose your county's policy")`);
    await step(`click('Run the review')`);
    await step(`heading('^Results for')`);
  };

  await open();
  await sampleToResults();
  // Every file made straight into the downloads (the service worker controls the page by now).
  await step(`click('Download all the files')`);
  await step(`text('files were sent to your downloads')`);
  const streamed = await checkedDownloads(driver);
  await step(`click('Prepare the files')`);
  await step(`click('Save All_Results.csv')`);
  const allResults = await step<Saved>(`saved('All_Results.csv')`);

  await step(`click('Next: Review')`);
  await step(`click('Next: Court papers')`);
  await step(`heading('^Court papers')`);
  for (const [label, value] of [
    ['Office name', 'Sacramento County District Attorney'],
    ['Address', '901 G Street, Sacramento, CA 95814'],
    ['Attorney name', "Maria O'Neil-Núñez"],
    ['State Bar number', '123456'],
    ['Phone', '(916) 555-0100'],
    ['Email', 'prop64@example.org'],
  ]) {
    await step(`fill(${JSON.stringify(label)}, ${JSON.stringify(value)})`);
  }
  await step(`click('Make the court papers')`);
  await step(`heading('The court papers are ready')`);
  await step(`click('Save forms.zip')`);
  const formsZip = await step<Saved>(`saved('forms.zip')`);
  const seconds = (performance.now() - started) / 1000;

  // Offline: the server is gone; the service worker must serve the page, DuckDB and the rules.
  await step(`offlineReady()`);
  await stopPreview(server.current);
  const offline = performance.now();
  try {
    await open();
    await sampleToResults();
  } finally {
    server.current = await startPreview();
  }
  return {
    browser: driver.name,
    allResults,
    streamed,
    formsZip,
    seconds,
    offlineSeconds: (performance.now() - offline) / 1000,
  };
}

async function main() {
  const wanted = (process.env.CLEARANCE_BROWSERS ?? 'chromium,firefox,webkit').split(',');
  const have = installed();
  const launchers: [string, () => Promise<BrowserDriver>][] = [['chromium', chromium]];
  if (wanted.includes('firefox')) launchers.push(['firefox', firefox]);
  if (wanted.includes('webkit')) launchers.push(['webkit', () => webkit(PORT + 1)]);
  const missing = launchers.filter(([name]) => !have[name as keyof typeof have]);
  if (missing.length > 0) {
    throw new Error(
      `Not installed: ${missing.map(([n]) => n).join(', ')} (apt-get install chromium firefox-esr webkit2gtk-driver xvfb)`,
    );
  }

  const server = { current: await startPreview() };
  const results: JourneyResult[] = [];
  const failures: string[] = [];
  try {
    for (const [name, launch] of launchers) {
      const driver = await launch();
      try {
        const result = await journey(driver, server);
        results.push(result);
        console.log(
          `${result.browser}: journey ${result.seconds.toFixed(1)} s, offline run ${result.offlineSeconds.toFixed(1)} s, All_Results.csv ${result.allResults.size} bytes sha256 ${result.allResults.sha256}, forms.zip ${result.formsZip.size} bytes; ${result.streamed.files} files streamed to the downloads, each as manifest.json records`,
        );
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
        console.log(`${name}: FAILED: ${(error as Error).message}`);
      } finally {
        await driver.close().catch(() => undefined);
      }
    }
  } finally {
    await stopPreview(server.current);
  }

  const reference = results.find((r) => r.browser === 'Chromium');
  if (!reference) failures.push('Chromium did not finish, so there is no SHA-256 to compare.');
  for (const result of results) {
    if (reference && result.allResults.sha256 !== reference.allResults.sha256) {
      failures.push(`${result.browser}: All_Results.csv differs from Chromium's`);
    }
    if (result.streamed.allResults !== result.allResults.sha256) {
      failures.push(`${result.browser}: the streamed All_Results.csv differs from the saved one`);
    }
    if (result.formsZip.head.join(',') !== '80,75,3,4' || result.formsZip.size < 1000) {
      failures.push(`${result.browser}: forms.zip is not a ZIP`);
    }
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} failure(s):\n${failures.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`\nThe journey passed in ${results.map((r) => r.browser).join(', ')}.`);
  }
}

await main();
