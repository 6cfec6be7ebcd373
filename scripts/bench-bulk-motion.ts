/**
 * Times bulk-motion.pdf for a county-sized court-data.csv: N synthetic granted convictions (default
 * 50,000) laid out as the motion and its Exhibit A, written to a file as the bundle writes it.
 * Prints rows, pages, seconds and peak memory. `npx tsx scripts/bench-bulk-motion.ts 50000 [out.pdf]`
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { writeBulkMotion } from '../src/forms/bulk-motion';
import { readNodeFormFonts } from '../src/forms/fonts';
import type { CourtDataRow } from '../src/forms/filing-rows';

const n = Number(process.argv[2] ?? 50000);
const rows: CourtDataRow[] = Array.from({ length: n }, (_, i) => ({
  caseNumber: `${i % 3 ? 'F' : 'M'}${String(1000000 + Math.floor(i / 2)).slice(1)}`,
  court: 'Superior Court of California, County of Sacramento',
  name: `PERSON${i % 997},FIRSTNAME ${i % 13 ? '' : 'MIDDLE LONGER NAME '}X`,
  dob: '03/14/1960',
  cii: `A${String(10000000 + i).slice(1)}`,
  date: '04/11/1981',
  codeSection: i % 4 ? '11359 HS' : '11357(C) HS',
  level: i % 3 ? 'Felony' : 'Misdemeanor',
  relief: i % 5 ? 'Dismissal and sealing' : 'Reduction to a misdemeanor',
  statute: i % 50 ? 'H&S 11361.8(f)' : 'H&S 11361.8(b)',
  inputLine: String(i + 2),
}));
const out = createWriteStream(process.argv[3] ?? 'bulk-motion-bench.pdf');
const t0 = performance.now();
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const { pages } = await writeBulkMotion(
  rows,
  {
    county: 'SACRAMENTO',
    office: {
      officeName: 'Example County District Attorney',
      address: '1 Main Street, Sacramento, CA 95814',
      attorneyName: 'Jane Q. Prosecutor',
      barNumber: '123456',
      phone: '(916) 555-0100',
      email: 'prop64@example.org',
    },
    fonts: await readNodeFormFonts(),
    now: new Date(),
  },
  async (c) => {
    if (!out.write(c)) await once(out, 'drain');
  },
);
out.end();
await once(out, 'finish');
clearInterval(timer);
console.log(
  JSON.stringify({
    rows: n,
    pages,
    seconds: ((performance.now() - t0) / 1000).toFixed(1),
    peakRssMB: Math.round(peak / 1e6),
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  }),
);
