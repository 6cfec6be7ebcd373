import type { Dirent } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import type { ByteSink } from '../extract-scan/byte-source';
import { InputError } from '../errors';
import type { OutputTarget } from '../session';
import { fileSink } from './fast-reader';

/** Hidden entries a run keeps in its folder while it works; a killed run may leave them behind. */
export const PARTIAL_PREFIX = '.clearance-partial-';
export const LOCK_FILE = '.clearance.lock';
/** Where the files of earlier runs are moved, so a folder holds one run's files. */
export const EARLIER_RUNS = 'earlier-runs';

/** The output folder cannot be used (a file, holds an input, locked): nothing is written there. */
export class FolderRefusedError extends InputError {}

/** Another run, still going, holds the folder's lock. */
export class FolderInUseError extends FolderRefusedError {}

/** Says whether an entry of the folder belongs to an earlier run (and is to be moved aside). */
export type EarlierRunEntry = (entry: Dirent, dir: string) => Promise<boolean> | boolean;

export interface OutputFolderOptions {
  /** The run's input files: a folder that holds one of them is refused (it could be overwritten). */
  inputs?: string[];
  /** The files an earlier run of this command left; default: everything `clearance run` writes. */
  earlierRun?: EarlierRunEntry;
}

const RUN_FILE =
  /^(All_Results|All_Results_Condensed|Prop64_Results|Determinations|rejected_rows|summary|manifest|gogen)(_[^/\\]*)?\.(csv|json|err)$/;
const PAPERS = new Set([
  'forms.zip',
  'bulk-motion.pdf',
  'notice-of-challenge.pdf',
  'court-data.csv',
  'challenges.csv',
  'held.csv',
  'papers-manifest.json',
  'not-made.csv',
  'summary-report.pdf',
  'combined.pdf',
  // Written by earlier versions (superseded by court-data.csv and the bulk motion's exhibit).
  'court-list.csv',
  'court-list.pdf',
]);

