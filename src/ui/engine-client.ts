import { proxy, wrap } from 'comlink';
import type { EngineApi } from '../../workers/engine.worker';
import type { Progress } from '../engine/progress';
import { startHelperWorker } from './helper-workers';

/** The engine worker, created once for the page; only its type is shared with UI code. */
export const engine = wrap<EngineApi>(
  new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' }),
);
// First of all: the engine starts DuckDB as soon as it can, through the page.
void engine.useHelperStarter(proxy(startHelperWorker));

/** Wraps a progress callback so it can be called from the worker. */
export const progressCallback = (listener: (p: Progress) => void) => proxy(listener);
