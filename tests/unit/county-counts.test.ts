/**
 * The County step's figure for each county is the results' figure for it: the same convictions,
 * counted once per count as the rules count them (issue #18: "552 on the County screen, 497 in the
 * results").
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { SNIFF_BYTES, sniffInput } from '../../src/doj/sniff';
import { openEngineDatabase } from '../../src/engine/node/open-database';
import { loadRulePack } from '../../src/engine/node/rule-pack';
import { EngineSession } from '../../src/engine/session';
import { DEFAULT_OPTIONS } from '../../src/rules/prop64/options';
import { FIXTURES } from '../helpers/run-engine';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-county-counts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function countsAgree(input: string) {
  const db = await openEngineDatabase('wasm', { readable: [input], writable: [] });
  try {
    const session = new EngineSession(db, await loadRulePack());
    const { size } = await stat(input);
    const shape = sniffInput('input.csv', (await readFile(input)).subarray(0, SNIFF_BYTES), size);
    const loaded = await session.load({ name: 'input.csv', sqlPath: input, size }, shape, {
      skipBadRows: false,
    });
    expect(loaded.prop64ConvictionsByCounty.length).toBeGreaterThan(0);
    for (const { county, convictions } of loaded.prop64ConvictionsByCounty.slice(0, 3)) {
      await session.decide({ county, computeAt: '2020-01-01', options: DEFAULT_OPTIONS });
      const [decided] = await db.query<{ n: number }>(
        'SELECT count(*)::INTEGER AS n FROM relevant_convictions',
      );
      expect(convictions, county).toBe(decided?.n);
    }
  } finally {
    await db.close();
  }
}

test('on the hand-made fixture', async () => {
  await countsAgree(path.join(FIXTURES, 'sacramento-handmade.input.csv'));
});

test('on a generated extract with repeated rows for one count', async () => {
  const input = path.join(dir, 'generated.csv');
  await writeFile(input, generateExtract({ county: 'FRESNO', rows: 20_000, seed: 18 }));
  await countsAgree(input);
});
