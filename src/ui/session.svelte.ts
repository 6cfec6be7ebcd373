import type {
  Decision,
  EngineFailure,
  FileCheck,
  Outcome,
  OutputEntry,
} from '../../workers/engine.worker';
import { todayIso } from '../engine/dates';
import type { Progress } from '../engine/progress';
import type { LoadResult, Policy } from '../engine/session';
import {
  describeMismatch,
  parseReplayManifest,
  ReplayError,
  type ReplayPlan,
} from '../engine/replay';
import { DEFAULT_OPTIONS, type EligibilityOptions } from '../rules/prop64/options';
import { suggestedCounty } from './county-choice';
import { proxy } from 'comlink';
import type { FormsProgress } from '../forms/bundle';
import type { MotionsPer } from '../forms/model';
import type { OfficeSettings } from '../forms/office';
import { engine, progressCallback } from './engine-client';
import { keepingDownloadsAlive, openStreamedDownload } from './streamed-download';
import { saveFile } from './save-file';
import type { WorklistChoice, WorklistFilter, WorklistOverview } from '../engine/review-worklist';
import type { OfficeDraft } from './office-storage';
import { STEPS, stepIndex, type StepId } from './steps';

/**
 * A reproduced run's verdict: its files are written and compared with the manifest's SHA-256 as
 * soon as it is decided; only 'identical' says the run was reproduced.
 */
export type Reproduction =
  | { label: string; state: 'checking' }
  | { label: string; state: 'identical'; files: number }
  | { label: string; state: 'differs'; message: string }
  | { label: string; state: 'unchecked' };

export const SAMPLE = { county: 'SACRAMENTO', rows: 20_000, seed: 2016 } as const;

/** A chosen file: its first-bytes check, and its rows counted by lines (null until counted). */
export interface FileEntry {
  id: number;
  file: File;
  check: FileCheck | null;
  rows: number | null;
}

/**
 * The page's state: the chosen extract (read as soon as it is chosen, so it is ready by the time
 * the county and policy are picked), the county and policy, and the latest run's results.
 * Every engine call carries a request number; a reply to an older request is dropped, so the
 * latest choice always wins.
 */
export class ReviewSession {
  step = $state<StepId>('start');
  /** Every file chosen; each is its own review, one loaded at a time (the active one). */
  files = $state.raw<FileEntry[]>([]);
  activeId = $state<number | null>(null);
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
  makingReport = $state(false);
  /** The latest policy comparison: labels and decisions, the current policy first. */
  comparison = $state.raw<{ labels: string[]; decisions: Decision[] } | null>(null);
  comparing = $state(false);
  comparisonFailure = $state.raw<EngineFailure | null>(null);
  /** Court papers: what was typed for the office (kept for the tab), and the files made. */
  officeDraft = $state.raw<OfficeDraft | null>(null);
  formsOutputs = $state.raw<OutputEntry[] | null>(null);
  generatingForms = $state(false);
  formsProgress = $state.raw<FormsProgress | null>(null);
  formsFailure = $state.raw<EngineFailure | null>(null);
  /** People whose papers could not be made (listed in not-made.csv); the others were made. */
  formsNotMade = $state(0);
  /** Granted convictions the papers show without a date of conviction. */
  formsUndated = $state(0);
  /**
   * The attorney's review of the latest decision: how many convictions each paper holds, and a
   * number that changes with every decision so lists on screen read again. The decisions
   * themselves live in the worker's database until saved as review.json.
   */
  reviewOverview = $state.raw<WorklistOverview | null>(null);
  reviewVersion = $state(0);
  reviewFailure = $state.raw<EngineFailure | null>(null);
  /** What happened to the review file last (saved, opened), in words. */
  reviewMessage = $state<string | null>(null);
  /** "Reproduce a run": the manifest's plan, applied once its input file is loaded and checked. */
  replay = $state.raw<ReplayPlan | null>(null);
  replayProblem = $state<string | null>(null);
  /** Set when the shown results are a replay of a run from its manifest: its verdict. */
  reproduced = $state.raw<Reproduction | null>(null);
  private request = 0;
  private nextFileId = 1;

  get active(): FileEntry | null {
    return this.files.find((f) => f.id === this.activeId) ?? null;
  }

