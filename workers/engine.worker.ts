/**
 * The engine in a Web Worker: the same src/engine pipeline and .sql rules as the CLI, behind one
 * comlink API object. Only its type crosses into UI code. The page stays responsive because every
 * database call happens here (and in DuckDB's own worker), never on the main thread.
 */
import { expose } from 'comlink';
import { generateExtract } from '../src/doj/generate';
import { SNIFF_BYTES, sniffInput, type InputShape } from '../src/doj/sniff';
import {
  browserFastReader,
  browserFileSource,
  HELD_ROWS_FILE,
} from '../src/engine/browser/fast-reader';
import { checkLines, needsLineCheck, type BadLine } from '../src/engine/extract-scan/line-check';
import { rejectError } from '../src/engine/input';
import { browserOutputHashing, sha256OfFile } from '../src/engine/browser/hash-file';
import { useHelperStarter, type StartHelper } from '../src/engine/browser/helper-workers';
import { FolderOutputs } from '../src/engine/browser/folder-outputs';
import {
  DownloadCancelled,
  DownloadOutputs,
  DownloadStalled,
} from '../src/engine/browser/download-outputs';
import { tooLargeForTab } from '../src/engine/browser/tab-file-limit';
import {
  createBrowserOutputs,
  OpfsOutputs,
  type BrowserOutputs,
} from '../src/engine/browser/opfs-outputs';
import { loadBrowserRulePack } from '../src/engine/browser/rule-pack';
import { readBreakdown, type Breakdown } from '../src/engine/breakdown';
import { explainConviction, type Explanation } from '../src/engine/explain';
import { ConsoleRefusal, SqlConsole, type ConsoleResult } from '../src/engine/sql-console';
import {
  buildExplorer,
  personDetail,
  searchPeople,
  type PeopleFilter,
  type PersonDetail,
  type PersonPage,
} from '../src/engine/explorer';
import { buildManifest, summaryJson } from '../src/engine/manifest';
import { HashedOutputs } from '../src/engine/output-hashes';
import { OUTPUT_FILES } from '../src/engine/outputs';
import { utf8Chunks } from '../src/doj/csv-records';
import type { Manifest } from '../src/engine/manifest';
import { BUNDLE_FILES, writeFormsBundle, type FormsProgress } from '../src/forms/bundle';
import type { MotionsPer } from '../src/forms/model';
import {
  PAPERS_MANIFEST,
  papersManifestText,
  type PapersFile,
} from '../src/filing/papers-manifest';
import { FILING_OUTPUTS } from '../src/filing/filing-outputs';
import { summaryReportPdf } from '../src/forms/summary-report';
import { browserFormFonts } from '../src/forms/fonts-browser';
import { readProp64Results } from '../src/forms/from-results';
import type { OfficeSettings } from '../src/forms/office';
import {
  checkReplay,
  compareReplay,
  ReplayError,
  type ReplayComparison,
  type ReplayPlan,
} from '../src/engine/replay';
import { APP_VERSION } from '../src/engine/version';
import {
  decideWorklist,
  determinationLines,
  reviewDecisions,
  worklistOverview,
  worklistPage,
  type WorklistChoice,
  type WorklistFilter,
  type WorklistOverview,
  type WorklistRow,
} from '../src/engine/review-worklist';
import {
  checkReviewAgainstRun,
  parseReviewFile,
  ReviewFileError,
  reviewFileText,
  type ReviewFile,
} from '../src/filing/review-file';
import { openBrowserDatabase, type BrowserDatabase } from '../src/engine/duckdb/browser';
import { whenReady } from '../src/engine/duckdb/when-ready';
import { rehearse } from '../src/engine/browser/rehearsal';
import {
  describeUnexpected,
  InputError,
  isOutOfMemory,
  RunCancelledError,
} from '../src/engine/errors';
import type { Progress } from '../src/engine/progress';
import { EngineSession, type LoadResult, type Policy } from '../src/engine/session';
import { readSummary, type Summary } from '../src/engine/summary';

export interface FileCheck {
  name: string;
  size: number;
  hasHeader?: boolean;
  warnings: string[];
  /** A plain-language problem that stops this file from being used. */
  error?: { problem: string; line?: number; hint?: string; help?: string };
}

