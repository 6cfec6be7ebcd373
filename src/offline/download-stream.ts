/**
 * A download made as it is saved: the engine worker writes a file's bytes into a MessagePort, the
 * app's own service worker answers the browser's request for the download with those bytes as they
 * come, and the browser writes them to the user's downloads. The file is never whole in memory
 * and never written anywhere first; nothing leaves the machine (the request is to this site, and
 * the service worker answers it itself).
 *
 * Flow control is by request: the service worker asks for a chunk ("pull") only when the browser
 * wants more, and the engine sends one chunk per request, so a slow disk slows the engine.
 */

/** Where the page asks the browser for a streamed download, under the app's own folder. */
export const DOWNLOAD_PATH = 'clearance-download/';

/** Page to service worker: a download is about to be requested, its bytes to come by `port`. */
export interface DownloadRegistration {
  type: 'clearance-download';
  token: string;
  name: string;
}

/**
 * Page to service worker, every 10 s while downloads are being made: a browser stops an
 * idle service worker (Firefox 30 s after its last event, 30 s more for work it waits on), and
 * with it the downloads it is answering. Each message is an event, which keeps it going.
 */
export interface DownloadKeepAlive {
  type: 'clearance-download-keep-alive';
}

/**
 * Service worker to the port's other end: registered (to the page, with the URL to ask the browser
 * for: only the service worker knows its paths, so the page's bundle shares no code with it), then
 * (to the engine) one more chunk wanted, or the download stopped.
 */
export type DownloadRequest = { registered: string } | { pull: true } | { cancelled: true };

/** Engine to service worker (by the port): a chunk, the end, or a failure (the download fails). */
export type DownloadChunk = { chunk: Uint8Array } | { done: true } | { failed: true };

/** The download's URL path after the app's folder: a token nobody can guess, then the file name. */
export const downloadPath = (token: string, name: string) =>
  `${DOWNLOAD_PATH}${token}/${encodeURIComponent(name)}`;

/**
 * The response a service worker gives for a registered download: the bytes as the engine sends
 * them, saved under `name` (Content-Disposition), never cached; and `ended`, settled when the last
 * byte has gone or the download stopped (the service worker waits for it: see DownloadKeepAlive).
 */
export function streamedDownloadResponse(
  port: MessagePort,
  name: string,
): { response: Response; ended: Promise<void> } {
  let wanted: (() => void) | undefined;
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        port.onmessage = (event: MessageEvent<DownloadChunk>) => {
          const message = event.data;
          if ('chunk' in message) controller.enqueue(message.chunk);
          else if ('done' in message) {
            controller.close();
            end();
          } else {
            controller.error(new Error('The file could not be made.'));
            end();
          }
          wanted?.();
          wanted = undefined;
        };
      },
      pull() {
        return new Promise<void>((resolve) => {
          wanted = resolve;
          port.postMessage({ pull: true } satisfies DownloadRequest);
        });
      },
      cancel() {
        port.postMessage({ cancelled: true } satisfies DownloadRequest);
        end();
      },
    },
    { highWaterMark: 2 },
  );
  // RFC 6266: an ASCII fallback and the exact name, percent-encoded.
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const response = new Response(body, {
    headers: {
      'Content-Type': name.endsWith('.json') ? 'application/json' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
  return { response, ended };
}
