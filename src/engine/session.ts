import type { InputShape } from '../doj/sniff';
import type { EligibilityOptions } from '../rules/prop64/options';
import {
  DECISION_FILES,
  FILING_FILES,
  LOAD_FILES,
  type RuleFile,
  type RulePack,
} from '../rules/prop64/pack';
import type { ReviewFile } from '../filing/review-file';
import { writeFilingFiles, type FilingCounts } from '../filing/filing-outputs';
import { fillReviewDecisions, REVIEW_DECISIONS_TABLE_SQL } from './review-decisions';
import type { Database } from './database';
import { describeUnexpected, InputError, isOutOfMemory, throwIfAborted } from './errors';
import { CSV_FORMAT_SQL } from './csv-format';
import type { ByteSink, ByteSource } from './extract-scan/byte-source';
import { lineFieldsEngine } from './extract-scan/simd/line-fields';
import { writeHeldRows, type SecondThread } from './extract-scan/held-rows';
import { writeLineOutputs } from './extract-scan/line-outputs';
import { checkLines, type BadLine } from './extract-scan/line-check';
import {
  EMPTY_REJECTS_SQL,
  heldFromInputSql,
  heldFromScanSql,
  readFailure,
  readInputSql,
  readRawLinesSql,
  rejectError,
  REJECT_REASON_SQL,
  storeSkippedLines,
  summariseRejects,
  type InputFile,
} from './input';
import {
  OUTPUT_FILES,
  ROWS_IN_ORDER_SQL,
  condensedLinesQuery,
  condensedOutputSql,
  determinationsQuery,
  parsedOutputQuery,
  rawLineOutputQuery,
  rejectedRowsQuery,
  type LinesQuery,
} from './outputs';
import { writeLinesFile } from './line-files';
import { phase, STAGE_SPANS, type ProgressListener } from './progress';
import { readResultRows } from './result-rows';

/** The share of the reading stage's bar the fast reader's scan fills; DuckDB's read of the held rows the rest. */
const FAST_SCAN_SHARE = 0.6;

export interface Policy {
  county: string;
  /** YYYY-MM-DD */
  computeAt: string;
  options: EligibilityOptions;
}

export interface LoadResult {
  rowCount: number;
  rejectedRowCount: number;
  /** Who read the file, and how many rows it gave the rules (see FastReader). */
  reader: 'fast' | 'duckdb';
  heldRowCount: number;
  /** Prop 64 convictions per county named in the extract, most first: the county picker's hint. */
  prop64ConvictionsByCounty: { county: string; convictions: number }[];
}

/**
 * What a shell gives the engine so its fast reader can take the file: the bytes, somewhere to put
 * the held rows DuckDB reads, and (for UTF-8 files) the platform's own text check.
 */
export interface FastReader {
  source: ByteSource;
  heldRows: HeldRowsFile;
  validUtf8: (bytes: Uint8Array) => boolean;
  /** Scans the second half of the file in another thread (see writeHeldRows). */
  secondThread?: SecondThread;
}

/** The held rows' file: written (perhaps twice) through open(), read by SQL at sqlPath, then removed. */
export interface HeldRowsFile {
  readonly sqlPath: string;
  /** `totalBytes`, when given, is exactly how many bytes will be written. */
  open(totalBytes?: number): Promise<ByteSink>;
  remove(): Promise<void>;
}

export interface LoadOptions {
  skipBadRows: boolean;
  /** Without it (or with skipBadRows) DuckDB reads the file itself. */
  fastReader?: FastReader;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /**
   * Malformed lines the line check already took out of the file DuckDB reads (the input is then
   * the check's copy): listed in rejected_rows.csv, and counted in the input line numbers.
   */
  skippedLines?: readonly BadLine[];
  /**
   * The file's own bytes, where the input is not them or no fast reader has them: a malformed
   * line is named by the line check, which counts lines as the file has them (CR-only or mixed
   * line endings included), not by DuckDB's reader.
   */
  source?: ByteSource;
}

