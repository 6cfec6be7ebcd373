const encoder = new TextEncoder();

/** Bytes appended in place and handed on in large pieces (the fast reader's output buffers). */
export class ByteBuffer {
  bytes: Uint8Array = new Uint8Array(1 << 16);
  length = 0;

  reserve(extra: number) {
    if (this.length + extra <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  appendByte(b: number) {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  appendRange(src: Uint8Array, start: number, end: number) {
    const n = end - start;
    this.reserve(n);
    // Short copies are faster as a loop than through set()'s native call.
    if (n < 32) {
      const bytes = this.bytes;
      let at = this.length;
      for (let i = start; i < end; i++) bytes[at++] = src[i]!;
      this.length = at;
    } else {
      this.bytes.set(src.subarray(start, end), this.length);
      this.length += n;
    }
  }

  /** A non-negative integer below 10^width in decimal, exactly `width` digits (zero-padded). */
  appendDigits(n: number, width: number) {
    this.reserve(width);
    for (let i = this.length + width - 1; i >= this.length; i--) {
      this.bytes[i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.length += width;
  }

  appendText(text: string) {
    const bytes = encoder.encode(text);
    this.appendRange(bytes, 0, bytes.length);
  }

  /**
   * The bytes so far, which the caller owns until it hands them back with recycle(); appending
   * goes on in the spare memory. Two buffers taking turns, rather than a new one for every chunk,
   * spare the garbage collector most of its work.
   */
  take(): Uint8Array {
    const taken = this.bytes.subarray(0, this.length);
    const spare = this.spare;
    this.bytes =
      spare && spare.length >= this.bytes.length ? spare : new Uint8Array(this.bytes.length);
    this.spare = undefined;
    this.length = 0;
    return taken;
  }

  /** Memory from take() that has been written out, to append into again. */
  recycle(taken: Uint8Array) {
    this.spare = new Uint8Array(
      taken.buffer,
      taken.byteOffset,
      taken.buffer.byteLength - taken.byteOffset,
    );
  }

  private spare?: Uint8Array;
}
