import type { ByteSink } from './extract-scan/byte-source';
import type { ManifestOutput } from './manifest';
import type { OutputTarget } from './session';

/** An incremental SHA-256: bytes in as they are written, the hex digest at the end. */
export interface Sha256Stream {
  /** Takes the bytes at once; a promise back asks the writer to wait before its next chunk. */
  update(chunk: Uint8Array): void | Promise<void>;
  digest(): Promise<string>;
  /** Lets go of whatever the hash holds (a worker) when the file is abandoned. */
  cancel?(): void;
}

export interface OutputHashing {
  /** A new incremental hash for a file the engine writes itself. */
  stream(): Promise<Sha256Stream>;
  /** Size and SHA-256 of a finished file DuckDB wrote (its COPY cannot be watched). */
  hashWritten(fileName: string): Promise<{ size: number; sha256: string }>;
}

/**
 * An output target that knows the size and SHA-256 of every file written through it, for
 * manifest.json. Files the engine writes itself (the fast reader's wide CSVs, summary.json) are
 * hashed as their bytes go by, so a 1 GB CSV is not read again; only the files DuckDB writes by
 * COPY (the CLI's Determinations.csv, and every CSV of its runs without the fast reader) are read
 * back. The browser's target has no COPY path: all its files are streamed, and none is read back.
 */
export class HashedOutputs implements OutputTarget {
  private readonly streamed = new Map<string, { size: number; digest: Promise<string> }>();
  private readonly byDuckDb = new Set<string>();
  /** Only where the target has it: without it, every file comes through sink() and is hashed there. */
  readonly sqlPathFor?: (fileName: string) => Promise<string>;

  constructor(
    private readonly target: OutputTarget,
    private readonly hashing: OutputHashing,
  ) {
    const pathFor = target.sqlPathFor?.bind(target);
    if (pathFor) {
      this.sqlPathFor = async (fileName) => {
        this.streamed.delete(fileName);
        this.byDuckDb.add(fileName);
        return pathFor(fileName);
      };
    }
  }

  async writeText(fileName: string, text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    const hash = await this.hashing.stream();
    await hash.update(bytes);
    this.record(fileName, bytes.length, hash.digest());
    await this.target.writeText(fileName, text);
  }

  async sink(fileName: string): Promise<ByteSink> {
    const inner = await this.target.sink(fileName);
    const hash = await this.hashing.stream();
    let size = 0;
    return {
      write: async (chunk) => {
        // Taken before the write: the writer may reuse the chunk's memory once it is written.
        const hashing = hash.update(chunk);
        size += chunk.length;
        await inner.write(chunk);
        await hashing;
      },
      close: async () => {
        await inner.close();
        this.record(fileName, size, hash.digest());
      },
      abort: () => {
        hash.cancel?.();
        return inner.abort();
      },
    };
  }

  /** The named files' sizes and hashes, in that order; each must have been written through here. */
  async outputs(names: readonly string[]): Promise<ManifestOutput[]> {
    const found: ManifestOutput[] = [];
    for (const name of names) {
      const streamed = this.streamed.get(name);
      if (streamed) {
        found.push({ name, size: streamed.size, sha256: await streamed.digest });
      } else if (this.byDuckDb.has(name)) {
        found.push({ name, ...(await this.hashing.hashWritten(name)) });
      } else {
        throw new Error(`${name} was not written through HashedOutputs.`);
      }
    }
    return found;
  }

  private record(fileName: string, size: number, digest: Promise<string>) {
    digest.catch(() => undefined); // awaited by outputs(); this keeps a failure from going unhandled
    this.byDuckDb.delete(fileName);
    this.streamed.set(fileName, { size, digest });
  }
}
