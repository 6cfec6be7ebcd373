/**
 * The helper's side of src/engine/browser/helper-workers.ts: the page starts this worker and
 * sends it the engine worker's port as its first message; from then on the helper talks to the
 * engine alone. Imported first by each helper, so the port is caught however long the helper
 * takes to get ready (the page sends it at once).
 */
import {
  HELPER_CLOSE,
  HELPER_CLOSED,
  HELPER_FAILED,
  HELPER_READY,
} from '../src/engine/browser/helper-workers';

const enginePort = new Promise<MessagePort>((resolve) => {
  self.onmessage = (event: MessageEvent) => {
    const port = event.ports[0];
    if (!port) return;
    self.onmessage = null;
    resolve(port);
  };
});

/**
 * Hands each of the engine's messages to `handle`, and tells the engine the helper is ready. A
 * failure `handle` does not answer itself is reported as HELPER_FAILED (nothing more: a message
 * could quote a record); HELPER_CLOSE ends the worker, and the page is told.
 */
export async function serveEngine<T>(
  handle: (task: T, port: MessagePort) => void | Promise<void>,
): Promise<void> {
  const port = await enginePort;
  port.onmessage = async (event: MessageEvent) => {
    if (event.data === HELPER_CLOSE) {
      port.close();
      self.postMessage(HELPER_CLOSED);
      self.close();
      return;
    }
    try {
      await handle(event.data as T, port);
    } catch {
      port.postMessage(HELPER_FAILED);
    }
  };
  port.postMessage(HELPER_READY);
}
