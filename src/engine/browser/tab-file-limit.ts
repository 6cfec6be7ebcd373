/**
 * The largest extract the web app reads. A 2 GB extract (2.5M rows, the size of the largest
 * county's) reached its results with the tab at about 2.3 GB; DuckDB's WebAssembly can address
 * 4 GB at most, so a file much past this would run out of memory after minutes of reading. Such a
 * file is refused before anything is read, pointing to the command-line tool.
 */
export const TAB_FILE_LIMIT_BYTES = 2.5e9;

const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** Both sizes in GB, or in bytes where a file just over the limit would round to the limit. */
function sizes(size: number): [string, string] {
  const [file, limit] = [gigabytes(size), gigabytes(TAB_FILE_LIMIT_BYTES)];
  if (file !== limit) return [file, limit];
  const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  return [bytes(size), bytes(TAB_FILE_LIMIT_BYTES)];
}

/** Why the file is too large for a tab, in plain words; undefined when it is not. */
export function tooLargeForTab(
  size: number,
): { problem: string; hint: string; help: 'large-files' } | undefined {
  if (size <= TAB_FILE_LIMIT_BYTES) return undefined;
  const [file, limit] = sizes(size);
  return {
    problem: `it is ${file}, more than a browser tab can read (up to ${limit}). Nothing was read.`,
    hint: "Clearance's command-line tool reads a file of any size on this computer, with the same rules, and writes the same files.",
    help: 'large-files',
  };
}
