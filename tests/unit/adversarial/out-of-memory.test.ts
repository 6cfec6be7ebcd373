/**
 * "Too large for a browser tab" only for a real shortage of memory, told by the error's kind (issue
 * #17): WebKit's generic UnknownError mentions "out of memory" as a possible cause of any failure,
 * and a DuckDB error can quote a record that says anything. Every error here is provoked for real.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../../src/engine/database';
import { openNativeDatabase } from '../../../src/engine/duckdb/node-native';
import { openWasmDatabase } from '../../../src/engine/duckdb/node-wasm';
import { isOutOfMemory } from '../../../src/engine/errors';

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('it did not throw');
}

async function rejected(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('it did not fail');
    },
    (error: unknown) => error,
  );
}

describe('JavaScript and WebAssembly errors', () => {
  test('a WebAssembly memory that cannot grow is out of memory', () => {
    const error = thrown(() => new WebAssembly.Memory({ initial: 1, maximum: 2 }).grow(5));
    expect(error).toBeInstanceOf(RangeError);
    expect(isOutOfMemory(error)).toBe(true);
  });

  test('an ArrayBuffer or string past its limit is out of memory', () => {
    expect(isOutOfMemory(thrown(() => new ArrayBuffer(Number.MAX_SAFE_INTEGER)))).toBe(true);
    expect(isOutOfMemory(thrown(() => 'x'.repeat(2 ** 30).repeat(2 ** 10)))).toBe(true);
  });

  test('other RangeErrors are not: a recursion too deep, a bad argument', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    expect(isOutOfMemory(thrown(() => recurse(0)))).toBe(false);
    expect(isOutOfMemory(thrown(() => new Date(Number.NaN).toISOString()))).toBe(false);
    expect(isOutOfMemory(thrown(() => (1).toFixed(500)))).toBe(false);
  });

  test("WebKit's UnknownError is not, though its text mentions memory", () => {
    // The DOMException WebKit raises for a failed storage or clone operation, message as it gives it.
    const error = new DOMException(
      'The operation failed for an unknown transient reason (e.g. out of memory).',
      'UnknownError',
    );
    expect(isOutOfMemory(error)).toBe(false);
    expect(isOutOfMemory(new DOMException('Out of memory', 'DataCloneError'))).toBe(false);
  });

  test('a plain error whose text says "out of memory" is not', () => {
    expect(isOutOfMemory(new Error('could not save: out of memory?'))).toBe(false);
    expect(isOutOfMemory(new TypeError('failed to allocate a handle'))).toBe(false);
  });
});

describe.each([
  ['duckdb-wasm', openWasmDatabase],
  ['native DuckDB', openNativeDatabase],
])('%s', (_name, open: () => Promise<Database>) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  test("DuckDB's own OutOfMemoryException is out of memory", async () => {
    await db.exec("SET memory_limit = '2MB'; SET threads = 1");
    const error = await rejected(
      db.query('SELECT list(i) AS l FROM range(5000000) t(i) GROUP BY i % 1000000'),
    );
    await db.exec('RESET memory_limit; RESET threads');
    expect(String((error as Error).message)).toMatch(/^(Error: )?Out of Memory Error:/);
    expect(isOutOfMemory(error)).toBe(true);
  });

  test('a DuckDB error quoting "out of memory" is not', async () => {
    const error = await rejected(db.query("SELECT error('out of memory: failed to allocate')"));
    expect(error).toBeInstanceOf(Error);
    expect(isOutOfMemory(error)).toBe(false);
  });
});
