/**
 * The attorney's worklist (src/engine/review-worklist.ts) on a real decided run of the hand-made
 * fixture: what it lists is what 50_filing.sql files, and every change it records is a review
 * file's decision that reads back the same.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/engine/database';
import {
  decideWorklist,
  determinationLines,
  reviewDecisions,
  worklistOverview,
  worklistPage,
  type WorklistRow,
} from '../../src/engine/review-worklist';
import type { EngineSession } from '../../src/engine/session';
import { parseReviewFile, reviewFileText } from '../../src/filing/review-file';
import { parseEligibilityOptions } from '../../src/rules/prop64/options';
import { openDecidedSession } from '../helpers/open-session';
import { FIXTURES } from '../helpers/run-engine';

let db: Database;

/** How each of 25_holds.sql's reasons begins. */
const HOLD_REASON_START =
  /^(Needs review: |Superstrike on record|PC 290 |The person is recorded as deceased|Disposition after|Conviction dated after|No court case number|Court case number is a placeholder)/;
let session: EngineSession;

beforeAll(async () => {
  const options = parseEligibilityOptions(
    JSON.parse(readFileSync(path.join(FIXTURES, 'sacramento-handmade.options.json'), 'utf8')),
  );
  ({ db, session } = await openDecidedSession(
    path.join(FIXTURES, 'sacramento-handmade.input.csv'),
    { county: 'SACRAMENTO', computeAt: '2019-11-11', options },
  ));
});

afterAll(async () => {
  await db?.close();
});