/** Every file `clearance run` (either layout) and `clearance forms` write, and a run's sub-folders. */
export async function isEarlierRunFile(entry: Dirent, dir: string): Promise<boolean> {
  if (entry.isFile()) return RUN_FILE.test(entry.name) || PAPERS.has(entry.name);
  if (!entry.isDirectory() || entry.name === EARLIER_RUNS || entry.name.startsWith('.')) {
    return false;
  }
  // A sub-folder of the one-folder-per-input layout: it has its run's manifest.
  return stat(path.join(dir, entry.name, 'manifest.json')).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The court papers `clearance forms` writes: all it moves aside (not the run they came from). */
export function isEarlierPapers(entry: Dirent): boolean {
  return entry.isFile() && PAPERS.has(entry.name);
}

/**
 * Files are written under a hidden temporary folder inside the output folder and renamed into
 * place only when the whole run succeeded, so a failed or cancelled run never leaves files that
 * look complete. Renames within one folder are atomic.
 *
 * A folder holds one run's files: while it works, a run holds the folder's lock file (its pid
 * inside), so a second run into the same folder is refused; when it commits, the files an earlier
 * run left are moved into earlier-runs/<time>/ first, never mixed with the new ones. What a killed
 * run left (its staging folder, with any held rows in it, and a lock whose process is gone) is
 * removed by the next run into the folder.
 */
export class OutputFolder implements OutputTarget {
  readonly staging: string;
  private locked = true;

  private constructor(
    readonly dir: string,
    private readonly earlierRun: EarlierRunEntry,
  ) {
    this.staging = path.join(dir, `${PARTIAL_PREFIX}${process.pid}-${Date.now()}`);
  }

  static async create(dir: string, options: OutputFolderOptions = {}): Promise<OutputFolder> {
    const folder = new OutputFolder(path.resolve(dir), options.earlierRun ?? isEarlierRunFile);
    await refuseUnusable(folder.dir, options.inputs ?? []);
    await mkdir(folder.dir, { recursive: true, mode: 0o700 });
    await takeLock(folder.dir);
    try {
      await removeLeftovers(folder.dir);
      // Only this user may look inside while records are being written (held rows, partial CSVs).
      await mkdir(folder.staging, { mode: 0o700 });
      await chmod(folder.staging, 0o700);
    } catch (error) {
      await folder.unlock();
      throw error;
    }
    return folder;
  }

  async sqlPathFor(fileName: string): Promise<string> {
    return path.join(this.staging, fileName);
  }

  async sink(fileName: string): Promise<ByteSink> {
    return fileSink(path.join(this.staging, fileName));
  }

  async writeText(fileName: string, text: string): Promise<void> {
    await writeFile(path.join(this.staging, fileName), text, { encoding: 'utf8', mode: 0o600 });
  }

  /**
   * Moves an earlier run's files aside, then every staged file into the output folder, manifest
   * last: it marks a finished run. Files are made 0600 (folders 0700) first, whoever wrote them
   * (DuckDB's COPY follows the umask): they hold criminal records.
   */
  async commit(): Promise<string[]> {
    const names = (await readdir(this.staging)).sort((a, b) =>
      a === 'manifest.json' ? 1 : b === 'manifest.json' ? -1 : a.localeCompare(b),
    );
    for (const name of names) await makePrivate(path.join(this.staging, name));
    await this.moveEarlierRunAside();
    for (const name of names) {
      await rename(path.join(this.staging, name), path.join(this.dir, name));
    }
    await rm(this.staging, { recursive: true, force: true });
    await this.unlock();
    return names;
  }

  async discard(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
    await this.unlock();
  }

  private async moveEarlierRunAside(): Promise<void> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    const earlier: Dirent[] = [];
    for (const entry of entries) {
      if (await this.earlierRun(entry, this.dir)) earlier.push(entry);
    }
    if (earlier.length === 0) return;
    let newest = 0;
    for (const entry of earlier) {
      newest = Math.max(newest, (await lstat(path.join(this.dir, entry.name))).mtimeMs);
    }
    const stamp = new Date(newest).toISOString().slice(0, 19).replaceAll(':', '-');
    const parent = path.join(this.dir, EARLIER_RUNS);
    await mkdir(parent, { recursive: true, mode: 0o700 });
    let target = path.join(parent, stamp);
    for (let n = 2; await exists(target); n++) target = path.join(parent, `${stamp}-${n}`);
    await mkdir(target, { mode: 0o700 });
    for (const entry of earlier) {
      await rename(path.join(this.dir, entry.name), path.join(target, entry.name));
    }
  }

  private async unlock(): Promise<void> {
    if (!this.locked) return;
    this.locked = false;
    await rm(path.join(this.dir, LOCK_FILE), { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

async function makePrivate(file: string): Promise<void> {
  const info = await lstat(file);
  if (info.isDirectory()) {
    await chmod(file, 0o700);
    for (const name of await readdir(file)) await makePrivate(path.join(file, name));
  } else if (info.isFile()) {
    await chmod(file, 0o600);
  }
}

/** A file given as --outputs, or a folder holding an input the run would write over or move. */
async function refuseUnusable(dir: string, inputs: string[]): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) return; // created below; it cannot hold an input yet
  if (!info.isDirectory()) {
    throw new FolderRefusedError(
      dir,
      'this is a file, not a folder.',
      undefined,
      'The outputs must go to a folder (it is created if missing); choose another --outputs.',
    );
  }
  const real = await realpath(dir);
  for (const input of inputs) {
    const inputDir = await realpath(path.dirname(path.resolve(input))).catch(() => undefined);
    if (inputDir !== undefined && (inputDir === real || inputDir.startsWith(real + path.sep))) {
      throw new FolderRefusedError(
        input,
        `the output folder ${dir} holds this input file.`,
        undefined,
        'A run replaces the files in its output folder; choose an --outputs folder that does not hold the input.',
      );
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file holds the pid of the run writing the folder; a dead process's lock is taken over. */
async function takeLock(dir: string): Promise<void> {
  const lock = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number.parseInt((await readFile(lock, 'utf8').catch(() => '')).trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new FolderInUseError(
        dir,
        `another Clearance run (process ${pid}) is writing into this folder.`,
        undefined,
        `Wait for it to finish, or choose another --outputs folder. If no Clearance is running, delete ${LOCK_FILE} in that folder.`,
      );
    }
    await rm(lock, { force: true }); // its process is gone: the lock is stale
  }
  throw new FolderInUseError(
    dir,
    'another Clearance run is starting in this folder at the same moment.',
  );
}

/** A killed run's staging folder (partial outputs, held rows); only ever called under the lock. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(PARTIAL_PREFIX) || name === '.held-rows.csv') {
      await rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
}