/** Errors cross the worker boundary as plain data the UI can show as a card. */
export type EngineFailure =
  | {
      kind: 'input';
      file: string;
      problem: string;
      line?: number;
      hint?: string;
      /** A section of Help that says what to do (its id). */
      help?: string;
      /** Bad lines the user can choose to skip, reading the rest (rejected_rows.csv lists them). */
      skippable?: boolean;
    }
  | { kind: 'cancelled' }
  /** The tab ran out of memory: the command-line tool can handle the file. */
  | { kind: 'memory' }
  /** The auditor's console refused a statement, or DuckDB rejected it: shown as written. */
  | { kind: 'query'; message: string }
  /** "Reproduce a run" refused: the input or a rule file is not the run's own. */
  | { kind: 'replay'; message: string }
  /** A review file that cannot be used for this run: each problem in plain words. */
  | { kind: 'review'; file: string; problems: string[] }
  /** A streamed download the browser stopped taking: what is in the downloads is incomplete. */
  | { kind: 'download'; file: string }
  | { kind: 'unexpected'; what: string };

/** What a decision returns to the results screen. */
export interface Decision {
  summary: Summary;
  breakdown: Breakdown;
}

/** A file ready to save: name and size; the page fetches the File itself when the user saves it. */
export interface OutputEntry {
  name: string;
  size: number;
}

/** The court papers made, and how many people's papers could not be (listed in not-made.csv). */
export interface FormsMade {
  files: OutputEntry[];
  notMade: number;
  /** Granted convictions whose date of conviction is blank in the papers (see FormsBundleResult). */
  undated: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: EngineFailure };

let db: BrowserDatabase | undefined;
let session: EngineSession | undefined;
let loaded:
  | {
      file: File;
      shape: InputShape;
      result: LoadResult;
      sha256: () => Promise<string>;
      skipBadRows: boolean;
    }
  | undefined;
let outputs: BrowserOutputs | undefined;
let decided: { policy: Policy; startedAt: Date; summary: Summary } | undefined;
/** The decision's files once made, and where: the run's own storage, or a folder the user chose. */
let written: { entries: OutputEntry[]; manifest: Manifest; where: BrowserOutputs } | undefined;
let formsWritten: OutputEntry[] | undefined;
/** The summary report made on its own from the Results step. */
let reportWritten: OutputEntry | undefined;
const SUMMARY_REPORT = BUNDLE_FILES.summaryReport;
let controller: AbortController | undefined;
/** The auditor's console: its own DuckDB, opened when first used after a decision. */
let sqlConsole: Promise<SqlConsole> | undefined;

// Output files of a tab that closed without "Clear everything" hold records: remove them first.
const leftoversRemoved = OpfsOutputs.removeLeftovers().catch(() => undefined);

/**
 * DuckDB, started as soon as the page opens, while the user reads the first screen and picks a
 * file: compiling its WebAssembly takes seconds of both cores, which otherwise slowed the scan of
 * the chosen file. It then rehearses a run on synthetic rows (rehearsal.ts), so the user's run
 * does not pay DuckDB's first-run costs. It holds nothing until a load takes it; a later load
 * starts its own.
 */
const workerStarted = performance.now();
const sinceStart = () => ((performance.now() - workerStarted) / 1000).toFixed(2);
let spareDatabase: Promise<BrowserDatabase> | undefined = openBrowserDatabase().then(
  async (started) => {
    console.debug(`clearance: DuckDB started: ${sinceStart()} s`);
    try {
      await rehearse(started, await loadBrowserRulePack());
      // The databases left after the rehearsal, named for the e2e test that holds it to leaving
      // nothing behind (the SQL console cannot see this database: it has one of its own).
      const left = await started.query<{ names: string }>(
        "SELECT string_agg(database_name, ',' ORDER BY database_name) AS names FROM duckdb_databases() WHERE NOT internal",
      );
      console.debug(
        `clearance: DuckDB rehearsed: ${sinceStart()} s (databases: ${left[0]?.names ?? ''})`,
      );
      return started;
    } catch (error) {
      // A rehearsal cut short may leave that database in any state: the load gets a new one and
      // only pays the first-run costs itself.
      console.debug(`clearance: DuckDB rehearsal failed (${describeUnexpected(error)})`);
      await started.close().catch(() => undefined);
      return openBrowserDatabase();
    }
  },
);
spareDatabase.catch(() => undefined); // a failed start is retried by the load that wants it
/** Until DuckDB has started and rehearsed, a file chosen is read while it starts: the bar says so. */
let engineStarting = true;
void spareDatabase.finally(() => (engineStarting = false)).catch(() => undefined);

function freshDatabase(): Promise<BrowserDatabase> {
  const spare = spareDatabase;
  spareDatabase = undefined;
  return spare ? spare.catch(() => openBrowserDatabase()) : openBrowserDatabase();
}

