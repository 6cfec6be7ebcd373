import type { BrowserDatabase } from '../duckdb/browser';
import type { ByteSink } from '../extract-scan/byte-source';
import type { OutputTarget } from '../session';

/** Every folder this app makes in the origin-private file system starts with this. */
const FOLDER_PREFIX = 'clearance-outputs-';

/**
 * A run's output files in the browser's origin-private file system (OPFS): DuckDB's COPY writes
 * straight to disk there, and the page streams each file to where the user saves it, so a 1 GB
 * CSV never sits in the tab's memory. The folder holds records, so it is removed by "Clear
 * everything", by the next load, and (for a tab that closed without either) when the app starts.
 */
export class OpfsOutputs implements OutputTarget {
  private readonly held = new Set<string>();

  private constructor(
    private readonly db: BrowserDatabase,
    private readonly root: FileSystemDirectoryHandle,
    private readonly folderName: string,
    private readonly files: Map<string, FileSystemFileHandle>,
  ) {}

  /** Creates the files DuckDB may write; call before the database is locked down. */
  static async create(db: BrowserDatabase, csvNames: readonly string[]): Promise<OpfsOutputs> {
    const root = await navigator.storage.getDirectory();
    const folderName = `${FOLDER_PREFIX}${crypto.randomUUID()}`;
    const folder = await root.getDirectoryHandle(folderName, { create: true });
    const files = new Map<string, FileSystemFileHandle>();
    for (const name of csvNames) {
      files.set(name, await folder.getFileHandle(name, { create: true }));
    }
    const outputs = new OpfsOutputs(db, root, folderName, files);
    for (const name of csvNames) await outputs.hold(name);
    return outputs;
  }

  /** Removes what earlier tabs left behind (a crash, a closed window) before anything else runs. */
  static async removeLeftovers(): Promise<void> {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    // TypeScript's DOM types do not yet declare the directory iterator Chromium has.
    const listing = root as unknown as { keys(): AsyncIterable<string> };
    for await (const name of listing.keys()) if (name.startsWith(FOLDER_PREFIX)) names.push(name);
    for (const name of names) await root.removeEntry(name, { recursive: true }).catch(() => {});
  }

  private async hold(name: string) {
    const handle = this.files.get(name);
    if (!handle) throw new Error(`No output file named ${name}.`);
    if (!this.held.has(name)) {
      await this.db.registerOutput(name, handle);
      this.held.add(name);
    }
  }

  async sqlPathFor(fileName: string): Promise<string> {
    await this.hold(fileName);
    return fileName;
  }

  async writeText(fileName: string, text: string): Promise<void> {
    const out = await this.writer(fileName);
    await out.write(new TextEncoder().encode(text));
    await out.close();
  }

  /**
   * A file the engine writes itself (the wide CSVs of the fast reader), through a synchronous
   * access handle: in a worker it writes straight to the file, much faster than a stream. DuckDB
   * lets go of the file first, since a file has one such handle at a time.
   */
  async sink(fileName: string): Promise<ByteSink> {
    if (this.held.delete(fileName)) await this.db.releaseOutput(fileName);
    const access = await (await this.newFile(fileName)).createSyncAccessHandle();
    access.truncate(0);
    let at = 0;
    let open = true;
    const finish = () => {
      if (!open) return;
      open = false;
      access.flush();
      access.close();
    };
    return {
      async write(chunk) {
        at += access.write(chunk, { at });
      },
      async close() {
        finish();
      },
      async abort() {
        finish();
      },
    };
  }

  /** A file written in chunks by the page's own code (the court papers), not by DuckDB. */
  async writer(fileName: string): Promise<{
    write(chunk: Uint8Array): Promise<void>;
    close(): Promise<void>;
    abort(): Promise<void>;
  }> {
    const writable = await (await this.newFile(fileName)).createWritable();
    return {
      write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
      close: () => writable.close(),
      abort: () => writable.abort(),
    };
  }

  /** A file in this run's folder (created if missing), remembered for file() and remove(). */
  private async newFile(fileName: string): Promise<FileSystemFileHandle> {
    const folder = await this.root.getDirectoryHandle(this.folderName);
    const handle = await folder.getFileHandle(fileName, { create: true });
    this.files.set(fileName, handle);
    return handle;
  }

  /** The finished file, backed by disk; DuckDB lets go of it first so the page can read it. */
  async file(fileName: string): Promise<File> {
    const handle = this.files.get(fileName);
    if (!handle) throw new Error(`No output file named ${fileName}.`);
    if (this.held.delete(fileName)) await this.db.releaseOutput(fileName);
    return handle.getFile();
  }

  async remove(): Promise<void> {
    for (const name of this.held) await this.db.releaseOutput(name).catch(() => {});
    this.held.clear();
    await this.root.removeEntry(this.folderName, { recursive: true }).catch(() => {});
  }
}