/** Where a run's files go: temporary names that only become the real ones when all succeed. */
export interface OutputTarget {
  /**
   * The path DuckDB's COPY writes this file to (a temporary one until commit). A target without
   * it (the browser's) gets every file through `sink`, the CSVs streamed out of DuckDB.
   */
  sqlPathFor?(fileName: string): Promise<string>;
  writeText(fileName: string, text: string): Promise<void>;
  /** A file the engine writes itself, chunk by chunk. */
  sink(fileName: string): Promise<ByteSink>;
}

/**
 * One loaded extract in one database. Loading reads the file once; deciding runs the rule pack
 * for a county and policy and can be repeated with other choices without reloading; writing
 * re-reads the file to produce the wide outputs.
 */
export class EngineSession {
  private loaded?: {
    input: InputFile;
    shape: InputShape;
    skipBadRows: boolean;
    /** Set when the fast reader read the file: the wide outputs are then written by it too. */
    fast?: FastReader;
    /** DuckDB's reader skipped lines: the input's physical lines are then not its records. */
    duckdbSkipped: boolean;
  };

  constructor(
    readonly db: Database,
    readonly pack: RulePack,
    /** Receives how long each rule file and output took (benchmarks and --verbose). */
    private readonly trace?: (label: string, milliseconds: number) => void,
  ) {}

  private async timed(label: string, sql: string): Promise<void> {
    const started = performance.now();
    await this.db.exec(sql);
    this.trace?.(label, performance.now() - started);
  }

  /** One CSV output into the target, by COPY or streamed (see line-files.ts), timed. */
  private async timedFile(
    label: string,
    target: OutputTarget,
    fileName: string,
    query: LinesQuery,
    options: { signal?: AbortSignal; copySql?: (targetPath: string) => string } = {},
  ): Promise<void> {
    const started = performance.now();
    await writeLinesFile(this.db, target, fileName, query, options);
    this.trace?.(label, performance.now() - started);
  }

  async load(input: InputFile, shape: InputShape, options: LoadOptions): Promise<LoadResult> {
    const report = phase(options.onProgress, 'read', ...STAGE_SPANS.read);
    report(`Reading ${input.name}`, 0);
    // The fast reader copies lines as they are: UTF-8 files only (DuckDB turns Latin-1 into UTF-8).
    const held =
      options.fastReader && !options.skipBadRows && shape.encoding === 'utf-8'
        ? await this.readHeldRows(input, shape, options.fastReader, report, options.signal)
        : undefined;
    if (held) {
      try {
        await this.db.exec(EMPTY_REJECTS_SQL);
        await this.db.exec(
          `CREATE OR REPLACE VIEW doj_held AS ${heldFromScanSql(options.fastReader!.heldRows.sqlPath, shape)}`,
        );
        await this.runFiles(LOAD_FILES, report, options.signal, {
          label: `Reading ${input.name}`,
          from: FAST_SCAN_SHARE,
        });
      } catch (error) {
        throwIfAborted(options.signal);
        if (isOutOfMemory(error)) throw error;
        throw await this.locateBadLine(input, shape, options, readFailure(input, error));
      } finally {
        await options.fastReader!.heldRows.remove();
      }
    } else {
      // DuckDB's reader stops at a malformed line with an error that quotes it, and duckdb-wasm's
      // worker logs that error to the browser console itself: such lines are found here first.
      if (!options.skipBadRows) {
        const malformed = await this.findBadLine(input, shape, options);
        if (malformed) throw malformed;
      }
      await this.readWithDuckDB(input, shape, options, report);
    }
    const checked = performance.now();
    await storeSkippedLines(this.db, options.skippedLines ?? []);
    await this.db.exec(REJECT_REASON_SQL);
    const rejects = await summariseRejects(this.db);
    // The line check's skipped lines were the user's choice; any DuckDB rejected stops the run.
    if (rejects.count > (options.skippedLines?.length ?? 0) && !options.skipBadRows) {
      throw await this.locateBadLine(input, shape, options, rejectError(input, rejects));
    }
    await this.db.run(
      `CREATE OR REPLACE TABLE input_facts AS SELECT ?::INTEGER AS header_lines,
         ?::BIGINT AS rejected_rows, coalesce(?::BIGINT, (SELECT count(*) FROM doj_rows)) AS row_count`,
      [shape.hasHeader ? 1 : 0, rejects.count, held?.records ?? null],
    );
    this.loaded = {
      input,
      shape,
      skipBadRows: options.skipBadRows,
      fast: held ? options.fastReader : undefined,
      duckdbSkipped: rejects.count - (options.skippedLines?.length ?? 0) > 0,
    };
    const [count] = await this.db.query<{ n: number }>('SELECT row_count AS n FROM input_facts');
    // Counted as the rules count a county's convictions (03_convictions.sql, 06_relevant.sql): one
    // per count, its first row, so the County step and the results give the same figure.
    const byCounty = await this.db.query<{ county: string; convictions: number }>(
      `SELECT county, count(*)::INTEGER AS convictions FROM (
         SELECT county, prop64_section FROM row_facts WHERE is_conviction
         QUALIFY row_number() OVER (PARTITION BY subject_id, cnt_order ORDER BY row_idx) = 1)
       WHERE prop64_section IS NOT NULL AND county IS NOT NULL
       GROUP BY county ORDER BY convictions DESC, county`,
    );
    this.trace?.('rejects and counts', performance.now() - checked);
    const rowCount = count?.n ?? 0;
    return {
      rowCount,
      rejectedRowCount: rejects.count,
      reader: held ? 'fast' : 'duckdb',
      // DuckDB's own reader holds every row it read.
      heldRowCount: held ? held.heldRecords : rowCount,
      prop64ConvictionsByCounty: byCounty,
    };
  }