async function shapeOf(file: File): Promise<InputShape> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return sniffInput(file.name, head, file.size);
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof InputError) {
      return {
        ok: false,
        failure: {
          kind: 'input',
          file: error.file,
          problem: error.problem,
          line: error.line,
          hint: error.hint,
          skippable: error.skippable,
        },
      };
    }
    if (
      error instanceof RunCancelledError ||
      error instanceof DownloadCancelled ||
      controller?.signal.aborted
    ) {
      return { ok: false, failure: { kind: 'cancelled' } };
    }
    if (isOutOfMemory(error)) return { ok: false, failure: { kind: 'memory' } };
    if (error instanceof DownloadStalled) {
      return { ok: false, failure: { kind: 'download', file: error.fileName } };
    }
    if (error instanceof ReplayError) {
      return { ok: false, failure: { kind: 'replay', message: error.message } };
    }
    if (error instanceof ReviewFileError) {
      return {
        ok: false,
        failure: { kind: 'review', file: error.fileName, problems: error.problems },
      };
    }
    if (error instanceof ConsoleRefusal) {
      return { ok: false, failure: { kind: 'query', message: error.message } };
    }
    // Never the message: DuckDB's may quote a record.
    const what =
      error instanceof Error
        ? (/^([A-Za-z ]+Error):/.exec(error.message)?.[1] ?? error.name)
        : 'unknown';
    return { ok: false, failure: { kind: 'unexpected', what } };
  }
}

async function decideAndRead(
  policy: Policy,
  signal: AbortSignal,
  onProgress?: (p: Progress) => void,
): Promise<Decision> {
  if (!session || !db || !loaded) throw new Error('No extract is loaded.');
  decided = undefined;
  await closeConsole();
  written = undefined;
  formsWritten = undefined;
  reportWritten = undefined;
  const startedAt = new Date();
  await session.decide(policy, signal, onProgress);
  const explored = performance.now();
  await buildExplorer(db);
  console.debug(`clearance: explorer: ${((performance.now() - explored) / 1000).toFixed(2)} s`);
  const summary = await readSummary(db, {
    county: policy.county,
    computeAt: policy.computeAt,
    options: policy.options,
    processingTimeInSeconds: (Date.now() - startedAt.getTime()) / 1000,
    rejectedRowCount: loaded.result.rejectedRowCount,
    ruleSet: `${session.pack.id} ${session.pack.version}`,
  });
  decided = { policy, startedAt, summary };
  return { summary, breakdown: await readBreakdown(db) };
}

/**
 * The latest decision's files, made once per decision (the CSVs streamed out by this worker, then
 * summary.json and manifest.json): into the run's own storage, or straight into `into` (a folder
 * the user chose). Files made as downloads (`keep: false`) are not kept: whatever needs them later
 * (the papers, the summary report) makes them again into the run's storage.
 */
async function writeOutputs(
  signal: AbortSignal,
  onProgress?: (p: Progress) => void,
  { into, keep = true }: { into?: BrowserOutputs; keep?: boolean } = {},
): Promise<NonNullable<typeof written>> {
  if (!session || !db || !loaded || !decided || !outputs) throw new Error('No results yet.');
  // Files made earlier (for the papers, say) are in the run's storage, not where `into` is.
  if (written && !into) return written;
  const target = into ?? outputs;
  // Every file but the manifest goes through `hashed`, which records its SHA-256 for it.
  const hashed = new HashedOutputs(
    target,
    browserOutputHashing((name) => target.file(name)),
  );
  const { policy, startedAt, summary } = decided;
  // The input's hash began once it was read (on its own thread); it is usually done by now.
  const digest = loaded.sha256();
  digest.catch(() => undefined); // awaited below; this keeps an early failure from going unhandled
  const csvs = await session.writeCsvOutputs(hashed, signal, onProgress);
  await hashed.writeText(OUTPUT_FILES.summary, summaryJson(summary));
  const manifest = buildManifest({
    appVersion: APP_VERSION,
    engine: db.description,
    pack: session.pack,
    county: policy.county,
    computeAt: policy.computeAt,
    options: policy.options,
    skipBadRows: loaded.skipBadRows,
    input: {
      name: loaded.file.name,
      size: loaded.file.size,
      sha256: await digest,
      rowCount: loaded.result.rowCount,
      rejectedRowCount: loaded.result.rejectedRowCount,
      reader: loaded.result.reader,
      heldRowCount: loaded.result.heldRowCount,
      hasHeader: loaded.shape.hasHeader,
      encoding: loaded.shape.encoding,
    },
    summary,
    outputs: await hashed.outputs([...csvs, OUTPUT_FILES.summary]),
    startedAt,
    finishedAt: new Date(),
  });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await target.writeText(OUTPUT_FILES.manifest, manifestText);
  const entries: OutputEntry[] = [
    ...manifest.outputs.map(({ name, size }) => ({ name, size })),
    { name: OUTPUT_FILES.manifest, size: new TextEncoder().encode(manifestText).length },
  ];
  const made = { entries, manifest, where: target };
  if (keep) written = made;
  return made;
}

