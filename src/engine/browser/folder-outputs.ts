import type { ByteSink } from '../extract-scan/byte-source';
import { writeTextThrough, type BrowserOutputs } from './opfs-outputs';

/**
 * A folder the user chose ("Save all to a folder"), as the place a run's files are made: each
 * file is written straight into it as it is made, so a 1 GB CSV is written once, where it is
 * kept, and never sits in the tab's memory or in the browser's own storage first.
 *
 * The browser writes each file beside itself and puts it in place only when it is closed, so a
 * file stopped half-way (an error, a cancel) is never left looking complete; manifest.json is
 * written last, so a folder without it is an unfinished run.
 */
export class FolderOutputs implements BrowserOutputs {
  constructor(private readonly folder: FileSystemDirectoryHandle) {}

  get folderName(): string {
    return this.folder.name;
  }

  writeText(fileName: string, text: string): Promise<void> {
    return writeTextThrough((name) => this.sink(name), fileName, text);
  }

  async sink(fileName: string): Promise<ByteSink> {
    const handle = await this.folder.getFileHandle(fileName, { create: true });
    const writable = await handle.createWritable();
    let open = true;
    return {
      // Resolves once the browser has taken the bytes: the writer may then reuse the chunk.
      write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
      async close() {
        if (!open) return;
        open = false;
        await writable.close();
      },
      async abort() {
        if (!open) return;
        open = false;
        await writable.abort().catch(() => undefined);
      },
    };
  }

  /** A file as saved in the folder (for a second copy elsewhere, or the court papers). */
  async file(fileName: string): Promise<File> {
    return (await this.folder.getFileHandle(fileName)).getFile();
  }

  /** The folder is the user's: "Clear everything" forgets it but never deletes what was saved. */
  async remove(): Promise<void> {}
}
