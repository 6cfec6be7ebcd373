/**
 * The browser's second reading thread: a helper the page starts (see helper-workers.ts) scans a
 * stretch of the file; where none can start, the stretch is scanned in the engine's own thread and
 * the load goes on, with the very rows the helper would have found.
 */
import { describe, expect, test, vi } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import {
  scanFileStretch,
  scanInWorker,
  type HeldPartReply,
  type HeldPartTask,
} from '../../src/engine/browser/fast-reader';
import {
  HELPER_CLOSE,
  HELPER_READY,
  useHelperStarter,
} from '../../src/engine/browser/helper-workers';
import { bytesSource } from '../../src/engine/extract-scan/byte-source';
import { rangeSource, scanHeldPart } from '../../src/engine/extract-scan/held-rows';

const bytes = new TextEncoder().encode(
  generateExtract({ county: 'FRESNO', rows: 400, seed: 5, header: false }),
);
const file = new File([bytes], 'extract.csv');
// A stretch from a line start to the end, as writeHeldRows hands the second thread.
const start = bytes.indexOf(10, bytes.length >> 1) + 1;
const end = bytes.length;

const expected = () =>
  scanHeldPart(rangeSource(bytesSource(bytes), start, end), { hasHeader: false });

/** The page's stand-in: starts a "helper" here, on a real MessageChannel, doing `work`. */
function pageStarting(work: (task: HeldPartTask) => Promise<HeldPartReply>) {
  const closed: unknown[] = [];
  useHelperStarter(() => {
    const { port1: helper, port2: engine } = new MessageChannel();
    helper.onmessage = async (event: MessageEvent) => {
      if (event.data === HELPER_CLOSE) {
        closed.push(event.data);
        helper.close();
        return;
      }
      helper.postMessage(await work(event.data as HeldPartTask));
    };
    helper.postMessage(HELPER_READY);
    return engine;
  });
  return closed;
}

describe('the second reading thread in the browser', () => {
  test('its helper scans the stretch and is closed once it has answered', async () => {
    const closed = pageStarting(async (task) => ({ part: await scanFileStretch(task) }));
    expect(await scanInWorker({ file, start, end }, undefined)).toEqual(await expected());
    await vi.waitFor(() => expect(closed).toEqual([HELPER_CLOSE]));
  });

  test('scans in this thread when the page cannot start its helper', async () => {
    useHelperStarter(() => {
      throw new Error('No workers here.');
    });
    const part = await scanInWorker({ file, start, end }, undefined);
    expect(part.stop).toBeUndefined();
    expect(part).toEqual(await expected());
  });

  test("reports a helper's own failure, without record contents", async () => {
    pageStarting(async () => ({ error: 'RangeError' }));
    await expect(scanInWorker({ file, start, end }, undefined)).rejects.toThrow(
      'The second reading thread failed (RangeError).',
    );
  });
});
