import type { ReviewDecision } from '../filing/review-file';
import type { Database, SqlValue } from './database';

/** The attorney's decisions as the filing rule (50_filing.sql) reads them. */
export const REVIEW_DECISIONS_TABLE_SQL = `CREATE OR REPLACE TABLE review_decisions (
  input_line BIGINT PRIMARY KEY,
  decision VARCHAR NOT NULL CHECK (decision IN ('grant', 'challenge', 'hold')),
  ground VARCHAR,
  note VARCHAR,
  decided_on DATE NOT NULL
)`;

// Values go in as parameters, a few hundred rows a statement: a county's review can hold tens of
// thousands of decisions, and one statement per row would take minutes in the browser.
const ROWS_PER_INSERT = 200;

export async function fillReviewDecisions(
  db: Database,
  decisions: readonly ReviewDecision[],
): Promise<void> {
  await db.exec(REVIEW_DECISIONS_TABLE_SQL);
  for (let start = 0; start < decisions.length; start += ROWS_PER_INSERT) {
    const batch = decisions.slice(start, start + ROWS_PER_INSERT);
    const params: SqlValue[] = batch.flatMap((d) => [
      d.line,
      d.decision,
      d.ground ?? null,
      d.note ?? null,
      d.decidedOn,
    ]);
    const rows = batch.map(() => '(?::BIGINT, ?, ?, ?, ?::DATE)').join(', ');
    await db.run(`INSERT INTO review_decisions VALUES ${rows}`, params);
  }
}
