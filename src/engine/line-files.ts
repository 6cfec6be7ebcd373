import type { Database } from './database';
import { throwIfAborted } from './errors';
import { copyLinesSql, type LinesQuery } from './outputs';
import type { OutputTarget } from './session';

const encoder = new TextEncoder();

/**
 * Writes one CSV file a LinesQuery describes into an output target. A target with a path DuckDB
 * can write to (the CLI's folder) gets DuckDB's COPY, which is fast and writes straight to disk;
 * any other (the browser's) gets the query's rows streamed back from DuckDB and written, header
 * first, through its own sink, so DuckDB's worker never holds a file and the sink hashes the bytes
 * as they pass. Both give the same bytes (tests/unit/streamed-outputs.test.ts).
 *
 * `copySql` replaces the COPY for a file whose COPY is not the query's lines (the condensed file,
 * written by DuckDB's own CSV writer).
 */
export async function writeLinesFile(
  db: Database,
  target: OutputTarget,
  fileName: string,
  query: LinesQuery,
  options: { signal?: AbortSignal; copySql?: (targetPath: string) => string } = {},
): Promise<void> {
  if (target.sqlPathFor) {
    const path = await target.sqlPathFor(fileName);
    await db.exec(options.copySql ? options.copySql(path) : copyLinesSql(query, path));
    return;
  }
  if (!db.streamLines) throw new Error('This database can neither COPY to the target nor stream.');
  const sink = await target.sink(fileName);
  try {
    await sink.write(encoder.encode(`${query.header}\n`));
    for await (const chunk of db.streamLines(query.select)) {
      throwIfAborted(options.signal);
      await sink.write(chunk);
    }
    await sink.close();
  } catch (error) {
    await sink.abort().catch(() => undefined);
    throw error;
  }
}
