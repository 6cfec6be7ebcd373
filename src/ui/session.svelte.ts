import type { EngineFailure } from '../../workers/engine.worker';
import { todayIso } from '../engine/dates';
import type { Progress } from '../engine/progress';
import type { LoadResult } from '../engine/session';
import type { Summary } from '../engine/summary';
import { DEFAULT_OPTIONS, type EligibilityOptions } from '../rules/prop64/options';
import { engine, progressCallback } from './engine-client';

type Phase = 'start' | 'running' | 'results' | 'failed';

/** The page's state: one extract, one county and policy, the latest run's results. */
export class ReviewSession {
  phase = $state<Phase>('start');
  progress = $state.raw<Progress | null>(null);
  fileName = $state('');
  loadResult = $state.raw<LoadResult | null>(null);
  summary = $state.raw<Summary | null>(null);
  failure = $state.raw<EngineFailure | null>(null);
  county = $state('SACRAMENTO');
  computeAt = $state(todayIso());
  options = $state.raw<EligibilityOptions>(DEFAULT_OPTIONS);
  private runId = 0;

  async trySample() {
    const file = await engine.sampleFile('SACRAMENTO', 5000, 2016);
    await this.run(file);
  }

  async run(file: File) {
    // The latest request wins: an older run that finishes late is ignored.
    const id = ++this.runId;
    this.phase = 'running';
    this.failure = null;
    this.fileName = file.name;
    const onProgress = progressCallback((p) => {
      if (id === this.runId) this.progress = p;
    });
    const loaded = await engine.load(file, false, onProgress);
    if (id !== this.runId) return;
    if (!loaded.ok) return this.fail(loaded.failure);
    this.loadResult = loaded.value;
    const top = loaded.value.prop64ConvictionsByCounty[0]?.county;
    if (top) this.county = top;
    const decided = await engine.decide(
      { county: this.county, computeAt: this.computeAt, options: this.options },
      onProgress,
    );
    if (id !== this.runId) return;
    if (!decided.ok) return this.fail(decided.failure);
    this.summary = decided.value;
    this.phase = 'results';
  }

  async cancel() {
    this.runId++;
    await engine.cancel();
    this.phase = this.summary ? 'results' : 'start';
  }

  async clear() {
    this.runId++;
    await engine.clear();
    this.summary = null;
    this.loadResult = null;
    this.fileName = '';
    this.phase = 'start';
  }

  private fail(failure: EngineFailure) {
    this.failure = failure;
    this.phase = failure.kind === 'cancelled' ? 'start' : 'failed';
  }
}