  /**
   * The fast reader's pass (extract-scan/): the rows DuckDB needs, written for DuckDB to read.
   * Undefined when the file is not plainly one record per line; DuckDB then reads it itself.
   */
  private async readHeldRows(
    input: InputFile,
    shape: InputShape,
    reader: FastReader,
    report: (label: string, done: number) => void,
    signal: AbortSignal | undefined,
  ) {
    const started = performance.now();
    const result = await writeHeldRows(
      reader.source,
      {
        hasHeader: shape.hasHeader,
        trailingComma: shape.trailingComma,
        validText: reader.validUtf8, // the fast reader only takes UTF-8 files (see load)
        signal,
        onProgress: (bytes) =>
          report(`Reading ${input.name}`, (FAST_SCAN_SHARE * bytes) / Math.max(1, input.size)),
      },
      (totalBytes) => reader.heldRows.open(totalBytes),
      // The second thread's scan is not told of a trailing comma: such files are read in one.
      shape.trailingComma ? undefined : reader.secondThread,
    );
    this.trace?.(
      result.stop
        ? 'scan'
        : `scan (${lineFieldsEngine()}, ${result.threads} thread(s), ${result.passes} pass(es), ${result.heldRecords} of ${result.records} rows held)`,
      performance.now() - started,
    );
    if (result.stop) {
      await reader.heldRows.remove();
      this.trace?.(
        `fast reader stopped at line ${result.line} (${result.stop}); DuckDB reads the file`,
        0,
      );
      return undefined;
    }
    return result;
  }

  /**
   * The first malformed line as the line check finds it in the file's own bytes: DuckDB numbers
   * lines its own way (a CR-only file is one line to it; a file with mixed line endings it does
   * not read at all). Keeps DuckDB's answer where there are no bytes to check or none is wrong.
   */
  private async locateBadLine(
    input: InputFile,
    shape: InputShape,
    options: LoadOptions,
    fallback: InputError,
  ): Promise<InputError> {
    return (await this.findBadLine(input, shape, options)) ?? fallback;
  }

