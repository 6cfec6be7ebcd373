/**
 * The extract as the fast reader sees it: bytes at an offset. Node reads the file with a handle,
 * the browser reads the user's File slice by slice, so neither copies the whole extract into
 * memory.
 */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset` into `target` from `at`; returns how many it read. */
  read(target: Uint8Array, at: number, length: number, offset: number): Promise<number>;
}

/** A file's bytes held in memory: tests and small inputs. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(target, at, length, offset) {
      const part = bytes.subarray(offset, Math.min(bytes.length, offset + length));
      target.set(part, at);
      return part.length;
    },
  };
}

/** Somewhere to put bytes as they are made: an output file, or the held rows for DuckDB. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