const count = async (view: string) =>
  Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${view}`))[0]?.n);

async function allRows(): Promise<WorklistRow[]> {
  return (await worklistPage(db, {}, 0, 100_000)).rows;
}

/** Every change is undone after its test, so each starts from the defaults. */
async function reset() {
  await decideWorklist(db, { filter: {} }, null, '2020-01-01');
  await session.refile();
}

describe('the worklist', () => {
  test('counts what each paper will hold, and lists held convictions first', async () => {
    const overview = await worklistOverview(db);
    expect(overview.total).toBe(await count('determination_report'));
    expect(overview.grant).toBe(await count('court_data'));
    expect(overview.challenge).toBe(await count('filing_challenges'));
    expect(overview.hold).toBe(await count('filing_held'));
    expect(overview.hold).toBeGreaterThan(0);
    expect(overview.byAttorney).toBe(0);

    const rows = await allRows();
    expect(rows).toHaveLength(overview.total);
    const firstNotHeld = rows.findIndex((r) => r.status !== 'hold');
    expect(rows.slice(0, firstNotHeld).every((r) => r.status === 'hold')).toBe(true);
    expect(rows.slice(firstNotHeld).some((r) => r.status === 'hold')).toBe(false);
    expect(rows.slice(firstNotHeld).map((r) => r.line)).toEqual(
      rows
        .slice(firstNotHeld)
        .map((r) => r.line)
        .sort((a, b) => a - b),
    );
    // A held row says why; a conviction without a usable case number never shows one.
    for (const r of rows.filter((r) => r.decision === 'hold'))
      expect(r.holdReasons).not.toEqual([]);
    for (const r of rows.filter((r) => r.holdCodes.includes('case-number')))
      expect(r.caseNumber).toBe('');
    // One reason per code, each whole (a review note naming two rules is one reason, not two).
    for (const r of rows) expect(r.holdReasons).toHaveLength(r.holdCodes.length);
    for (const r of rows) {
      for (const reason of r.holdReasons) expect(reason).toMatch(HOLD_REASON_START);
    }
  });

  test('filters by hold reason, section, status and search text', async () => {
    const overview = await worklistOverview(db);
    const all = await allRows();
    for (const { code, count: n } of overview.holdCodes) {
      const page = await worklistPage(db, { holdCode: code }, 0, 1000);
      expect(page.total).toBe(n);
      expect(page.rows.every((r) => r.holdCodes.includes(code))).toBe(true);
      expect(n).toBe(all.filter((r) => r.holdCodes.includes(code)).length);
    }
    for (const { section, count: n } of overview.sections) {
      const page = await worklistPage(db, { section }, 0, 1000);
      expect(page.total).toBe(n);
      expect(page.rows.every((r) => r.codeSection.includes(section))).toBe(true);
    }
    const held = await worklistPage(db, { status: 'hold' }, 0, 1000);
    expect(held.total).toBe(overview.hold);

    const someone = all.find((r) => r.name.length > 3)!;
    const part = someone.name.slice(1, 4).toLowerCase();
    const found = await worklistPage(db, { search: part }, 0, 1000);
    expect(found.rows.map((r) => r.line)).toEqual(
      all.filter((r) => r.name.toLowerCase().includes(part)).map((r) => r.line),
    );
    // Typed literally: a wildcard character matches only itself.
    expect((await worklistPage(db, { search: '%' }, 0, 10)).total).toBe(0);
  });

  test('pages through the list without gaps or repeats', async () => {
    const all = await allRows();
    const pages: number[] = [];
    for (let page = 0; page * 5 < all.length; page++) {
      pages.push(...(await worklistPage(db, {}, page, 5)).rows.map((r) => r.line));
    }
    expect(pages).toEqual(all.map((r) => r.line));
  });
});

describe('decisions', () => {
  test('a bulk challenge by hold reason reaches the notice of challenge', async () => {
    const overview = await worklistOverview(db);
    const reason = overview.holdCodes[0]!;
    const changed = await decideWorklist(
      db,
      { filter: { holdCode: reason.code } },
      { decision: 'challenge', ground: 'Other', note: 'Bulk test' },
      '2020-02-03',
    );
    expect(changed).toBe(reason.count);
    await session.refile();
    const rows = (await worklistPage(db, { holdCode: reason.code }, 0, 1000)).rows;
    expect(rows.every((r) => r.status === 'challenge' && r.byAttorney)).toBe(true);
    const challenged = await db.query<{ line: number; ground: string; note: string }>(
      'SELECT "Input Line"::BIGINT AS line, "Ground" AS ground, "Note" AS note FROM filing_challenges',
    );
    for (const r of rows) {
      expect(challenged.find((c) => Number(c.line) === r.line)).toMatchObject({
        ground: 'Other',
        note: 'Bulk test',
      });
    }
    await reset();
  });

  test('one held conviction granted with a note, then put back to the default', async () => {
    const held = (await allRows()).find((r) => r.status === 'hold' && r.caseNumber !== '');
    expect(held).toBeDefined();
    await decideWorklist(
      db,
      { lines: [held!.line] },
      { decision: 'grant', note: 'Dates checked against the court file.' },
      '2020-02-04',
    );
    await session.refile();
    const after = (await worklistPage(db, { search: held!.cii }, 0, 1000)).rows.find(
      (r) => r.line === held!.line,
    )!;
    expect(after).toMatchObject({
      decision: 'grant',
      note: 'Dates checked against the court file.',
      decidedOn: '2020-02-04',
      byAttorney: true,
    });
    expect(after.status).toBe('grant');

    await decideWorklist(db, { lines: [held!.line] }, null, '2020-02-05');
    await session.refile();
    expect((await worklistOverview(db)).byAttorney).toBe(0);
  });

  test('refuses a challenge without a ground, and changes nothing', async () => {
    const line = (await allRows())[0]!.line;
    await expect(
      decideWorklist(db, { lines: [line] }, { decision: 'challenge' }, '2020-02-05'),
    ).rejects.toThrow();
    expect(await reviewDecisions(db)).toEqual([]);
  });

  test('what is recorded saves as a review file that reads back to the same papers', async () => {
    const lines = (await allRows()).slice(0, 3).map((r) => r.line);
    await decideWorklist(
      db,
      { lines: [lines[0]!] },
      { decision: 'hold', note: 'Ask the court' },
      '2020-03-01',
    );
    await decideWorklist(
      db,
      { lines: lines.slice(1) },
      { decision: 'challenge', ground: 'Not eligible' },
      '2020-03-02',
    );
    await session.refile();
    const before = await allRows();
    const text = reviewFileText({
      inputSha256: 'b'.repeat(64),
      ruleSet: 'prop64 1.1.0',
      decisions: await reviewDecisions(db),
    });
    const review = parseReviewFile(text, 'review.json');
    expect(review.decisions).toHaveLength(3);
    expect(review.decisions.map((d) => d.line)).toEqual(lines);

    await reset();
    await session.applyReview(review);
    expect(await allRows()).toEqual(before);
    expect(await determinationLines(db)).toEqual(new Set(before.map((r) => r.line)));
    await reset();
  });
});

describe('the papers query', () => {
  // As views, the papers' one-row join to filing_context let DuckDB's optimiser turn the join of
  // filing choices to determinations into a cross product: 23,362 x 23,362 rows for a 1M-row
  // extract, two minutes before the first paper. The plan, not a timing, keeps that from coming back.
  test.each(['court_data', 'filing_challenges', 'filing_held'])(
    '%s reads the filing rows once, joining nothing',
    async (view) => {
      const [plan] = await db.query<{ explain_value: string }>(`EXPLAIN SELECT * FROM ${view}`);
      const text = plan?.explain_value ?? '';
      expect(text).not.toContain('determination_report');
      expect(text).not.toMatch(/HASH_JOIN|NESTED_LOOP_JOIN|PIECEWISE_MERGE_JOIN/);
    },
  );
});
