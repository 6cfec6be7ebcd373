/**
 * The engine worker's helper threads (DuckDB, the output hashing, the second reading thread) are
 * started by the page, never by the engine worker itself, and reached through a MessagePort.
 *
 * Why: in Firefox ESR (153 here), `new Worker()` called inside a worker now and then never
 * returns, and the engine worker stops dead with it: no timer fires, no message is answered, the
 * page waits forever. Traced with a log line either side of the call: the fourth output file's
 * hashing thread (a run's files as downloads), the input's hashing thread at the end of a load,
 * the papers' hashing threads. 7 of 29 sample journeys stalled so on two busy cores; with every
 * helper started by the page, 0 of 20. Chromium and WebKitGTK never showed it.
 *
 * The page (ui/helper-workers.ts) makes the worker and a MessageChannel, gives the worker one end
 * and returns the other here; the helper says it is ready on it (workers/helper-host.ts), and a
 * helper that never does is given up after a while, as one that cannot start.
 */

/** The helpers the page can start, by what they are for. */
export type HelperKind = 'hash' | 'held-part' | 'duckdb';

/**
 * Starts a helper in the page and returns the engine's end of its port. `script` is DuckDB's own
 * worker script (a file of this site) for 'duckdb'.
 */
export type StartHelper = (kind: HelperKind, script?: string) => MessagePort | Promise<MessagePort>;

/** Helper to engine, once it can take work. */
export const HELPER_READY = 'clearance-helper-ready';
/** Helper to engine: a task failed in a way the helper's own replies do not cover. */
export const HELPER_FAILED = 'clearance-helper-failed';
/** Engine to helper: end the worker (a worker cannot be terminated from outside its page). */
export const HELPER_CLOSE = 'clearance-helper-close';
/** Helper to page, as it closes: the page lets go of it (it keeps each helper until then). */
export const HELPER_CLOSED = 'clearance-helper-closed';

let starter: StartHelper | undefined;
let starterSet: () => void = () => {};
const starterReady = new Promise<void>((resolve) => (starterSet = resolve));

/** Called once, by the page, as soon as the engine worker exists (before it starts DuckDB). */
export function useHelperStarter(start: StartHelper): void {
  starter = start;
  starterSet();
}

/**
 * A helper worker as the engine sees it: what a Worker offers, over the port. `terminate` asks the
 * helper to close itself; `onerror` is called when the helper reports a failure.
 */
export class HelperWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Set<(event: MessageEvent) => void>();

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent) => {
      if (event.data === HELPER_FAILED) {
        this.onerror?.();
        return;
      }
      this.onmessage?.(event);
      for (const listener of this.listeners) listener(event);
    };
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** Only 'message' is ever dispatched: a port has no error or close events (see onerror). */
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    if (type === 'message') this.listeners.add(listener);
  }

  removeEventListener(type: string, listener: (event: MessageEvent) => void): void {
    if (type === 'message') this.listeners.delete(listener);
  }

  terminate(): void {
    this.port.postMessage(HELPER_CLOSE);
    this.port.close();
  }
}

/**
 * How long each helper may take to say it is ready before it is given up. A hashing thread or the
 * second reading thread starts quickly, and the engine's own thread can do its work instead (a
 * worker that never answers must not stall the run); DuckDB's worker first loads its script (under
 * 1 MB, from this site or its cache) and has no stand-in, so it is given longer.
 */
const READY_WITHIN_MS: Record<HelperKind, number> = {
  hash: 10_000,
  'held-part': 10_000,
  duckdb: 60_000,
};

/**
 * A helper of `kind`, once it has said it is ready; undefined where it cannot be started or does
 * not say so in time (the caller then does the work itself, or says it cannot).
 */
export async function startHelper(
  kind: HelperKind,
  {
    script,
    readyWithinMs = READY_WITHIN_MS[kind],
  }: { script?: string; readyWithinMs?: number } = {},
): Promise<HelperWorker | undefined> {
  let port: MessagePort;
  try {
    await starterReady;
    port = await starter!(kind, script);
  } catch {
    return undefined;
  }
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), readyWithinMs);
    port.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      resolve(event.data === HELPER_READY);
    };
  });
  port.onmessage = null;
  const helper = new HelperWorker(port);
  if (ready) return helper;
  helper.terminate();
  return undefined;
}
