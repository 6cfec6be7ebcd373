import { transfer } from 'comlink';
import quietWorker from '../engine/duckdb/duckdb-quiet-worker.js?url&no-inline';
import { HELPER_CLOSED, type HelperKind } from '../engine/browser/helper-workers';

/** Every helper started and not yet closed: held, so none is collected while it works. */
const running = new Set<Worker>();

/**
 * Starts one of the engine worker's helpers here, in the page (why: src/engine/browser/
 * helper-workers.ts), and returns the engine's end of a port the helper answers on. The helper
 * is given the other end as its first message; after that the page only hears that it closed.
 */
export function startHelperWorker(kind: HelperKind, script?: string): MessagePort {
  const worker = newHelper(kind, script);
  running.add(worker);
  worker.onmessage = (event: MessageEvent) => {
    if (event.data !== HELPER_CLOSED) return;
    running.delete(worker);
    worker.terminate();
  };
  const channel = new MessageChannel();
  worker.postMessage({ helper: kind }, [channel.port1]);
  return transfer(channel.port2, [channel.port2]);
}

// Each worker is written out in full: the bundler finds workers by this exact form.
function newHelper(kind: HelperKind, script?: string): Worker {
  switch (kind) {
    case 'hash':
      return new Worker(new URL('../../workers/hash.worker.ts', import.meta.url), {
        type: 'module',
      });
    case 'held-part':
      return new Worker(new URL('../../workers/held-part.worker.ts', import.meta.url), {
        type: 'module',
      });
    case 'duckdb':
      // DuckDB's worker script goes by name: see duckdb-quiet-worker.js.
      return new Worker(quietWorker, { name: script ?? '' });
  }
}
