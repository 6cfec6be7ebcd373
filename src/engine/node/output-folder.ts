import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ByteSink } from '../extract-scan/byte-source';
import type { OutputTarget } from '../session';
import { fileSink } from './fast-reader';

/**
 * Files are written under a hidden temporary folder inside the output folder and renamed into
 * place only when the whole run succeeded, so a failed or cancelled run never leaves files that
 * look complete. Renames within one folder are atomic.
 */
export class OutputFolder implements OutputTarget {
  readonly staging: string;

  private constructor(readonly dir: string) {
    this.staging = path.join(dir, `.clearance-partial-${process.pid}-${Date.now()}`);
  }

  static async create(dir: string): Promise<OutputFolder> {
    const folder = new OutputFolder(path.resolve(dir));
    await mkdir(folder.staging, { recursive: true });
    return folder;
  }

  async sqlPathFor(fileName: string): Promise<string> {
    return path.join(this.staging, fileName);
  }

  async sink(fileName: string): Promise<ByteSink> {
    return fileSink(path.join(this.staging, fileName));
  }

  async writeText(fileName: string, text: string): Promise<void> {
    await writeFile(path.join(this.staging, fileName), text, 'utf8');
  }

  /** Moves every staged file into the output folder, manifest last: it marks a finished run. */
  async commit(): Promise<string[]> {
    const names = (await readdir(this.staging)).sort((a, b) =>
      a === 'manifest.json' ? 1 : b === 'manifest.json' ? -1 : a.localeCompare(b),
    );
    for (const name of names) {
      await rename(path.join(this.staging, name), path.join(this.dir, name));
    }
    await rm(this.staging, { recursive: true, force: true });
    return names;
  }

  async discard(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}
