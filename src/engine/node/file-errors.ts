/**
 * What the operating system said, in words, naming the path. Every command's failures go through
 * explainFileError (src/cli/main.ts), so a full disk or a read-only share reads the same wherever
 * it happens, instead of "stopped unexpectedly (Error)".
 *
 * Only the path and the error code are used, never the error's own text: DuckDB's messages may
 * quote a record. A path is the user's own choice of file or folder, not record contents.
 */

const EXPLANATIONS: Record<string, (where: string) => string> = {
  ENOSPC: (p) =>
    `the disk is full: ${p} could not be written. Free some space, or choose a folder on another disk, and run again.`,
  EDQUOT: (p) =>
    `the disk quota is used up: ${p} could not be written. Free some space, or choose a folder on another disk, and run again.`,
  EFBIG: (p) => `${p} is larger than this disk or folder allows for one file.`,
  EACCES: (p) =>
    `permission denied: this user may not read or write ${p}. Choose a folder you can write to, or ask for access.`,
  EPERM: (p) =>
    `the operating system did not allow this on ${p}. Choose a folder you can write to, or ask for access.`,
  EROFS: (p) => `${p} is on a read-only disk or share; choose a folder that can be written.`,
  ENOTDIR: (p) => `${p}: part of this path is a file, not a folder.`,
  EISDIR: (p) => `${p} is a folder where a file was expected.`,
  ENOENT: (p) => `${p} does not exist.`,
  EEXIST: (p) => `${p} already exists.`,
  ENOTEMPTY: (p) => `${p} is a folder that is not empty.`,
  ENAMETOOLONG: (p) => `${p}: the path is longer than this system allows.`,
  ELOOP: (p) => `${p}: the path goes round in a loop of links.`,
  EBUSY: (p) => `${p} is in use by another program.`,
  ETXTBSY: (p) => `${p} is in use by another program.`,
  EMFILE: (p) =>
    `too many files are open at once (while opening ${p}); close other programs and run again.`,
  ENFILE: (p) =>
    `too many files are open at once (while opening ${p}); close other programs and run again.`,
  EIO: (p) => `the disk reported a read or write error on ${p}; check the disk or share.`,
  ENXIO: (p) => `${p} is a device that is not there or not ready.`,
  ENODEV: (p) => `${p} is on a device that cannot hold these files.`,
  EXDEV: (p) => `${p} is on another disk than the folder it was to be moved into.`,
};

// DuckDB reports its own file failures as text; these are the system's words for the same codes.
const DUCKDB_TEXT: [RegExp, string][] = [
  [/no space left on device/i, 'ENOSPC'],
  [/disk quota exceeded/i, 'EDQUOT'],
  [/read-only file system/i, 'EROFS'],
  [/permission denied/i, 'EACCES'],
];

/** The path a later catch should name when the error itself does not carry one. */
const WHERE = Symbol('clearance.where');

/** Remembers the folder a command was writing, for errors (DuckDB's, a stream's) without a path. */
export function atPath(error: unknown, where: string): unknown {
  if (error !== null && typeof error === 'object' && !(WHERE in error)) {
    Object.defineProperty(error, WHERE, { value: where, enumerable: false });
  }
  return error;
}

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code in EXPLANATIONS) return code;
  const message = (error as { message?: unknown }).message;
  if (typeof message !== 'string') return undefined;
  return DUCKDB_TEXT.find(([pattern]) => pattern.test(message))?.[1];
}

/**
 * A sentence for a file-system failure (Node's errno errors, or DuckDB's text for the same),
 * naming the path; undefined for anything else.
 */
export function explainFileError(error: unknown, where?: string): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = codeOf(error);
  if (code === undefined) return undefined;
  const ownPath = (error as { path?: unknown }).path;
  const place =
    (typeof ownPath === 'string' && ownPath) ||
    (error as { [WHERE]?: string })[WHERE] ||
    where ||
    'a file Clearance needed';
  const explain = EXPLANATIONS[code];
  return explain ? `${explain(place)} (${code})` : undefined;
}