  /** The line check's error for the file's first malformed line, if it has one. */
  private async findBadLine(
    input: InputFile,
    shape: InputShape,
    options: LoadOptions,
  ): Promise<InputError | undefined> {
    const source = options.source ?? options.fastReader?.source;
    if (!source || options.skippedLines) return undefined;
    throwIfAborted(options.signal);
    const started = performance.now();
    const { bad } = await checkLines(source, { ...shape, signal: options.signal });
    this.trace?.(`line check (${bad.length} malformed line(s))`, performance.now() - started);
    const first = bad[0];
    if (!first) return undefined;
    return rejectError(input, {
      count: bad.length,
      first: { line: first.line, reason: first.reason },
    });
  }

  private async readWithDuckDB(
    input: InputFile,
    shape: InputShape,
    options: LoadOptions,
    report: (label: string, done: number) => void,
  ) {
    const read = async (recordRejects: boolean) => {
      // DuckDB makes the rejects table itself; the empty stand-in of a plain read must go first.
      if (recordRejects) await this.db.exec('DROP TABLE IF EXISTS doj_rejects');
      await this.db.exec(
        `CREATE OR REPLACE VIEW doj_held AS ${heldFromInputSql(input, shape, recordRejects, options.skipBadRows)}`,
      );
      await this.runFiles(LOAD_FILES, report, options.signal, { label: `Reading ${input.name}` });
    };
    try {
      if (options.skipBadRows) {
        await read(true);
      } else {
        // Most extracts are well formed, and recording rejects slows DuckDB's reader by a fifth:
        // read without, and only when that fails read again recording every bad line, for the
        // message (which line, what is wrong, how many more).
        try {
          await this.db.exec(EMPTY_REJECTS_SQL);
          await read(false);
        } catch (error) {
          throwIfAborted(options.signal);
          // Running out of memory is not a malformed line: reading again would only fail again.
          if (isOutOfMemory(error)) throw error;
          this.trace?.(`re-reading to find the malformed lines (${describeUnexpected(error)})`, 0);
          await read(true);
        }
      }
    } catch (error) {
      throwIfAborted(options.signal);
      // Not a problem with the file: the shells say so (the browser points to the CLI).
      if (isOutOfMemory(error)) throw error;
      throw await this.locateBadLine(input, shape, options, readFailure(input, error));
    }
  }

  /** Runs every decision file for this county and policy; values enter as table rows, never as SQL text. */
  async decide(policy: Policy, signal?: AbortSignal, onProgress?: ProgressListener): Promise<void> {
    if (!this.loaded) throw new Error('decide() before load()');
    const relief = policy.options.additionalRelief;
    await this.db.run(
      `CREATE OR REPLACE TABLE run_options AS SELECT
         ?::VARCHAR AS county, ?::DATE AS compute_at, ?::VARCHAR AS rule_set,
         ?::BOOLEAN AS subject_under_21, ?::INTEGER AS age_threshold,
         ?::INTEGER AS years_since_conviction, ?::INTEGER AS years_crime_free,
         ?::BOOLEAN AS subject_is_deceased, ?::BOOLEAN AS only_prop64_charges`,
      [
        policy.county,
        policy.computeAt,
        `${this.pack.id} ${this.pack.version}`,
        relief.subjectUnder21AtConviction,
        relief.subjectAgeThreshold,
        relief.yearsSinceConvictionThreshold,
        relief.yearsCrimeFreeThreshold,
        relief.subjectIsDeceased,
        relief.subjectHasOnlyProp64Charges,
      ],
    );
    await this.db.exec(
      'CREATE OR REPLACE TABLE policy_sections (action VARCHAR, section VARCHAR, position INTEGER)',
    );
    for (const action of ['dismiss', 'reduce'] as const) {
      for (const [position, section] of policy.options.baselineEligibility[action].entries()) {
        await this.db.run('INSERT INTO policy_sections VALUES (?, ?, ?)', [
          action,
          section,
          position,
        ]);
      }
    }
    // A new decision starts without an attorney's review: decisions are tied to determinations.
    await this.db.exec(REVIEW_DECISIONS_TABLE_SQL);
    await this.db.run('CREATE OR REPLACE TABLE filing_context AS SELECT ?::VARCHAR AS county', [
      policy.county,
    ]);
    await this.runFiles(
      DECISION_FILES,
      phase(onProgress, 'decide', ...STAGE_SPANS.decide),
      signal,
      {
        label: 'Applying the rules',
      },
    );
  }