/**
 * The console over the latest decision's tables, in a second DuckDB (with its own worker) that
 * nothing else uses: see src/engine/sql-console.ts. Opened the first time it is asked for.
 */
function currentConsole(): Promise<SqlConsole> {
  if (!db || !decided)
    throw new ConsoleRefusal('Run a review first: the console reads its tables.');
  if (!sqlConsole) {
    const opening = SqlConsole.open(db, openBrowserDatabase);
    sqlConsole = opening;
    // A console that failed to open is opened again by the next query.
    opening.catch(() => {
      if (sqlConsole === opening) sqlConsole = undefined;
    });
  }
  return sqlConsole;
}

/** Drops the console's database: a new decision, load or Clear everything. */
async function closeConsole() {
  const old = sqlConsole;
  sqlConsole = undefined;
  await old?.then((c) => c.close()).catch(() => undefined);
}

/**
 * The console shows DuckDB's own message for a query the auditor wrote (a misspelt column, a
 * syntax error): its first line only, which names the auditor's own SQL.
 */
async function consoleOutcome<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConsoleRefusal || isOutOfMemory(error)) throw error;
    const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    throw new ConsoleRefusal(first.slice(0, 300) || 'DuckDB could not run this query.');
  }
}

/** Where the line check's copy of the input is kept: with the outputs, removed with them. */
const CHECKED_INPUT = '.checked-input.csv';

/**
 * The input's well-formed records, written by the line check beside the outputs; without
 * skipBadRows the first malformed line stops the load, named as in any other run.
 */
