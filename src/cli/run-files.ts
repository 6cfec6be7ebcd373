import { createReadStream, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../engine/errors';

/** Reads one file of a run's output folder, or says plainly that the folder is not a run's. */
export async function readRunFile(dir: string, name: string): Promise<string> {
  try {
    return await readFile(path.join(dir, name), 'utf8');
  } catch {
    throw new InputError(
      path.join(dir, name),
      'cannot be read',
      undefined,
      'The --results folder must be one that "clearance run" wrote, with all its files.',
    );
  }
}

/** A run file's text in chunks, opened first so a missing file is reported as readRunFile does. */
export async function runFileChunks(dir: string, name: string): Promise<ReadStream> {
  const file = path.join(dir, name);
  const stream = createReadStream(file, { encoding: 'utf8' });
  try {
    await once(stream, 'open');
  } catch {
    throw new InputError(
      file,
      'cannot be read',
      undefined,
      'The --results folder must be one that "clearance run" wrote, with all its files.',
    );
  }
  return stream;
}

/** Parses a run's JSON file (manifest.json, summary.json), refusing one that is not what a run writes. */
export function parseRunJson<T>(text: string, name: string, looksRight: (value: T) => boolean): T {
  let value: T;
  try {
    value = JSON.parse(text) as T;
  } catch {
    throw new InputError(name, 'is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || !looksRight(value)) {
    throw new InputError(name, 'is not the file "clearance run" writes');
  }
  return value;
}