  /**
   * Takes the attorney's review (already checked against this run with checkReviewAgainstRun) as
   * the review_decisions table and chooses again what is filed for each conviction.
   */
  async applyReview(review: ReviewFile | undefined): Promise<void> {
    if (!this.loaded) throw new Error('applyReview() before load()');
    await fillReviewDecisions(this.db, review?.decisions ?? []);
    await this.refile();
  }

  /** Chooses again what is filed for each conviction, after review_decisions changed. */
  async refile(): Promise<void> {
    if (!this.loaded) throw new Error('refile() before load()');
    await this.runFiles(FILING_FILES, () => {}, undefined, { label: 'Choosing what is filed' });
  }

  /**
   * Writes the filing data files (court-data.csv, challenges.csv, held.csv) as 50_filing.sql last
   * chose them, and says how many convictions each holds.
   */
  async writeFilingCsvs(target: OutputTarget): Promise<{ files: string[]; counts: FilingCounts }> {
    if (!this.loaded) throw new Error('writeFilingCsvs() before load()');
    await this.db.exec(CSV_FORMAT_SQL);
    return writeFilingFiles(this.db, target);
  }

  /** Writes the CSVs (not the JSON files, which the caller assembles) into the target. */
  async writeCsvOutputs(target: OutputTarget, signal?: AbortSignal, onProgress?: ProgressListener) {
    if (!this.loaded) throw new Error('writeCsvOutputs() before load()');
    const { input, shape, skipBadRows } = this.loaded;
    const report = phase(onProgress, 'write', ...STAGE_SPANS.write);
    await this.db.exec(CSV_FORMAT_SQL);
    if (this.loaded.fast) return this.writeWithFastReader(this.loaded.fast, target, signal, report);
    const [rejected] = await this.db.query<{ n: number }>(
      'SELECT rejected_rows AS n FROM input_facts',
    );
    const hasRejects = (rejected?.n ?? 0) > 0;
    const duckdbSkipped = this.loaded.duckdbSkipped;
    await this.timed('rows in order', ROWS_IN_ORDER_SQL);
    // Raw lines are the records unless lines were skipped; a quoted line break is caught by the
    // tripwire in the fast path, which then falls back to re-parsing.
    let fast = !duckdbSkipped;
    const wide = async (kind: 'all' | 'prop64', name: string) => {
      if (fast) {
        try {
          const query = rawLineOutputQuery(kind, readRawLinesSql(input, shape));
          return await this.timedFile(kind, target, name, query, { signal });
        } catch (error) {
          throwIfAborted(signal);
          this.trace?.(`fast path unavailable (${describeUnexpected(error)}); re-parsing`, 0);
          fast = false;
        }
      }
      const parsed = parsedOutputQuery(kind, readInputSql(input, shape, false, skipBadRows));
      await this.timedFile(kind, target, name, parsed, { signal });
    };
    const file = (label: string, query: LinesQuery, copySql?: (path: string) => string) => {
      return (name: string) => this.timedFile(label, target, name, query, { signal, copySql });
    };
    const steps: [string, (name: string) => Promise<void>][] = [
      ['All_Results.csv', (n) => wide('all', n)],
      ['Prop64_Results.csv', (n) => wide('prop64', n)],
      ['All_Results_Condensed.csv', file('condensed', condensedLinesQuery(), condensedOutputSql)],
      ['Determinations.csv', file('determinations', determinationsQuery())],
    ];
    if (hasRejects) steps.push(['rejected_rows.csv', file('rejected', rejectedRowsQuery())]);
    for (const [index, [name, write]] of steps.entries()) {
      throwIfAborted(signal);
      report(`Writing ${name}`, index / steps.length);
      await write(name);
    }
    report('Done', 1);
    return steps.map(([name]) => name);
  }