async function checkedCopy(
  file: File,
  shape: InputShape,
  skipBadRows: boolean,
  target: BrowserOutputs,
  signal: AbortSignal,
): Promise<{ file: File; skipped: BadLine[] }> {
  const sink = await target.sink(CHECKED_INPUT);
  let bad: BadLine[];
  try {
    ({ bad } = await checkLines(browserFileSource(file), { ...shape, signal }, sink));
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  const first = bad[0];
  if (first && !skipBadRows) {
    throw rejectError(
      { name: file.name, sqlPath: 'input.csv', size: file.size },
      { count: bad.length, first: { line: first.line, reason: first.reason } },
    );
  }
  return { file: await target.file(CHECKED_INPUT), skipped: bad };
}

/** The database of the latest decision; the review works on its tables. */
function decidedDb(): BrowserDatabase {
  if (!db || !decided) throw new Error('No results yet.');
  return db;
}

const ruleSet = () => (session ? `${session.pack.id} ${session.pack.version}` : '');

/** Decisions as the review file for this run's input and rules. */
async function reviewOf(decisions: ReviewFile['decisions']): Promise<ReviewFile> {
  if (!loaded) throw new Error('No extract is loaded.');
  return { inputSha256: await loaded.sha256(), ruleSet: ruleSet(), decisions };
}

/**
 * The SHA-256 of the review file these decisions save as (review.json is written the same way
 * every time), or null when the attorney decided nothing: the defaults were used.
 */
async function reviewSha256(): Promise<string | null> {
  const decisions = await reviewDecisions(decidedDb());
  if (decisions.length === 0) return null;
  const bytes = new TextEncoder().encode(reviewFileText(await reviewOf(decisions)));
  return sha256OfFile(new Blob([bytes]));
}

/** The filing rule that chose the papers, by name and SHA-256, for papers-manifest.json. */
function filingRule(): { name: string; sha256: string } {
  const rule = session?.pack.files.find((f) => f.name === '50_filing.sql');
  if (!rule) throw new Error('The filing rule is missing.');
  return { name: rule.name, sha256: rule.sha256 };
}

/** Papers made before a review changed no longer say what the attorney decided. */
function invalidatePapers() {
  formsWritten = undefined;
}

async function closeDatabase() {
  await closeConsole();
  session = undefined;
  loaded = undefined;
  decided = undefined;
  written = undefined;
  formsWritten = undefined;
  reportWritten = undefined;
  await outputs?.remove().catch(() => undefined);
  outputs = undefined;
  const old = db;
  db = undefined;
  await old?.close().catch(() => undefined);
}

const api = {
  /**
   * The page's way of starting this worker's helper threads (DuckDB, hashing, the second reading
   * thread): called once, at once. See src/engine/browser/helper-workers.ts for why the page.
   */
  useHelperStarter(start: StartHelper): void {
    useHelperStarter(start);
  },

  /** Checks each file's first bytes: what it is, and whether it can be used at all. */
  async inspectFiles(files: File[]): Promise<FileCheck[]> {
    return Promise.all(
      files.map(async (file) => {
        const tooLarge = tooLargeForTab(file.size);
        if (tooLarge) return { name: file.name, size: file.size, warnings: [], error: tooLarge };
        try {
          const shape = await shapeOf(file);
          return {
            name: file.name,
            size: file.size,
            hasHeader: shape.hasHeader,
            warnings: shape.warnings,
          };
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          return {
            name: file.name,
            size: file.size,
            warnings: [],
            error: { problem: error.problem, line: error.line, hint: error.hint },
          };
        }
      }),
    );
  },

  /**
   * Data rows in a file, counted by line breaks in 8 MB slices (never the whole file in memory),
   * for the file list before a file is reviewed; the review itself counts the rows it parses.
   */
  async countRows(file: File, hasHeader: boolean): Promise<number> {
    const CHUNK = 8 << 20;
    let lines = 0;
    let last = 10;
    for (let offset = 0; offset < file.size; offset += CHUNK) {
      const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
      last = bytes[bytes.length - 1] ?? last;
    }
    if (file.size > 0 && last !== 10) lines++; // a last line without a line break
    return Math.max(0, lines - (hasHeader ? 1 : 0));
  },

  /** A seeded synthetic extract of fabricated people, made here so the page can show a run at once. */
  async sampleFile(county: string, rows: number, seed: number): Promise<File> {
    const text = generateExtract({ county, rows, seed });
    return new File([text], `sample-${county.toLowerCase().replaceAll(' ', '-')}-${rows}.csv`, {
      type: 'text/csv',
    });
  },

  /** Reads one extract into a fresh database (any earlier one is cleared first). */
  async load(
    file: File,
    skipBadRows: boolean,
    onProgress?: (p: Progress) => void,
  ): Promise<Outcome<LoadResult>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      const started = performance.now();
      await closeDatabase();
      await leftoversRemoved;
      const shape = await shapeOf(file);
      const trace = (label: string, ms: number) =>
        console.debug(`clearance: ${label}: ${(ms / 1000).toFixed(2)} s`);
      // Every output is written here, not by DuckDB: nothing is registered for it to write.
      outputs = await createBrowserOutputs();
      // As the CLI does (run-to-folder.ts): bad lines to skip, or rows with an empty 96th field,
      // are read from the line check's copy of the file, which names each line it left out.
      const checked = needsLineCheck(shape, skipBadRows)
        ? await checkedCopy(file, shape, skipBadRows, outputs, signal)
        : undefined;
      const input = checked?.file ?? file;
      // DuckDB gets ready (if it is not already) while the fast reader scans the file: the scan
      // needs no database until it hands over the rows it kept.
      const opening = (async () => {
        const opened = await freshDatabase();
        await opened.registerFile('input.csv', input);
        await opened.registerBuffer(HELD_ROWS_FILE, new Uint8Array(0));
        await opened.lockDown();
        trace('DuckDB ready', performance.now() - started);
        return opened;
      })();
      opening.catch(() => undefined); // awaited below and by the first statement
      // Hashed (for manifest.json, reproducing a run) once the file is read, not while it is read:
      // on two cores the two reads slowed each other and raised the tab's peak memory. DuckDB
      // decides on one thread, so the hash worker has the other core to itself meanwhile.
      let digest: Promise<string> | undefined;
      const sha256 = () => (digest ??= sha256OfFile(file));
      let result: LoadResult;
      try {
        session = new EngineSession(whenReady(opening), await loadBrowserRulePack(), trace);
        result = await session.load(
          { name: file.name, sqlPath: 'input.csv', size: input.size },
          shape,
          {
            // The checked copy has no malformed lines left to skip.
            skipBadRows: skipBadRows && !checked,
            skippedLines: checked?.skipped,
            fastReader: browserFastReader(opening, input),
            signal,
            onProgress: onProgress && withEngineStart(onProgress),
          },
        );
      } finally {
        // Kept even when the load failed, so the next load or Clear everything closes it.
        db = await opening.catch(() => undefined);
      }
      loaded = { file, shape, result, sha256, skipBadRows };
      sha256().catch(() => undefined); // a failure is reported where the digest is awaited
      return result;
    });
  },

  /** Runs the rules for a county and policy on the loaded extract; cheap to repeat. */
  async decide(policy: Policy, onProgress?: (p: Progress) => void): Promise<Outcome<Decision>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(() => decideAndRead(policy, signal, onProgress));
  },

  /**
   * Policy comparison: decides each other policy on the same loaded data, then the current one
   * again last, so the explorer, console and downloads keep showing the current policy.
   * Returns the decisions in the order [current, ...others].
   */
  async comparePolicies(
    current: Policy,
    others: Policy[],
    onProgress?: (p: Progress) => void,
  ): Promise<Outcome<Decision[]>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      // Deciding starts a new review; the attorney's decisions for this policy are kept.
      const kept = db && decided ? await reviewDecisions(db) : [];
      const compared: Decision[] = [];
      for (const other of others) compared.push(await decideAndRead(other, signal, onProgress));
      const mine = await decideAndRead(current, signal, onProgress);
      if (kept.length > 0) await session?.applyReview(await reviewOf(kept));
      return [mine, ...compared];
    });
  },

  /** "Reproduce a run": is the loaded file (by SHA-256) and this rule pack the run's own? */
  async checkReplay(plan: ReplayPlan): Promise<Outcome<void>> {
    return outcome(async () => {
      if (!session || !loaded) throw new Error('No extract is loaded.');
      checkReplay(plan, session.pack, { name: loaded.file.name, sha256: await loaded.sha256() });
    });
  },

  /** One page of the people in the review whose name, CII or case number match `search`. */
  async searchPeople(
    search: string,
    page: number,
    filter?: PeopleFilter,
  ): Promise<Outcome<PersonPage>> {
    return outcome(async () => {
      if (!db || !decided) throw new Error('No results yet.');
      return searchPeople(db, search, page, filter);
    });
  },

  /** Why one conviction got its determination: the rules tried, in order, with their evidence. */
  async explain(rowIdx: number): Promise<Outcome<Explanation | null>> {
    return outcome(async () => {
      if (!db || !decided) throw new Error('No results yet.');
      return explainConviction(db, rowIdx);
    });
  },

  /**
   * Starts the console's database while the auditor reads the page (compiling DuckDB's
   * WebAssembly takes seconds); a failure is reported by the first query instead.
   */
  async consoleWarmUp(): Promise<void> {
    if (!db || !decided) return;
    await currentConsole().catch(() => undefined);
  },

  /** The auditor's console: one query in its own database, the first rows as text. */
  async consoleQuery(sql: string): Promise<Outcome<ConsoleResult>> {
    return outcome(() => consoleOutcome(async () => (await currentConsole()).query(sql)));
  },

  async consoleCsv(sql: string): Promise<Outcome<string>> {
    return outcome(() => consoleOutcome(async () => (await currentConsole()).csv(sql)));
  },

  async personDetail(subjectId: string): Promise<Outcome<PersonDetail | null>> {
    return outcome(async () => {
      if (!db || !decided) throw new Error('No results yet.');
      return personDetail(db, subjectId);
    });
  },

  /** The attorney's worklist: how many convictions each paper holds, hold reasons and sections. */
  async reviewOverview(): Promise<Outcome<WorklistOverview>> {
    return outcome(async () => worklistOverview(decidedDb()));
  },

  /** One page of the worklist, held convictions first. */
  async reviewPage(
    filter: WorklistFilter,
    page: number,
    pageSize: number,
  ): Promise<Outcome<{ rows: WorklistRow[]; total: number }>> {
    return outcome(async () => worklistPage(decidedDb(), filter, page, pageSize));
  },

  /**
   * Records the attorney's decision (or the default again, for `null`) for some convictions or
   * every one a filter matches, chooses again what is filed, and returns the new counts.
   */
  async reviewDecide(
    target: { lines: number[] } | { filter: WorklistFilter },
    choice: WorklistChoice,
    decidedOn: string,
  ): Promise<Outcome<{ changed: number; overview: WorklistOverview }>> {
    return outcome(async () => {
      const changed = await decideWorklist(decidedDb(), target, choice, decidedOn);
      await session?.refile();
      invalidatePapers();
      return { changed, overview: await worklistOverview(decidedDb()) };
    });
  },

  /** The attorney's decisions as review.json, for the user to save. */
  async reviewFile(): Promise<Outcome<string>> {
    return outcome(async () => reviewFileText(await reviewOf(await reviewDecisions(decidedDb()))));
  },

  /**
   * A saved review.json, applied to this run: refused, with every reason, when it was made for
   * another input file or rule set, or names a line that is not a conviction of this run.
   */
  async importReview(text: string, fileName: string): Promise<Outcome<WorklistOverview>> {
    return outcome(async () => {
      const database = decidedDb();
      if (!session || !loaded) throw new Error('No results yet.');
      const review = parseReviewFile(text, fileName);
      checkReviewAgainstRun(
        review,
        {
          inputSha256: await loaded.sha256(),
          inputName: loaded.file.name,
          ruleSet: ruleSet(),
          determinationLines: await determinationLines(database),
        },
        fileName,
      );
      await session.applyReview(review);
      invalidatePapers();
      return worklistOverview(database);
    });
  },

  /**
   * Writes the latest decision's files (the CSVs by DuckDB's COPY, then summary.json and
   * manifest.json) into the origin-private file system. Done once per decision, when first asked.
   */
  async prepareOutputs(onProgress?: (p: Progress) => void): Promise<Outcome<OutputEntry[]>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => (await writeOutputs(signal, onProgress)).entries);
  },

  /**
   * "Save all to a folder" before the page lists the files: each is made straight into the folder
   * the user chose (issue #17), so a 1 GB CSV is written once, where it is kept (made again even if
   * the papers made them here first). Returns the files as made.
   */
  async makeOutputsIn(
    folder: FileSystemDirectoryHandle,
    onProgress?: (p: Progress) => void,
  ): Promise<Outcome<OutputEntry[]>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(
      async () =>
        (await writeOutputs(signal, onProgress, { into: new FolderOutputs(folder) })).entries,
    );
  },

  /**
   * "Save all" where the browser has no folder dialog: each file is made as a streamed download
   * (`open` starts one in the page and returns the port its bytes go into), so a 1 GB CSV is
   * never whole in memory nor written anywhere first. Nothing is kept.
   */
  async makeOutputsAsDownloads(
    open: (fileName: string) => Promise<MessagePort>,
    onProgress?: (p: Progress) => void,
  ): Promise<Outcome<OutputEntry[]>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      const into = new DownloadOutputs(open);
      return (await writeOutputs(signal, onProgress, { into, keep: false })).entries;
    });
  },

  /**
   * "Reproduce a run", last step: writes the decision's files (if not yet written) and compares
   * their SHA-256 and counts with the ones the run's manifest records.
   */
  async compareWithRun(
    plan: ReplayPlan,
    onProgress?: (p: Progress) => void,
  ): Promise<Outcome<{ entries: OutputEntry[]; comparison: ReplayComparison }>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      const { entries, manifest } = await writeOutputs(signal, onProgress);
      return { entries, comparison: compareReplay(plan, manifest) };
    });
  },

  /**
   * The court papers for the latest decision (issue: court-ready forms): read back from the run's
   * own Prop64_Results.csv, summary.json and manifest.json (written first if need be), and
   * streamed file by file into the origin-private file system.
   */
  async generateForms(
    office: OfficeSettings,
    choices: { flatten: boolean; combined: boolean; per: MotionsPer },
    onProgress?: (p: FormsProgress) => void,
  ): Promise<Outcome<FormsMade>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      const run = await writeOutputs(signal);
      if (!outputs || !decided || !session) throw new Error('No results yet.');
      const target = outputs;
      // Every file of the package is hashed as it is written, on the hashing thread, for
      // papers-manifest.json: a 600 MB forms.zip is not read back.
      const hashed = new HashedOutputs(
        target,
        browserOutputHashing((name) => target.file(name)),
      );
      // What is filed, as 50_filing.sql chose it from the attorney's review (or the defaults).
      const filing = await session.writeFilingCsvs(hashed);
      // The run's own files, from wherever they were made (perhaps the user's folder).
      const text = async (name: string) => (await run.where.file(name)).text();
      formsWritten = undefined;
      // Streamed: the county's results may be far larger than is worth holding as one string.
      const results = await run.where.file(OUTPUT_FILES.prop64Results);
      const read = await readProp64Results(utf8Chunks(results.stream()));
      const filingText = async (name: string) => utf8Chunks((await target.file(name)).stream());
      const result = await writeFormsBundle({
        courtData: await filingText(FILING_OUTPUTS.courtData.file),
        challenges: await filingText(FILING_OUTPUTS.challenges.file),
        filingCounts: filing.counts,
        per: choices.per,
        people: read.people,
        flags: read.flags,
        county: decided.policy.county,
        office,
        flatten: choices.flatten,
        combined: choices.combined,
        fonts: await browserFormFonts(),
        summary: JSON.parse(await text(OUTPUT_FILES.summary)) as Summary,
        manifest: JSON.parse(await text(OUTPUT_FILES.manifest)) as Manifest,
        sink: (name) => hashed.sink(name),
        onProgress: logFormsStages(onProgress),
        signal,
      });
      // papers-manifest.json, as the CLI writes it: what the papers were chosen from, and each
      // file's SHA-256.
      const files: PapersFile[] = await hashed.outputs([...filing.files, ...result.files]);
      await target.writeText(
        PAPERS_MANIFEST,
        papersManifestText({
          manifest: JSON.parse(await text(OUTPUT_FILES.manifest)) as Manifest,
          filing: {
            counts: filing.counts,
            reviewSha256: await reviewSha256(),
            filingRule: filingRule(),
          },
          files,
          madeAt: new Date(),
        }),
      );
      const entries: OutputEntry[] = [
        ...files.map(({ name, size }) => ({ name, size })),
        { name: PAPERS_MANIFEST, size: (await target.file(PAPERS_MANIFEST)).size },
      ];
      formsWritten = entries;
      return { files: entries, notMade: result.notMade.length, undated: result.undated };
    });
  },

  /**
   * The summary report alone, from the Results step: no office details needed. Read back from the
   * run's own files (written first if need be), like the report in the court papers.
   */
  async summaryReport(): Promise<Outcome<OutputEntry>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      const { manifest, where } = await writeOutputs(signal);
      if (!outputs || !decided) throw new Error('No results yet.');
      const target = outputs;
      const read = await readProp64Results(
        utf8Chunks((await where.file(OUTPUT_FILES.prop64Results)).stream()),
      );
      const bytes = await summaryReportPdf(
        {
          summary: decided.summary,
          manifest,
          people: read.people,
          flags: read.flags,
          generatedAt: new Date(),
        },
        await browserFormFonts(),
      );
      const out = await target.sink(SUMMARY_REPORT);
      await out.write(bytes);
      await out.close();
      reportWritten = { name: SUMMARY_REPORT, size: (await target.file(SUMMARY_REPORT)).size };
      return reportWritten;
    });
  },

  /** A prepared output as a disk-backed File: the page streams it to where the user saves it. */
  async outputFile(name: string): Promise<File> {
    if (written?.entries.some((e) => e.name === name)) return written.where.file(name);
    const ready = [...(formsWritten ?? []), ...(reportWritten ? [reportWritten] : [])];
    if (!outputs || !ready.some((e) => e.name === name)) throw new Error('Not prepared.');
    return outputs.file(name);
  },

  /** Stops the running load or decision; what was already loaded stays loaded. */
  async cancel(): Promise<void> {
    controller?.abort();
    await db?.cancel();
  },

  /** "Clear everything": drops the database, the registered file and every result. */
  async clear(): Promise<void> {
    controller?.abort();
    await closeDatabase();
  },
};

export type EngineApi = typeof api;

/** A file chosen just after the page opened: "Starting the engine" until DuckDB is ready. */
function withEngineStart(onProgress: (p: Progress) => void): (p: Progress) => void {
  return (progress) =>
    onProgress(
      engineStarting && progress.stage === 'read'
        ? { ...progress, label: `Starting the engine; ${lowerFirst(progress.label)}` }
        : progress,
    );
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * The papers' progress, passed on, and each stage's time (and every thousand motions') logged for
 * the benchmark as the engine's other stages are: counts only, never a name or a case number.
 */
function logFormsStages(onProgress?: (p: FormsProgress) => void): (p: FormsProgress) => void {
  const started = performance.now();
  let stage = '';
  return (progress) => {
    const thousand = progress.stage === 'motions' && progress.motionsDone % 1000 === 0;
    if (progress.stage !== stage || thousand) {
      stage = progress.stage;
      const at = ((performance.now() - started) / 1000).toFixed(2);
      console.debug(
        `clearance: papers: ${progress.stage} (${progress.motionsDone} of ${progress.motionsTotal} motions) at ${at} s`,
      );
    }
    onProgress?.(progress);
  };
}
expose(api);
