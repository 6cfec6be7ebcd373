/**
 * Hands each chunk of a byte stream to `take`, in order. For a user's File read whole
 * (`file.stream()`): the browser reads ahead into the stream while the last chunk is used, where
 * awaiting one slice after another leaves the disk and the work taking turns.
 */
export async function forEachChunk(
  stream: ReadableStream<Uint8Array>,
  take: (chunk: Uint8Array) => unknown,
  signal?: AbortSignal,
): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const next = await reader.read();
      if (next.done) return;
      take(next.value);
    }
  } finally {
    // Stops the browser reading on when this stopped early (an abort, a failure in `take`).
    void reader.cancel().catch(() => undefined);
  }
}
