import type { Plugin } from 'vite';

const ENTRY = 'src/offline/service-worker.ts';
const OUTPUT = 'sw.js';

/**
 * Builds the service worker as its own chunk at the site's root (its scope is the folder it is
 * served from, so any base path works) and writes the list of every other built file into it.
 */
export function precacheServiceWorker(): Plugin {
  return {
    name: 'clearance-precache-service-worker',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: ENTRY, fileName: OUTPUT });
    },
    generateBundle(_options, bundle) {
      const worker = bundle[OUTPUT];
      if (!worker || worker.type !== 'chunk') throw new Error(`${OUTPUT} was not built.`);
      const files = Object.keys(bundle)
        .filter((name) => name !== OUTPUT && !name.endsWith('.map'))
        .sort()
        .map((name) => `./${name}`);
      // The minifier may pick any quote for the string literal.
      const placeholder = /(["'`])__PRECACHE_MANIFEST__\1/;
      if (!placeholder.test(worker.code)) throw new Error(`${OUTPUT} has no precache placeholder.`);
      worker.code = worker.code.replace(placeholder, JSON.stringify(JSON.stringify(files)));
    },
  };
}
