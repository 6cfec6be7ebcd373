import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { SNIFF_BYTES, sniffInput } from '../../doj/sniff';
import type { Database } from '../database';
import { InputError } from '../errors';
import type { InputFile } from '../input';
import { buildManifest, summaryJson, type Manifest } from '../manifest';
import { HashedOutputs } from '../output-hashes';
import { OUTPUT_FILES } from '../outputs';
import type { ProgressListener } from '../progress';
import { EngineSession, type Policy } from '../session';
import { readSummary, reviewDateWarnings, type Summary } from '../summary';
import { openEngineDatabase, type EngineKind } from './open-database';
import { OutputFolder } from './output-folder';
import { fileSource, nodeFastReader } from './fast-reader';
import { needsLineCheck, writeCheckedInput, type CheckedInput } from './checked-input';
import { nodeOutputHashing, sha256File } from './hash-file';
import { loadRulePack } from './rule-pack';
import { APP_VERSION } from '../version';

export interface FolderRun extends Policy {
  inputPath: string;
  outputDir: string;
  engine: EngineKind;
  skipBadRows: boolean;
  /** Who reads the file (see FastReader); default the fast reader. */
  reader?: 'fast' | 'duckdb';
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Called with warnings that do not stop the run (county with no rows, Latin-1 file...). */
  onWarning?: (message: string) => void;
  trace?: (label: string, milliseconds: number) => void;
}

export interface FolderRunResult {
  summary: Summary;
  manifest: Manifest;
  files: string[];
}

/** One input file, one run, one output folder: what `clearance run` does for each --input-doj file. */
export async function runToFolder(run: FolderRun): Promise<FolderRunResult> {
  const startedAt = new Date();
  const name = path.basename(run.inputPath);
  const absolute = path.resolve(run.inputPath);
  const { size, shape } = await inspectInput(name, absolute);
  for (const warning of shape.warnings) run.onWarning?.(warning);
  const digest = sha256File(absolute);
  digest.catch(() => undefined); // awaited below; this keeps an early failure from going unhandled

  const pack = await loadRulePack();
  const output = await OutputFolder.create(run.outputDir, { inputs: [run.inputPath] });
  let db: Database | undefined;
  let fastReader: Awaited<ReturnType<typeof nodeFastReader>> | undefined;
  let checked: CheckedInput | undefined;
  let original: Awaited<ReturnType<typeof fileSource>> | undefined;
  try {
    if (needsLineCheck(shape, run.skipBadRows)) {
      const started = performance.now();
      checked = await writeCheckedInput(
        name,
        absolute,
        output.staging,
        shape,
        run.skipBadRows,
        run.signal,
      );
      run.trace?.(
        `line check (${checked.skipped.length} malformed line(s))`,
        performance.now() - started,
      );
    } else {
      // Names a malformed line by the file's own line count, should DuckDB's reader stop at one.
      original = await fileSource(absolute);
    }
    const readPath = checked?.path ?? absolute;
    // Only where the session will use it (see EngineSession.load): its second thread starts
    // reading at once.
    if (run.reader !== 'duckdb' && shape.encoding === 'utf-8' && (checked || !run.skipBadRows)) {
      // The wasm DuckDB takes seconds to start on this thread, while the second thread reads:
      // measured on the 1M-row extract, 90% leaves this thread the least to read once it has.
      fastReader = await nodeFastReader(readPath, output.staging, {
        secondThreadShare: run.engine === 'wasm' ? 0.9 : 0.5,
      });
    }
    const opening = performance.now();
    db = await openEngineDatabase(run.engine, {
      readable: [readPath],
      writable: [output.staging],
    });
    run.trace?.(`start DuckDB (${run.engine})`, performance.now() - opening);
    const session = new EngineSession(db, pack, run.trace);
    const input: InputFile = { name, sqlPath: readPath, size: checked?.size ?? size };
    const loaded = await session.load(input, shape, {
      // The checked copy has no malformed lines left to skip.
      skipBadRows: run.skipBadRows && !checked,
      skippedLines: checked?.skipped,
      source: original?.source,
      fastReader,
      signal: run.signal,
      onProgress: run.onProgress,
    });
    if (loaded.rejectedRowCount > 0) {
      run.onWarning?.(
        `${name}: skipped ${loaded.rejectedRowCount} malformed line(s); see rejected_rows.csv.`,
      );
    }
    const county = run.county.trim().toUpperCase();
    if (!loaded.prop64ConvictionsByCounty.some((c) => c.county === county)) {
      run.onWarning?.(
        `${name}: no Prop 64 convictions in ${county}; the outputs have no determinations.`,
      );
    }
    await session.decide({ ...run, county }, run.signal, run.onProgress);
    // Every file but the manifest goes through `hashed`, which records its SHA-256 for it.
    const hashed = new HashedOutputs(output, nodeOutputHashing(output.staging));
    const files = await session.writeCsvOutputs(hashed, run.signal, run.onProgress);
    await checked?.remove(); // not a result: it must not be moved into the output folder
    const summary = await readSummary(db, {
      county,
      computeAt: run.computeAt,
      options: run.options,
      processingTimeInSeconds: (Date.now() - startedAt.getTime()) / 1000,
      rejectedRowCount: loaded.rejectedRowCount,
      ruleSet: `${pack.id} ${pack.version}`,
    });
    for (const warning of reviewDateWarnings(summary, '--compute-at')) {
      run.onWarning?.(`${name}: ${warning}`);
    }
    await hashed.writeText(OUTPUT_FILES.summary, summaryJson(summary));
    const manifest = buildManifest({
      appVersion: APP_VERSION,
      engine: db.description,
      pack,
      county,
      computeAt: run.computeAt,
      options: run.options,
      skipBadRows: run.skipBadRows,
      input: {
        name,
        size,
        sha256: await digest,
        rowCount: loaded.rowCount,
        rejectedRowCount: loaded.rejectedRowCount,
        reader: loaded.reader,
        heldRowCount: loaded.heldRowCount,
        hasHeader: shape.hasHeader,
        encoding: shape.encoding,
      },
      summary,
      outputs: await hashed.outputs([...files, OUTPUT_FILES.summary]),
      startedAt,
      finishedAt: new Date(),
    });
    await output.writeText(OUTPUT_FILES.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    await db.close();
    db = undefined;
    return { summary, manifest, files: await output.commit() };
  } catch (error) {
    await output.discard();
    throw error;
  } finally {
    await db?.close();
    await fastReader?.close();
    await original?.close();
  }
}

async function inspectInput(name: string, absolute: string) {
  let size: number;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) throw new InputError(name, 'this is a folder, not a file.');
    // A pipe would hang the run (nothing may ever be written to it), a device has no end, and
    // neither can be hashed for the manifest and read again for replay.
    if (!info.isFile()) {
      throw new InputError(
        name,
        'this is not an ordinary file (it is a pipe, socket or device).',
        undefined,
        'Save the extract to a file on disk and give that file.',
      );
    }
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      name,
      'the file does not exist or cannot be opened.',
      undefined,
      `Looked for ${absolute}.`,
    );
  }
  const handle = await open(absolute, 'r');
  try {
    const head = new Uint8Array(Math.min(size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    return { size, shape: sniffInput(name, head, size) };
  } finally {
    await handle.close();
  }
}
