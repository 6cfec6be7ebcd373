/**
 * The engine worker's helpers are started by the page and reached through a port (see
 * src/engine/browser/helper-workers.ts: Firefox's `new Worker()` inside a worker can hang the
 * worker for good). Here the "page" is a stand-in that hands over one end of a real MessageChannel
 * and plays the helper on the other.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import {
  HELPER_CLOSE,
  HELPER_FAILED,
  HELPER_READY,
  startHelper,
  useHelperStarter,
  type HelperKind,
} from '../../src/engine/browser/helper-workers';

/** A helper that says it is ready (unless told not to) and echoes every task back, doubled. */
function echoHelper({ ready = true } = {}) {
  const received: unknown[] = [];
  const started: { kind: HelperKind; script?: string }[] = [];
  const start = (kind: HelperKind, script?: string) => {
    started.push({ kind, script });
    const { port1: helper, port2: engine } = new MessageChannel();
    helper.onmessage = (event: MessageEvent) => {
      received.push(event.data);
      if (event.data === HELPER_CLOSE) helper.close();
      else if (event.data === 'fail') helper.postMessage(HELPER_FAILED);
      else helper.postMessage((event.data as number) * 2);
    };
    if (ready) helper.postMessage(HELPER_READY);
    return engine;
  };
  return { start, received, started };
}

const nextMessage = (worker: { onmessage: ((event: MessageEvent) => void) | null }) =>
  new Promise<unknown>((resolve) => (worker.onmessage = (event) => resolve(event.data)));

describe('helpers started by the page', () => {
  test('a helper that says it is ready is talked to through its port, and closed on terminate', async () => {
    const page = echoHelper();
    useHelperStarter(page.start);
    const worker = await startHelper('duckdb', { script: '/x/duckdb.js', readyWithinMs: 5000 });
    expect(worker).toBeDefined();
    expect(page.started).toEqual([{ kind: 'duckdb', script: '/x/duckdb.js' }]);
    const reply = nextMessage(worker!);
    worker!.postMessage(21);
    expect(await reply).toBe(42);
    // AsyncDuckDB listens with addEventListener, as on a Worker.
    const heard: unknown[] = [];
    const listener = (event: MessageEvent) => heard.push(event.data);
    worker!.addEventListener('message', listener);
    const second = nextMessage(worker!);
    worker!.postMessage(5);
    await second;
    worker!.removeEventListener('message', listener);
    expect(heard).toEqual([10]);
    worker!.terminate();
    await vi.waitFor(() => expect(page.received).toContain(HELPER_CLOSE));
  });

  test('a helper that never says it is ready is given up, and told to close', async () => {
    const page = echoHelper({ ready: false });
    useHelperStarter(page.start);
    expect(await startHelper('hash', { readyWithinMs: 50 })).toBeUndefined();
    await vi.waitFor(() => expect(page.received).toEqual([HELPER_CLOSE]));
  });

  test('a helper the page cannot start is none', async () => {
    useHelperStarter(() => {
      throw new Error('Workers are not allowed here.');
    });
    expect(await startHelper('held-part', { readyWithinMs: 5000 })).toBeUndefined();
  });

  test("a helper's own failure reaches onerror, not onmessage", async () => {
    useHelperStarter(echoHelper().start);
    const worker = (await startHelper('hash', { readyWithinMs: 5000 }))!;
    const messages: unknown[] = [];
    worker.onmessage = (event) => messages.push(event.data);
    const failed = new Promise<void>((resolve) => (worker.onerror = resolve));
    worker.postMessage('fail');
    await failed;
    expect(messages).toEqual([]);
  });

  test('the first helper waits for the page to say how to start one', async () => {
    vi.resetModules();
    const fresh = await import('../../src/engine/browser/helper-workers');
    const asked = fresh.startHelper('hash', { readyWithinMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    fresh.useHelperStarter(echoHelper().start);
    expect(await asked).toBeDefined();
  });
});

/** Code the engine worker bundles: everything under workers/ and src/engine/ but Node's own. */
async function engineSources(): Promise<string[]> {
  const root = path.resolve(import.meta.dirname, '../..');
  const found: string[] = [];
  for (const top of ['workers', 'src/engine']) {
    for (const entry of await readdir(path.join(root, top), { recursive: true })) {
      const file = path.join(top, entry);
      if (/\.(ts|js)$/.test(file) && !file.startsWith(path.join('src/engine/node'))) {
        found.push(file);
      }
    }
  }
  return found;
}

test('no code the engine worker runs starts a worker itself (the page starts them all)', async () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const sources = await engineSources();
  expect(sources).toContain(path.join('workers', 'engine.worker.ts'));
  const starting: string[] = [];
  for (const file of sources) {
    // Comments may name it (helper-workers.ts says why not); code may not.
    const code = (await readFile(path.join(root, file), 'utf8'))
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    if (/new\s+Worker\s*\(/.test(code)) starting.push(file);
  }
  expect(starting).toEqual([]);
});
