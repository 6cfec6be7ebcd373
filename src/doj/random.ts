/**
 * Seeded pseudo-random numbers for reproducible synthetic data; never for anything secret.
 *
 * mulberry32: a single 32-bit state word and only 32-bit integer arithmetic (Math.imul, shifts),
 * so the same seed gives the same sequence in every JavaScript engine, browser or Node.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer, got ${seed}`);
    }
    // Fold in the bits above 32 so seeds that differ only there still give different streams.
    const high = Math.floor(seed / 0x1_0000_0000);
    this.state = (seed ^ Math.imul(high, 0x9e3779b1)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/**
 * Expands (item, weight) pairs into a flat list, so a weighted choice is one `pick` (constant time)
 * instead of a walk over cumulative weights on every row. Weights are small integers.
 */
export function weightedPool<T>(entries: readonly (readonly [T, number])[]): T[] {
  const pool: T[] = [];
  for (const [item, weight] of entries) {
    if (!Number.isInteger(weight) || weight < 0) throw new RangeError(`bad weight ${weight}`);
    for (let i = 0; i < weight; i++) pool.push(item);
  }
  return pool;
}
