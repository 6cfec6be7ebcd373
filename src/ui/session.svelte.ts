import type { Decision, EngineFailure, FileCheck, OutputEntry } from '../../workers/engine.worker';
import { todayIso } from '../engine/dates';
import type { Progress } from '../engine/progress';
import type { LoadResult, Policy } from '../engine/session';
import { DEFAULT_OPTIONS, type EligibilityOptions } from '../rules/prop64/options';
import { suggestedCounty } from './county-choice';
import { engine, progressCallback } from './engine-client';
import { STEPS, stepIndex, type StepId } from './steps';

export const SAMPLE = { county: 'SACRAMENTO', rows: 20_000, seed: 2016 } as const;

/**
 * The page's state: the chosen extract (read as soon as it is chosen, so it is ready by the time
 * the county and policy are picked), the county and policy, and the latest run's results.
 * Every engine call carries a request number; a reply to an older request is dropped, so the
 * latest choice always wins.
 */
export class ReviewSession {
  step = $state<StepId>('start');
  file = $state.raw<File | null>(null);
  check = $state.raw<FileCheck | null>(null);
  loading = $state(false);
  loadResult = $state.raw<LoadResult | null>(null);
  progress = $state.raw<Progress | null>(null);
  runStartedAt = $state(0);
  decision = $state.raw<Decision | null>(null);
  /** The policy the shown results were decided with. */
  decidedPolicy = $state.raw<Policy | null>(null);
  failure = $state.raw<EngineFailure | null>(null);
  county = $state('');
  computeAt = $state(todayIso());
  options = $state.raw<EligibilityOptions>(DEFAULT_OPTIONS);
  outputs = $state.raw<OutputEntry[] | null>(null);
  preparingOutputs = $state(false);
  outputProgress = $state.raw<Progress | null>(null);
  outputFailure = $state.raw<EngineFailure | null>(null);
  private request = 0;

  get policy(): Policy {
    return { county: this.county, computeAt: this.computeAt, options: this.options };
  }

  /** True when the choices on screen differ from those the shown results were decided with. */
  get policyChanged(): boolean {
    return JSON.stringify(this.policy) !== JSON.stringify(this.decidedPolicy);
  }

  /** Why the Next button is off on the current step, in words; undefined when it is on. */
  get blocker(): string | undefined {
    if (this.step === 'files') {
      if (!this.file) return 'Choose a file first.';
      if (this.loading) return 'The file is still being read.';
      if (!this.loadResult) return 'This file cannot be used; choose another.';
    }
    if (this.step === 'county' && !this.county) return 'Choose a county first.';
    return undefined;
  }

  go(step: StepId) {
    this.step = step;
  }

  next() {
    const following = STEPS[stepIndex(this.step) + 1];
    if (following) this.step = following.id;
  }

  back() {
    const previous = STEPS[stepIndex(this.step) - 1];
    if (previous) this.step = previous.id;
  }

  async useSample() {
    this.step = 'files';
    const file = await engine.sampleFile(SAMPLE.county, SAMPLE.rows, SAMPLE.seed);
    await this.choose(file);
  }

  /** Checks the file's first bytes at once, then reads the whole extract in the worker. */
  async choose(file: File) {
    const id = ++this.request;
    this.file = file;
    this.failure = null;
    this.check = null;
    this.loadResult = null;
    this.forgetResults();
    const [check] = await engine.inspectFiles([file]);
    if (id !== this.request) return;
    this.check = check ?? null;
    if (!check || check.error) return;
    this.loading = true;
    this.progress = null;
    const loaded = await engine.load(file, false, this.listener(id));
    if (id !== this.request) return;
    this.loading = false;
    if (!loaded.ok) {
      this.failure = loaded.failure;
      return;
    }
    this.loadResult = loaded.value;
    this.county = suggestedCounty(loaded.value.prop64ConvictionsByCounty) ?? this.county;
  }

  async removeFile() {
    this.request++;
    await engine.clear();
    this.file = null;
    this.check = null;
    this.loading = false;
    this.loadResult = null;
    this.failure = null;
    this.forgetResults();
  }

  /** Decides for the chosen county and policy, without reading the file again. */
  async run() {
    const id = ++this.request;
    const policy = this.policy;
    this.step = 'run';
    this.failure = null;
    this.progress = null;
    this.runStartedAt = performance.now();
    // Whatever the worker is still doing for an older request (writing files) must stop first.
    await engine.cancel();
    const decided = await engine.decide($state.snapshot(policy) as Policy, this.listener(id));
    if (id !== this.request) return;
    if (!decided.ok) {
      this.failure = decided.failure;
      if (decided.failure.kind === 'cancelled') this.step = 'policy';
      return;
    }
    this.forgetResults();
    this.decision = decided.value;
    this.decidedPolicy = policy;
    this.step = 'results';
  }

  /** Cancel keeps the loaded extract: the user returns to the policy with everything in place. */
  async cancel() {
    this.request++;
    await engine.cancel();
    this.failure = null;
    this.step = 'policy';
  }

  /** Writes the files to download (once per decision); the buttons then save them one by one. */
  async prepareOutputs() {
    if (this.outputs || this.preparingOutputs) return;
    const id = this.request;
    this.preparingOutputs = true;
    this.outputFailure = null;
    const prepared = await engine.prepareOutputs(
      progressCallback((p) => {
        if (id === this.request) this.outputProgress = p;
      }),
    );
    if (id !== this.request) return;
    this.preparingOutputs = false;
    if (prepared.ok) this.outputs = prepared.value;
    else this.outputFailure = prepared.failure;
  }

  async clearEverything() {
    await this.removeFile();
    this.county = '';
    this.options = DEFAULT_OPTIONS;
    this.computeAt = todayIso();
    this.step = 'start';
  }

  private forgetResults() {
    this.decision = null;
    this.decidedPolicy = null;
    this.outputs = null;
    this.preparingOutputs = false;
    this.outputProgress = null;
    this.outputFailure = null;
  }

  private listener(id: number) {
    return progressCallback((p) => {
      if (id === this.request) this.progress = p;
    });
  }
}
