/**
 * Keeps the app working with the network cut after one visit: on install it caches every file of
 * the build (the page, scripts, workers and DuckDB's wasm), then answers this site's requests from
 * that cache. It only ever handles same-origin GETs; nothing a user chooses passes through it.
 * The build replaces the placeholder with the list of files (see offline/precache-plugin.ts), so
 * each build has its own cache and the old one is deleted when the new worker takes over.
 */
// The project's types mix DOM and worker globals; name the scope this file really runs in.
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

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

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== sw.location.origin) return;
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