  get file(): File | null {
    return this.active?.file ?? null;
  }

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
      if (this.files.length === 0) return 'Choose a file first.';
      if (!this.file) return 'Choose which file to review.';
      if (this.loading) return 'The file is still being read.';
      // A refused replay must not carry on as an ordinary review of the wrong file.
      if (this.replay && this.failure?.kind === 'replay')
        return 'This is not the file the run read: choose that file, or "Do not reproduce".';
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
    await this.add([file]);
  }

  /**
   * Adds files to the list and checks their first bytes at once; the first usable one is read
   * straight away (so it is ready by the time the county and policy are chosen) unless another
   * file is already being reviewed.
   */
  async add(files: File[]) {
    const added = files.map((file) => ({ id: this.nextFileId++, file, check: null, rows: null }));
    this.files = [...this.files, ...added];
    const checks = await engine.inspectFiles(files);
    for (const [index, entry] of added.entries()) {
      this.update(entry.id, { check: checks[index] ?? null });
    }
    const usable = added.filter((_, index) => !checks[index]?.error);
    // The file reviewed now is counted by the review itself; only the others are counted here.
    const reviewNow = this.activeId === null ? usable[0] : undefined;
    for (const entry of usable) {
      if (entry === reviewNow) continue;
      void engine
        .countRows(entry.file, checks[added.indexOf(entry)]?.hasHeader ?? true)
        .then((rows) => this.update(entry.id, { rows }));
    }
    if (reviewNow) await this.review(reviewNow.id);
    else if (this.activeId === null && added[0]) this.activeId = added[0].id;
  }

  /**
   * Reads one file of the list into the engine; any earlier file's results are forgotten. With
   * `skipBadLines`, lines that cannot be read are left out and listed in rejected_rows.csv (the
   * command-line tool's --skip-bad-rows), which the user chooses after seeing the first one.
   */
  async review(id: number, skipBadLines = false) {
    const entry = this.files.find((f) => f.id === id);
    if (!entry) return;
    const request = ++this.request;
    this.activeId = id;
    this.failure = null;
    this.loadResult = null;
    this.forgetResults();
    if (entry.check?.error) return;
    this.loading = true;
    this.progress = null;
    const loaded = await engine.load(entry.file, skipBadLines, this.listener(request));
    if (request !== this.request) return;
    this.loading = false;
    if (!loaded.ok) {
      this.failure = loaded.failure;
      return;
    }
    this.loadResult = loaded.value;
    this.update(id, { rows: loaded.value.rowCount });
    this.county = suggestedCounty(loaded.value.prop64ConvictionsByCounty) ?? this.county;
    if (this.replay) await this.reproduce(this.replay, request);
  }

  /** Starts "Reproduce a run" from a manifest.json: the next file loaded is checked against it. */
  async startReplay(manifest: File) {
    this.replayProblem = null;
    try {
      this.replay = parseReplayManifest(await manifest.text());
      this.step = 'files';
    } catch (error) {
      this.replay = null;
      this.replayProblem =
        error instanceof ReplayError ? error.message : 'This file cannot be read.';
    }
  }

  cancelReplay() {
    this.replay = null;
  }

  /** With the run's own input and rules confirmed, decides with the run's county, date and policy. */
  private async reproduce(plan: ReplayPlan, request: number) {
    const checked = await engine.checkReplay(plan);
    if (request !== this.request) return;
    if (!checked.ok) {
      this.failure = checked.failure;
      return;
    }
    this.county = plan.county;
    this.computeAt = plan.computeAt;
    this.options = plan.options;
    this.replay = null;
    const label = `${plan.input.name} (${plan.county}, as of ${plan.computeAt})`;
    this.reproduced = { label, state: 'checking' };
    await this.run(true);
    if (this.decision && this.reproduced?.state === 'checking') {
      await this.compareWithRun(plan, label);
    }
  }

  /** Writes the replay's files and compares their SHA-256 and counts with the manifest's. */
  private async compareWithRun(plan: ReplayPlan, label: string) {
    const id = this.request;
    this.preparingOutputs = true;
    this.outputFailure = null;
    const compared = await engine.compareWithRun(
      plan,
      progressCallback((p) => {
        if (id === this.request) this.outputProgress = p;
      }),
    );
    if (id !== this.request) return;
    this.preparingOutputs = false;
    if (!compared.ok) {
      this.outputFailure = compared.failure;
      this.reproduced = { label, state: 'unchecked' };
      return;
    }
    this.outputs = compared.value.entries;
    const { comparison } = compared.value;
    this.reproduced = comparison.identical
      ? { label, state: 'identical', files: comparison.matching.length }
      : { label, state: 'differs', message: describeMismatch(plan.input.name, comparison) };
  }

  /** Takes a file off the list; removing the one under review clears the engine too. */
  async remove(id: number) {
    this.files = this.files.filter((f) => f.id !== id);
    if (id !== this.activeId) return;
    this.request++;
    this.activeId = null;
    this.loading = false;
    this.loadResult = null;
    this.failure = null;
    this.forgetResults();
    await engine.clear();
  }

  private update(id: number, change: Partial<FileEntry>) {
    this.files = this.files.map((f) => (f.id === id ? { ...f, ...change } : f));
  }

  /** Decides for the chosen county and policy, without reading the file again. */
  async run(reproducing = false) {
    const id = ++this.request;
    if (!reproducing) this.reproduced = null;
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
    await this.makeOutputs((progress) => engine.prepareOutputs(progress));
  }

  /**
   * "Save all to a folder" before the files are made: the worker makes each one straight into the
   * folder chosen. Returns the folder's name once every file is in it, or null on a failure
   * (shown as `outputFailure`).
   */
  async makeOutputsIn(folder: FileSystemDirectoryHandle): Promise<string | null> {
    const made = await this.makeOutputs((progress) => engine.makeOutputsIn(folder, progress));
    return made ? folder.name : null;
  }

  /**
   * "Save all" where the browser has no folder dialog: each file is made as a streamed download
   * (through the app's service worker), nothing kept here. Returns the files sent to the
   * downloads, or null on a failure (shown as `outputFailure`).
   */
  async makeOutputsAsDownloads(): Promise<OutputEntry[] | null> {
    let sent: OutputEntry[] | null = null;
    await this.makeOutputs(
      (progress) =>
        keepingDownloadsAlive<Outcome<OutputEntry[]>>(() =>
          engine.makeOutputsAsDownloads(
            proxy((name: string) => openStreamedDownload(name)),
            progress,
          ),
        ),
      (made) => (sent = made),
    );
    return sent;
  }

  /**
   * Makes the decision's files, with progress; whether they were made. `use` takes the files made
   * (by default they are the ones the page lists to save).
   */
  private async makeOutputs(
    make: (progress: ReturnType<typeof progressCallback>) => Promise<Outcome<OutputEntry[]>>,
    use: (made: OutputEntry[]) => void = (made) => (this.outputs = made),
  ): Promise<boolean> {
    if (this.outputs || this.preparingOutputs) return false;
    const id = this.request;
    this.preparingOutputs = true;
    this.outputFailure = null;
    const made = await make(
      progressCallback((p) => {
        if (id === this.request) this.outputProgress = p;
      }),
    );
    if (id !== this.request) return false;
    this.preparingOutputs = false;
    if (made.ok) use(made.value);
    else this.outputFailure = made.failure;
    return made.ok;
  }

  /** The summary report on its own (no office details): added to the files ready to save. */
  async makeSummaryReport() {
    const id = this.request;
    this.makingReport = true;
    this.outputFailure = null;
    const made = await engine.summaryReport();
    if (id !== this.request) return;
    this.makingReport = false;
    if (!made.ok) {
      this.outputFailure = made.failure;
      return;
    }
    const others = (this.outputs ?? []).filter((e) => e.name !== made.value.name);
    this.outputs = [...others, made.value];
  }

  /**
   * Decides up to two other policies on the same data (same county and date) beside the current
   * one. The worker decides the current policy last, so everything else on the page still
   * describes it; the files to download are prepared again if asked for.
   */
  async compare(others: { label: string; options: EligibilityOptions }[], currentLabel: string) {
    const policy = this.decidedPolicy;
    if (!policy || others.length === 0) return;
    const id = ++this.request;
    this.comparing = true;
    this.comparisonFailure = null;
    const result = await engine.comparePolicies(
      $state.snapshot(policy) as Policy,
      // Snapshots: a Svelte state proxy cannot be posted to a worker.
      others.map((o) => ({
        ...($state.snapshot(policy) as Policy),
        options: $state.snapshot(o.options) as EligibilityOptions,
      })),
      this.listener(id),
    );
    if (id !== this.request) return;
    this.comparing = false;
    this.outputs = null;
    if (!result.ok) {
      this.comparisonFailure = result.failure;
      return;
    }
    const [current] = result.value;
    if (current) this.decision = current;
    this.comparison = {
      labels: [currentLabel, ...others.map((o) => o.label)],
      decisions: result.value,
    };
  }

  /** Makes the motions, court list and report for the latest decision (worker, streamed to disk). */
  async generateForms(
    office: OfficeSettings,
    choices: { flatten: boolean; combined: boolean; per: MotionsPer },
  ) {
    const id = this.request;
    this.generatingForms = true;
    this.formsFailure = null;
    this.formsOutputs = null;
    this.formsNotMade = 0;
    this.formsUndated = 0;
    this.formsProgress = null;
    const made = await engine.generateForms(
      office,
      choices,
      proxy((p: FormsProgress) => {
        if (id === this.request) this.formsProgress = p;
      }),
    );
    if (id !== this.request) return;
    this.generatingForms = false;
    if (made.ok) {
      this.formsOutputs = made.value.files;
      this.formsNotMade = made.value.notMade;
      this.formsUndated = made.value.undated;
    } else if (made.failure.kind !== 'cancelled') this.formsFailure = made.failure;
  }

  /** Reads the review's counts (once per decision; decisions return fresh ones). */
  async loadReviewOverview() {
    if (this.reviewOverview) return;
    const id = this.request;
    const read = await engine.reviewOverview();
    if (id !== this.request) return;
    if (read.ok) this.reviewOverview = read.value;
    else this.reviewFailure = read.failure;
  }

  /** Records the attorney's decision for some convictions, or every one a filter matches. */
  async decideConvictions(
    target: { lines: number[] } | { filter: WorklistFilter },
    choice: WorklistChoice,
  ): Promise<number | null> {
    const id = this.request;
    this.reviewFailure = null;
    this.reviewMessage = null;
    const done = await engine.reviewDecide(
      $state.snapshot(target) as typeof target,
      $state.snapshot(choice) as WorklistChoice,
      todayIso(),
    );
    if (id !== this.request) return null;
    if (!done.ok) {
      this.reviewFailure = done.failure;
      return null;
    }
    this.reviewChanged(done.value.overview);
    return done.value.changed;
  }

  /** Saves the attorney's decisions as review.json where the user chooses. */
  async saveReviewFile() {
    this.reviewFailure = null;
    const text = await engine.reviewFile();
    if (!text.ok) {
      this.reviewFailure = text.failure;
      return;
    }
    const file = new File([text.value], 'review.json', { type: 'application/json' });
    const saved = await saveFile(file, 'review.json');
    if (saved === 'saved') {
      const n = this.reviewOverview?.byAttorney ?? 0;
      this.reviewMessage = `Saved review.json with ${n.toLocaleString()} decision${n === 1 ? '' : 's'}.`;
    }
  }

  /** Applies a saved review.json to these results; refused, with the reasons, if it is not theirs. */
  async openReviewFile(file: File) {
    const id = this.request;
    this.reviewFailure = null;
    this.reviewMessage = null;
    const applied = await engine.importReview(await file.text(), file.name);
    if (id !== this.request) return;
    if (!applied.ok) {
      this.reviewFailure = applied.failure;
      return;
    }
    this.reviewChanged(applied.value);
    const n = applied.value.byAttorney;
    this.reviewMessage = `Opened ${file.name}: ${n.toLocaleString()} decision${n === 1 ? '' : 's'} applied.`;
  }

  private reviewChanged(overview: WorklistOverview) {
    this.reviewOverview = overview;
    this.reviewVersion++;
    // Papers made before no longer say what the attorney decided.
    this.formsOutputs = null;
    this.formsNotMade = 0;
    this.formsUndated = 0;
  }

  async cancelForms() {
    await engine.cancel();
  }

  async clearEverything() {
    this.request++;
    this.replay = null;
    this.reproduced = null;
    await engine.clear();
    this.files = [];
    this.activeId = null;
    this.loading = false;
    this.loadResult = null;
    this.failure = null;
    this.forgetResults();
    this.county = '';
    this.options = DEFAULT_OPTIONS;
    this.computeAt = todayIso();
    this.step = 'start';
  }

  private forgetResults() {
    this.reviewOverview = null;
    this.reviewVersion++;
    this.reviewFailure = null;
    this.reviewMessage = null;
    this.formsOutputs = null;
    this.formsNotMade = 0;
    this.formsUndated = 0;
    this.generatingForms = false;
    this.formsProgress = null;
    this.formsFailure = null;
    this.comparison = null;
    this.comparing = false;
    this.comparisonFailure = null;
    this.decision = null;
    this.decidedPolicy = null;
    this.outputs = null;
    this.preparingOutputs = false;
    this.outputProgress = null;
    this.outputFailure = null;
    this.makingReport = false;
  }

  private listener(id: number) {
    return progressCallback((p) => {
      if (id === this.request) this.progress = p;
    });
  }
}
