/**
 * The fast reader's second thread in the browser: scans [start, end) of the user's File (see
 * writeHeldRows) and posts the HeldPart back, its buffers transferred rather than copied. The
 * File is passed by reference (a Blob), so neither thread copies the extract.
 */
import { browserFileSource, strictUtf8 } from '../src/engine/browser/fast-reader';
import { heldPartBuffers, rangeSource, scanHeldPart } from '../src/engine/extract-scan/held-rows';
import type { HeldPartReply, HeldPartTask } from '../src/engine/browser/fast-reader';

self.onmessage = async (event: MessageEvent<HeldPartTask>) => {
  const { file, start, end } = event.data;
  let reply: HeldPartReply;
  let buffers: ArrayBuffer[] = [];
  try {
    const part = await scanHeldPart(rangeSource(browserFileSource(file), start, end), {
      hasHeader: false,
      // The fast reader only takes UTF-8 files (see EngineSession.load).
      validText: strictUtf8(),
    });
    reply = { part };
    buffers = heldPartBuffers(part);
  } catch (error) {
    // Only the engine's own messages come from here; none holds record contents.
    reply = { error: error instanceof Error ? error.name : 'unknown error' };
  }
  self.postMessage(reply, { transfer: buffers });
};
