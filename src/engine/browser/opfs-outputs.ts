import type { ByteSink } from '../extract-scan/byte-source';
import type { OutputTarget } from '../session';

/** Every folder this app makes in the origin-private file system starts with this. */
const FOLDER_PREFIX = 'clearance-outputs-';

/**
 * Where the engine worker keeps a run's output files until the user saves them. Every file is
 * written by the engine worker itself (the CSVs streamed out of DuckDB, see line-files.ts): no
 * file handle is given to DuckDB's worker, which WebKit cannot do. No `sqlPathFor`, so nothing is
 * written by COPY.
 */
export interface BrowserOutputs extends OutputTarget {
  /** A finished file, for the page to stream where the user saves it. */
  file(fileName: string): Promise<File>;
  /** Forgets every file (they hold records). */
  remove(): Promise<void>;
}

const encoder = new TextEncoder();

/**
 * Writes `text` as the whole of one file through `sink`; on a failure the file is aborted, never
 * left looking complete. For every target's writeText.
 */
export async function writeTextThrough(
  sink: (fileName: string) => Promise<ByteSink>,
  fileName: string,
  text: string,
): Promise<void> {
  const out = await sink(fileName);
  try {
    await out.write(encoder.encode(text));
    await out.close();
  } catch (error) {
    await out.abort().catch(() => undefined);
    throw error;
  }
}

/**
 * The origin-private file system where the browser lets a worker write a file synchronously
 * (Chromium, Firefox), so a 1 GB CSV never sits in the tab's memory; memory otherwise. Decided by
 * trying it (a folder, a file, a synchronous access handle), not by the browser's name.
 */
export async function createBrowserOutputs(): Promise<BrowserOutputs> {
  const folderName = `${FOLDER_PREFIX}${crypto.randomUUID()}`;
  let root: FileSystemDirectoryHandle | undefined;
  try {
    root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle(folderName, { create: true });
    const probe = await folder.getFileHandle('probe', { create: true });
    (await probe.createSyncAccessHandle()).close();
    await folder.removeEntry('probe');
    return new OpfsOutputs(root, folderName);
  } catch {
    await root?.removeEntry(folderName, { recursive: true }).catch(() => undefined);
    return new MemoryOutputs();
  }
}

/**
 * A run's output files in the origin-private file system (OPFS), each written through a
 * synchronous access handle (in a worker, much faster than a stream). The page streams each file
 * to where the user saves it. The folder holds records, so it is removed by "Clear everything",
 * by the next load, and (for a tab that closed without either) when the app starts.
 */
export class OpfsOutputs implements BrowserOutputs {
  private readonly files = new Map<string, FileSystemFileHandle>();

  constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly folderName: string,
  ) {}

  /** Removes what earlier tabs left behind (a crash, a closed window) before anything else runs. */
  static async removeLeftovers(): Promise<void> {
    if (!globalThis.navigator?.storage?.getDirectory) return;
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    // TypeScript's DOM types do not yet declare the directory iterator Chromium has.
    const listing = root as unknown as { keys(): AsyncIterable<string> };
    for await (const name of listing.keys()) if (name.startsWith(FOLDER_PREFIX)) names.push(name);
    for (const name of names) await root.removeEntry(name, { recursive: true }).catch(() => {});
  }

  writeText(fileName: string, text: string): Promise<void> {
    return writeTextThrough((name) => this.sink(name), fileName, text);
  }

  async sink(fileName: string): Promise<ByteSink> {
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

  /** A file in this run's folder (created if missing), remembered for file() and remove(). */
  private async newFile(fileName: string): Promise<FileSystemFileHandle> {
    const folder = await this.root.getDirectoryHandle(this.folderName);
    const handle = await folder.getFileHandle(fileName, { create: true });
    this.files.set(fileName, handle);
    return handle;
  }

  /** The finished file, backed by disk. */
  async file(fileName: string): Promise<File> {
    const handle = this.files.get(fileName);
    if (!handle) throw new Error(`No output file named ${fileName}.`);
    return handle.getFile();
  }

  async remove(): Promise<void> {
    this.files.clear();
    await this.root.removeEntry(this.folderName, { recursive: true }).catch(() => {});
  }
}

/**
 * The files in the worker's memory, where the origin-private file system cannot be written from a
 * worker (WebKitGTK here). A file is held once, as a Blob of the chunks written.
 *
 * TODO(issue #17): make each file when the user saves it, streamed to the download (through the
 * app's service worker), so a 1 GB CSV is not held here whole.
 */
export class MemoryOutputs implements BrowserOutputs {
  private readonly files = new Map<string, File>();

  async writeText(fileName: string, text: string): Promise<void> {
    this.files.set(fileName, new File([text], fileName));
  }

  async sink(fileName: string): Promise<ByteSink> {
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    this.files.delete(fileName);
    return {
      write: async (chunk) => {
        // A copy: the writer may reuse the chunk's memory once it is written.
        chunks.push(new Uint8Array(chunk));
      },
      close: async () => {
        this.files.set(fileName, new File(chunks.splice(0), fileName));
      },
      abort: async () => {
        chunks.length = 0;
      },
    };
  }

  async file(fileName: string): Promise<File> {
    const found = this.files.get(fileName);
    if (!found) throw new Error(`No output file named ${fileName}.`);
    return found;
  }

  async remove(): Promise<void> {
    this.files.clear();
  }
}
