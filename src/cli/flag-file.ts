import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './args';

/**
 * The text of a small file named by a flag (--eligibility-options, --office). Only an ordinary
 * file: reading a pipe would wait for ever for a writer, a device would never end.
 */
export async function readFlagFile(file: string, flag: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (info !== undefined && !info.isFile()) {
    throw new UsageError(
      `--${flag}: ${file} is not an ordinary file (it is a folder, pipe or device).`,
    );
  }
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--${flag}: cannot read ${file}.`);
  }
}
