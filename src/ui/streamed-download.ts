import { transfer } from 'comlink';
// Types only: the page's bundle must share no code with the service worker's (a shared chunk
// would be an import the service worker makes before it can start).
import type {
  DownloadKeepAlive,
  DownloadRegistration,
  DownloadRequest,
} from '../offline/download-stream';

/** How often the page sends DownloadKeepAlive: well inside the shortest idle limit (30 s). */
const KEEP_ALIVE_MS = 10_000;

/**
 * Keeps the service worker from being stopped as idle while `work` makes downloads (see
 * DownloadKeepAlive), and stops once it is done.
 */
export async function keepingDownloadsAlive<T>(work: () => Promise<T>): Promise<T> {
  const ping = () =>
    navigator.serviceWorker?.controller?.postMessage({
      type: 'clearance-download-keep-alive',
    } satisfies DownloadKeepAlive);
  const timer = setInterval(ping, KEEP_ALIVE_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * How long the service worker may take to register a download before it is given up: it may have
 * to be started again first (a browser stops an idle one), which is quick, but not on a busy tab.
 */
const REGISTER_TIMEOUT_MS = 30_000;

/** The hidden frame that starts a download is removed once the download has surely begun. */
const FRAME_LIFETIME_MS = 60_000;

/**
 * Whether files can be saved as streamed downloads: the app's service worker controls this page
 * (it does from the first visit once installed; not in a private window where the browser turns
 * service workers off, nor where a browser has none).
 */
export const canStreamDownloads = (): boolean =>
  typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller;

/**
 * Starts one streamed download: registers it with the service worker, asks the browser for it,
 * and returns the port the engine worker writes the file's bytes into (transferred to it).
 */
export async function openStreamedDownload(name: string): Promise<MessagePort> {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) throw new Error('No service worker controls this page.');
  const channel = new MessageChannel();
  const token = crypto.randomUUID();
  const registered = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('The download was not registered.')),
      REGISTER_TIMEOUT_MS,
    );
    channel.port2.onmessage = (event: MessageEvent<DownloadRequest>) => {
      if (!('registered' in event.data)) return;
      clearTimeout(timer);
      channel.port2.onmessage = null;
      resolve(event.data.registered);
    };
  });
  controller.postMessage(
    { type: 'clearance-download', token, name } satisfies DownloadRegistration,
    [channel.port1],
  );
  // A navigation, in a frame of its own: a browser hands a navigation to the service worker (and
  // saves the response, an attachment, as a download), where a link's download may bypass it.
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = await registered;
  document.body.append(frame);
  setTimeout(() => frame.remove(), FRAME_LIFETIME_MS);
  return transfer(channel.port2, [channel.port2]);
}
