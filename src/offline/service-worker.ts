/**
 * Keeps the app working with the network cut after one visit: on install it caches every file of
 * the build (the page, scripts, workers and DuckDB's wasm), then answers this site's requests from
 * that cache. It only ever handles same-origin GETs. The one thing of the user's that passes
 * through it is a file the page saves as a streamed download (download-stream.ts): handed from
 * the engine worker to the browser's downloads, chunk by chunk, never stored or sent anywhere.
 * The build replaces the placeholder with the list of files (see offline/precache-plugin.ts), so
 * each build has its own cache and the old one is deleted when the new worker takes over.
 */
import {
  DOWNLOAD_PATH,
  downloadPath,
  streamedDownloadResponse,
  type DownloadRegistration,
  type DownloadRequest,
} from './download-stream';

// The project's types mix DOM and worker globals; name the scope this file really runs in.
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

/** Downloads the page registered and the browser has not yet asked for, by token. */
const downloads = new Map<string, { name: string; port: MessagePort }>();

const FILES: string[] = JSON.parse('__PRECACHE_MANIFEST__') as string[];
const CACHE = `clearance-${hashOf(FILES.join('|'))}`;

function hashOf(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(['./', ...FILES]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  // A DownloadKeepAlive needs nothing done: being an event is its whole purpose.
  const message = event.data as Partial<DownloadRegistration>;
  const port = event.ports[0];
  if (message?.type !== 'clearance-download' || !port || !message.token || !message.name) return;
  downloads.set(message.token, { name: message.name, port });
  port.postMessage({
    registered: downloadPath(message.token, message.name),
  } satisfies DownloadRequest);
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  const scope = new URL(sw.registration.scope).pathname;
  if (url.pathname.startsWith(`${scope}${DOWNLOAD_PATH}`)) {
    // A streamed download: each token is answered once, then forgotten.
    const token = url.pathname.slice(scope.length + DOWNLOAD_PATH.length).split('/')[0] ?? '';
    const download = downloads.get(token);
    downloads.delete(token);
    if (!download) {
      event.respondWith(new Response('This download has expired.', { status: 404 }));
      return;
    }
    const { response, ended } = streamedDownloadResponse(download.port, download.name);
    event.respondWith(response);
    // Not stopped while the bytes still flow (the page's keep-alive messages see to the idle limit).
    event.waitUntil(ended);
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // The page itself: the network first, so a new version shows up; the cache when offline.
      if (request.mode === 'navigate') {
        try {
          return await fetch(request);
        } catch {
          return (await cache.match('./')) ?? Response.error();
        }
      }
      // ignoreVary: a module script request carries an Origin header the cached copy was not fetched with.
      return (
        (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) ?? fetch(request)
      );
    })(),
  );
});
