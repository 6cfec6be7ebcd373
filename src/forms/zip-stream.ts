import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate';

/**
 * A ZIP written entry by entry into a sink, in Node and in the browser alike. Only the entry being
 * added and a small output buffer are in memory; the archive itself goes straight to the sink, so
 * ten thousand PDFs never sit in memory together. Each write to the sink is awaited before the
 * next entry is taken: that is the back-pressure (a slow disk slows the producer, not the heap).
 *
 * fflate writes classic ZIP, not ZIP64: at most 65,535 entries and 4 GiB. Both limits are checked
 * here and reported in words instead of producing an archive that unzip tools reject. Ten
 * thousand motions of ~50 KB are about half a gigabyte.
 */
export type WriteChunk = (chunk: Uint8Array) => Promise<void>;

export interface ZipEntryOptions {
  /** 0 stores the bytes as they are; 1-9 deflates them. */
  level?: ZipLevel;
}

type ZipLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;
/** Fewer, larger writes: a browser file handle's write() costs far more than a copy of 1 MiB. */
const FLUSH_BYTES = 1 << 20;

export class ZipStreamWriter {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private error: Error | null = null;
  private busy = false;
  private finished = false;
  private entries = 0;
  private written = 0;

  constructor(
    private readonly write: WriteChunk,
    private readonly options: { mtime?: Date; level?: ZipLevel } = {},
  ) {
    // fflate calls back synchronously while an entry is pushed; the chunks wait here until the
    // entry is complete and are then written, awaited, to the sink.
    this.zip = new Zip((error, chunk) => {
      if (error) {
        this.error ??= error;
        return;
      }
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    });
  }

  /** Bytes handed to the sink so far plus those waiting to be. */
  get size(): number {
    return this.written + this.pendingBytes;
  }

  get entryCount(): number {
    return this.entries;
  }

  /** Adds one file. Calls must not overlap: await each before the next. */
  async add(
    name: string,
    data: Uint8Array | AsyncIterable<Uint8Array>,
    options: ZipEntryOptions = {},
  ): Promise<void> {
    this.enter();
    try {
      if (this.entries >= MAX_ENTRIES) {
        throw new ZipLimitError(`A ZIP file holds at most ${MAX_ENTRIES} files.`);
      }
      const level = options.level ?? this.options.level ?? 0;
      const file: ZipInputFile & { push(chunk: Uint8Array, final?: boolean): void } =
        level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
      // A fixed time makes the same inputs give the same archive, byte for byte.
      if (this.options.mtime) file.mtime = this.options.mtime;
      this.zip.add(file);
      this.entries += 1;
      if (data instanceof Uint8Array) {
        file.push(data, true);
      } else {
        // The final flag needs one chunk of look-ahead.
        let previous: Uint8Array | undefined;
        for await (const chunk of data) {
          if (previous) {
            file.push(previous);
            await this.drain(false);
          }
          previous = chunk;
        }
        file.push(previous ?? new Uint8Array(0), true);
      }
      await this.drain(false);
      if (this.size > MAX_OFFSET) {
        throw new ZipLimitError('The ZIP file would be larger than 4 GB, more than ZIP allows.');
      }
    } finally {
      this.busy = false;
    }
  }

  /** Writes the central directory and everything still buffered. No entries may follow. */
  async finish(): Promise<void> {
    this.enter();
    try {
      this.zip.end();
      this.finished = true;
      await this.drain(true);
    } finally {
      this.busy = false;
    }
  }

  private enter(): void {
    if (this.busy) throw new Error('ZipStreamWriter: a call is still in progress.');
    if (this.finished) throw new Error('ZipStreamWriter: the archive is already finished.');
    if (this.error) throw this.error;
    this.busy = true;
  }

  private async drain(force: boolean): Promise<void> {
    if (this.error) throw this.error;
    if (this.pendingBytes === 0 || (!force && this.pendingBytes < FLUSH_BYTES)) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : concat(this.pending);
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      await this.write(chunk);
    } catch (error) {
      // A sink that failed once has lost bytes: nothing after them can make a valid archive.
      this.error = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
    this.written += bytes;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
