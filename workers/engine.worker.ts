/**
 * The engine in a Web Worker: the same src/engine pipeline and .sql rules as the CLI, behind one
 * comlink API object. Only its type crosses into UI code. The page stays responsive because every
 * database call happens here (and in DuckDB's own worker), never on the main thread.
 */
import { expose } from 'comlink';
import { generateExtract } from '../src/doj/generate';
import { SNIFF_BYTES, sniffInput, type InputShape } from '../src/doj/sniff';
import { loadBrowserRulePack } from '../src/engine/browser/rule-pack';
import { openBrowserDatabase, type BrowserDatabase } from '../src/engine/duckdb/browser';
import { InputError, RunCancelledError } from '../src/engine/errors';
import type { Progress } from '../src/engine/progress';
import { EngineSession, type LoadResult, type Policy } from '../src/engine/session';
import { readSummary, type Summary } from '../src/engine/summary';

export interface FileCheck {
  name: string;
  size: number;
  hasHeader?: boolean;
  warnings: string[];
  /** A plain-language problem that stops this file from being used. */
  error?: { problem: string; line?: number; hint?: string };
}

/** Errors cross the worker boundary as plain data the UI can show as a card. */
export type EngineFailure =
  | { kind: 'input'; file: string; problem: string; line?: number; hint?: string }
  | { kind: 'cancelled' }
  | { kind: 'unexpected'; what: string };

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: EngineFailure };

let db: BrowserDatabase | undefined;
let session: EngineSession | undefined;
let loaded: { file: File; shape: InputShape; result: LoadResult } | undefined;
let controller: AbortController | undefined;

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
        },
      };
    }
    if (error instanceof RunCancelledError || controller?.signal.aborted) {
      return { ok: false, failure: { kind: 'cancelled' } };
    }
    // Never the message: DuckDB's may quote a record.
    const what =
      error instanceof Error
        ? (/^([A-Za-z ]+Error):/.exec(error.message)?.[1] ?? error.name)
        : 'unknown';
    return { ok: false, failure: { kind: 'unexpected', what } };
  }
}

async function closeDatabase() {
  session = undefined;
  loaded = undefined;
  const old = db;
  db = undefined;
  await old?.close().catch(() => undefined);
}

const api = {
  /** Checks each file's first bytes: what it is, and whether it can be used at all. */
  async inspectFiles(files: File[]): Promise<FileCheck[]> {
    return Promise.all(
      files.map(async (file) => {
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
      await closeDatabase();
      const shape = await shapeOf(file);
      db = await openBrowserDatabase();
      await db.registerFile('input.csv', file);
      await db.lockDown();
      session = new EngineSession(db, await loadBrowserRulePack());
      const result = await session.load(
        { name: file.name, sqlPath: 'input.csv', size: file.size },
        shape,
        {
          skipBadRows,
          signal,
          onProgress,
        },
      );
      loaded = { file, shape, result };
      return result;
    });
  },

  /** Runs the rules for a county and policy on the loaded extract; cheap to repeat. */
  async decide(policy: Policy, onProgress?: (p: Progress) => void): Promise<Outcome<Summary>> {
    controller = new AbortController();
    const signal = controller.signal;
    return outcome(async () => {
      if (!session || !db || !loaded) throw new Error('No extract is loaded.');
      const started = performance.now();
      await session.decide(policy, signal, onProgress);
      return readSummary(db, {
        county: policy.county,
        computeAt: policy.computeAt,
        options: policy.options,
        processingTimeInSeconds: (performance.now() - started) / 1000,
        rejectedRowCount: loaded.result.rejectedRowCount,
        ruleSet: `${session.pack.id} ${session.pack.version}`,
      });
    });
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
expose(api);
