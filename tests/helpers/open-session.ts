import { readFile, stat } from 'node:fs/promises';
import { SNIFF_BYTES, sniffInput } from '../../src/doj/sniff';
import type { Database } from '../../src/engine/database';
import { type EngineKind, openEngineDatabase } from '../../src/engine/node/open-database';
import { loadRulePack } from '../../src/engine/node/rule-pack';
import { EngineSession, type Policy } from '../../src/engine/session';

/** A real database with `input` loaded and decided for `policy`, left open for queries. */
export async function openDecidedSession(
  input: string,
  policy: Policy,
  engine: EngineKind = 'wasm',
): Promise<{ db: Database; session: EngineSession }> {
  const db = await openEngineDatabase(engine, { readable: [input], writable: [] });
  const session = new EngineSession(db, await loadRulePack());
  const { size } = await stat(input);
  const handle = await readFile(input);
  const shape = sniffInput('input.csv', handle.subarray(0, SNIFF_BYTES), size);
  await session.load({ name: 'input.csv', sqlPath: input, size }, shape, { skipBadRows: false });
  await session.decide(policy);
  return { db, session };
}
