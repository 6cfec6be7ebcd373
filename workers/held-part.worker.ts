/**
 * The fast reader's second thread in the browser: scans [start, end) of the user's File (see
 * writeHeldRows) and posts the HeldPart back, its buffers transferred rather than copied. The
 * File is passed by reference (a Blob), so neither thread copies the extract. Started by the page
 * and reached by the engine worker through a port (see helper-host.ts).
 */
import { serveEngine } from './helper-host';
import {
  scanFileStretch,
  type HeldPartReply,
  type HeldPartTask,
} from '../src/engine/browser/fast-reader';
import { heldPartBuffers } from '../src/engine/extract-scan/held-rows';

await serveEngine<HeldPartTask>(async (task, port) => {
  let reply: HeldPartReply;
  let buffers: ArrayBuffer[] = [];
  try {
    const part = await scanFileStretch(task);
    reply = { part };
    buffers = heldPartBuffers(part);
  } catch (error) {
    // Only the engine's own messages come from here; none holds record contents.
    reply = { error: error instanceof Error ? error.name : 'unknown error' };
  }
  port.postMessage(reply, { transfer: buffers });
});