  /**
   * The wide outputs by the fast reader (one pass over the file writes all three), the reviewer's
   * worklist by DuckDB. Only rows with results come out of DuckDB: a few per cent of the file.
   */
  private async writeWithFastReader(
    reader: FastReader,
    target: OutputTarget,
    signal: AbortSignal | undefined,
    report: (label: string, done: number) => void,
  ): Promise<string[]> {
    const { input, shape } = this.loaded!;
    const started = performance.now();
    const results = await readResultRows(this.db);
    this.trace?.('results', performance.now() - started);
    const names = [OUTPUT_FILES.allResults, OUTPUT_FILES.prop64Results, OUTPUT_FILES.condensed];
    report(`Writing ${names.join(', ')}`, 0);
    const sinks: ByteSink[] = [];
    const writing = performance.now();
    try {
      for (const name of names) sinks.push(await target.sink(name));
      const [all, prop64, condensed] = sinks as [ByteSink, ByteSink, ByteSink];
      const scan = await writeLineOutputs(
        reader.source,
        {
          hasHeader: shape.hasHeader,
          trailingComma: shape.trailingComma,
          signal,
          onProgress: (bytes) =>
            report(`Writing ${names.join(', ')}`, (0.9 * bytes) / Math.max(1, input.size)),
        },
        results,
        { all, prop64, condensed },
      );
      // The first pass read this file whole; a stop now means it changed since.
      if (scan.stop)
        throw new InputError(
          input.name,
          'the file changed while it was being read.',
          undefined,
          'Run again on a copy that nothing else is writing.',
        );
      for (const sink of sinks) await sink.close();
    } catch (error) {
      for (const sink of sinks) await sink.abort().catch(() => undefined);
      throw error;
    }
    this.trace?.('wide outputs', performance.now() - writing);
    report(`Writing ${OUTPUT_FILES.determinations}`, 0.9);
    await this.timedFile(
      'determinations',
      target,
      OUTPUT_FILES.determinations,
      determinationsQuery(),
      {
        signal,
      },
    );
    const written: string[] = [...names, OUTPUT_FILES.determinations];
    // The line check's skipped lines (a fast read never has DuckDB's own).
    const [skipped] = await this.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM rejected_lines',
    );
    if ((skipped?.n ?? 0) > 0) {
      await this.timedFile('rejected', target, OUTPUT_FILES.rejectedRows, rejectedRowsQuery(), {
        signal,
      });
      written.push(OUTPUT_FILES.rejectedRows);
    }
    report('Done', 1);
    return written;
  }

  /**
   * Runs rule files in order, reporting `label` (a plain stage, "Reading the file", "Applying the
   * rules": a rule file's title means nothing to the person waiting) from `from` to 1 of the stage.
   */
  private async runFiles(
    names: readonly string[],
    report: (label: string, done: number) => void,
    signal: AbortSignal | undefined,
    { label, from = 0 }: { label: string; from?: number },
  ): Promise<void> {
    for (const [index, name] of names.entries()) {
      throwIfAborted(signal);
      const file = this.ruleFile(name);
      report(label, from + ((1 - from) * index) / names.length);
      // The label ties every executed statement back to its file and exact text.
      await this.timed(file.name, `-- ${file.id} ${file.name} sha256:${file.sha256}\n${file.text}`);
    }
    report(label, 1);
  }

  private ruleFile(name: string): RuleFile {
    const file = this.pack.files.find((f) => f.name === name);
    if (!file) throw new Error(`The rule pack has no file ${name}.`);
    return file;
  }
}
