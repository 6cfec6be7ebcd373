import { generateExtract } from '../../doj/generate';
import { SNIFF_BYTES, sniffInput } from '../../doj/sniff';
import { DEFAULT_OPTIONS } from '../../rules/prop64/options';
import type { RulePack } from '../../rules/prop64/pack';
import { readBreakdown } from '../breakdown';
import type { BrowserDatabase } from '../duckdb/browser';
import { buildExplorer } from '../explorer';
import { EngineSession } from '../session';
import { readSummary } from '../summary';
import { browserFastReader } from './fast-reader';

const COUNTY = 'SACRAMENTO';
/** Enough for every statement to run on real work; a bigger rehearsal did not help further. */
const ROWS = 5_000;
const FILE_NAME = 'rehearsal.csv';
const HELD_ROWS_NAME = 'rehearsal-held-rows.csv';

/**
 * DuckDB rehearses a whole run on a small synthetic extract as soon as it has started, while the
 * user is still on the first screens. The first time each part of DuckDB's WebAssembly runs, the
 * browser compiles and then optimises it; the rehearsal moves that cost off the user's own run
 * (measured: a 1M-row run in Chromium 16.9-17.6 s -> 12.6-13.1 s; the rehearsal takes ~2 s).
 * Everything it makes lives in a database of its own, detached afterwards, so the user's run
 * starts from nothing, and its files are emptied. None of the user's records is involved.
 */
export async function rehearse(db: BrowserDatabase, pack: RulePack): Promise<void> {
  const text = generateExtract({ county: COUNTY, rows: ROWS, seed: 2016 });
  const file = new File([text], FILE_NAME);
  await db.registerFile(FILE_NAME, file);
  await db.exec(`ATTACH ':memory:' AS rehearsal; USE rehearsal;`);
  try {
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    const session = new EngineSession(db, pack);
    const loaded = await session.load(
      { name: FILE_NAME, sqlPath: FILE_NAME, size: file.size },
      sniffInput(FILE_NAME, head, file.size),
      {
        skipBadRows: false,
        fastReader: browserFastReader(Promise.resolve(db), file, HELD_ROWS_NAME),
      },
    );
    // Every additional relief switched on, so every rule's statements do work.
    const options = {
      ...DEFAULT_OPTIONS,
      additionalRelief: { ...DEFAULT_OPTIONS.additionalRelief, yearsCrimeFreeThreshold: 5 },
    };
    const policy = { county: COUNTY, computeAt: '2020-07-01', options };
    await session.decide(policy);
    await buildExplorer(db);
    await readSummary(db, {
      ...policy,
      processingTimeInSeconds: 0,
      rejectedRowCount: loaded.rejectedRowCount,
      ruleSet: `${pack.id} ${pack.version}`,
    });
    await readBreakdown(db);
  } finally {
    await db.exec('USE memory; DETACH rehearsal;');
    await db.registerBuffer(FILE_NAME, new Uint8Array(0));
  }
}
