'use strict';
/* global importScripts */
// duckdb-wasm's own worker prints some of DuckDB's errors to the console, and such an error can
// quote the record it failed on (a name, a date of birth, a CII number). Clearance promises that
// no log holds record contents, so nothing in DuckDB's worker may reach the console: the console
// is silenced here, before DuckDB's worker script is loaded into this same worker. Clearance's
// own messages come from its engine worker, which cuts them to file, line and problem.
//
// The page starts this worker, not the engine worker (see src/engine/browser/helper-workers.ts,
// whose message names are repeated here: this script is loaded as it is, not bundled). Its first
// message carries the engine worker's port; DuckDB's worker script then answers on that port.
(() => {
  const READY = 'clearance-helper-ready';
  const CLOSE = 'clearance-helper-close';
  const CLOSED = 'clearance-helper-closed';
  const toPage = self.postMessage.bind(self);
  const silent = () => undefined;
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
    self.console[level] = silent;
  }
  // The worker script to load comes as this worker's name (a query string would be lost where the
  // service worker answers from its cache): a file of this site's own build, never another
  // origin's (the page's Content-Security-Policy allows scripts from 'self' only).
  const src = self.name || null;
  const url = src === null ? null : new URL(src, self.location.href);
  if (
    url === null ||
    url.origin !== self.location.origin ||
    !/\/duckdb-browser-(eh|mvp)\.worker[^/]*\.js$/.test(url.pathname)
  ) {
    throw new Error('No DuckDB worker script of this site was named.');
  }
  self.onmessage = (event) => {
    const port = event.ports[0];
    if (!port) return;
    self.onmessage = null;
    // DuckDB's worker replies with globalThis.postMessage(message, transfer) and listens with
    // globalThis.onmessage: both are pointed at the engine's port.
    self.postMessage = (message, transfer) =>
      port.postMessage(message, Array.isArray(transfer) ? transfer : []);
    importScripts(url.href);
    const duckdb = self.onmessage;
    self.onmessage = null;
    port.onmessage = (message) => {
      if (message.data === CLOSE) {
        port.close();
        toPage(CLOSED);
        self.close();
      } else if (duckdb) duckdb(message);
    };
    port.postMessage(READY);
  };
})();
