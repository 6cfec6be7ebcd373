import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputShape } from '../../doj/sniff';
import { checkLines, type BadLine } from '../extract-scan/line-check';

export { needsLineCheck } from '../extract-scan/line-check';
import { rejectError } from '../input';
import { fileSink, fileSource } from './fast-reader';

export interface CheckedInput {
  /** The well-formed records (and the header), each line ended by LF, in the staging folder. */
  path: string;
  size: number;
  skipped: BadLine[];
  remove(): Promise<void>;
}

/**
 * Writes the line check's copy of the input into the run's private staging folder (it holds
 * records, like the held rows: removed with the folder). Without skipBadRows, the first malformed
 * line stops the run, named as in any other run.
 */
export async function writeCheckedInput(
  name: string,
  inputPath: string,
  stagingDir: string,
  shape: InputShape,
  skipBadRows: boolean,
  signal: AbortSignal | undefined,
): Promise<CheckedInput> {
  const checkedPath = path.join(stagingDir, '.checked-input.csv');
  const { source, close } = await fileSource(inputPath);
  const sink = await fileSink(checkedPath);
  try {
    const { bad } = await checkLines(source, { ...shape, signal }, sink);
    await sink.close();
    const first = bad[0];
    if (first && !skipBadRows) {
      throw rejectError(
        { name, sqlPath: inputPath, size: source.size },
        { count: bad.length, first: { line: first.line, reason: first.reason } },
      );
    }
    return {
      path: checkedPath,
      size: (await stat(checkedPath)).size,
      skipped: bad,
      remove: () => rm(checkedPath, { force: true }),
    };
  } catch (error) {
    await sink.abort().catch(() => undefined);
    await rm(checkedPath, { force: true });
    throw error;
  } finally {
    await close();
  }
}
