/**
 * The fast reader's second thread in the browser: scans [start, end) of the user's File (see
 * writeHeldRows) and posts the HeldPart back, its buffers transferred rather than copied. The
 * File is passed by reference (a Blob), so neither thread copies the extract.
 */
import {
  scanFileStretch,
  type HeldPartReply,
  type HeldPartTask,
} from '../src/engine/browser/fast-reader';
import { heldPartBuffers } from '../src/engine/extract-scan/held-rows';

self.onmessage = async (event: MessageEvent<HeldPartTask>) => {
  let reply: HeldPartReply;
  let buffers: ArrayBuffer[] = [];
  try {
    const part = await scanFileStretch(event.data);
    reply = { part };
    buffers = heldPartBuffers(part);
  } catch (error) {
    // Only the engine's own messages come from here; none holds record contents.
    reply = { error: error instanceof Error ? error.name : 'unknown error' };
  }
  self.postMessage(reply, { transfer: buffers });
};
