/**
 * The fast reader's second thread under Node: scans [start, end) of the extract (see
 * writeHeldRows) and posts the HeldPart back, its buffers transferred rather than copied.
 */
import { isUtf8 } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { heldPartBuffers, rangeSource, scanHeldPart } from '../extract-scan/held-rows';
import { fileSource } from './fast-reader';

const task = workerData as { inputPath: string; start: number; end: number };
const { source, close } = await fileSource(task.inputPath);
try {
  const part = await scanHeldPart(rangeSource(source, task.start, task.end), {
    hasHeader: false,
    // The fast reader only takes UTF-8 files (see EngineSession.load).
    validText: (bytes) => isUtf8(bytes),
  });
  parentPort?.postMessage({ part }, heldPartBuffers(part));
} catch (error) {
  // Only the engine's own messages come from here; none holds record contents.
  parentPort?.postMessage({ error: error instanceof Error ? error.name : 'unknown error' });
} finally {
  await close();
}
