import { AttachmentTable, LANDSCAPE, type AttachmentSpec } from './attachment-table';
import { CombinedPdf } from './combined-pdf';
import type { FormFonts } from './fonts';
import type { CourtDataRow } from './filing-rows';
import {
  BASIS_PARAGRAPHS,
  BULK_ORDER_PARAGRAPHS,
  bulkNotice,
  reliefKindOf,
  routeOf,
} from './legal-wording';
import { groupMotions, routesOf } from './model';
import {
  attorneyBlock,
  captionPlaintiff,
  courtNameOf,
  courtTitle,
  heading,
  INDENT,
  judgeSignature,
  MIDDLE,
  signature,
} from './motion-pdf';
import type { OfficeSettings } from './office';
import { LEFT, Pleading, pleadingStationery, RIGHT } from './pleading';
import type { PdfBuilder } from './pdf/pdf-builder';
import { fontSetFor } from './pdf/subset-fonts';
import type { WriteChunk } from './zip-stream';

/**
 * bulk-motion.pdf: one notice of motion and motion for all the uncontested relief in the county
 * (as Los Angeles filed one motion for ~66,000 convictions), its [Proposed] Order covering every
 * listed conviction, and Exhibit A: every row of court-data.csv, in its order, the table header
 * repeated on every page. The pleading pages are printed (no form fields: one document, signed
 * once); the exhibit is written page by page into the file as it is laid out.
 */
export interface BulkMotionContext {
  county: string;
  office: OfficeSettings;
  fonts: FormFonts;
  now: Date;
}

export const BULK_FOOTER =
  'NOTICE OF MOTION AND MOTION FOR RELIEF UNDER HEALTH & SAFETY CODE §§ 11361.8, 11361.9; [PROPOSED] ORDER';

const EXHIBIT_COLUMNS = [
  { header: 'Court Case Number', weight: 1.15 },
  { header: 'Name', weight: 1.75 },
  { header: 'Date of Birth', weight: 0.8 },
  { header: 'CII Number', weight: 0.95 },
  { header: 'Date of Conviction', weight: 0.85 },
  { header: 'Code Section', weight: 1 },
  { header: 'Level', weight: 0.85 },
  { header: 'Relief', weight: 1.35 },
  { header: 'Statute', weight: 1.05 },
] as const;

const exhibitCells = (r: CourtDataRow) => [
  r.caseNumber,
  r.name,
  r.dob,
  r.cii,
  r.date,
  r.codeSection,
  r.level,
  r.relief,
  r.statute,
];

/** Exhibit pages per builder: written into the file, then dropped. */
const PAGES_PER_BATCH = 25;

export async function writeBulkMotion(
  rows: readonly CourtDataRow[],
  context: BulkMotionContext,
  write: WriteChunk,
  check: () => void = () => {},
): Promise<{ pages: number }> {
  const court = courtNameOf(context);
  const office = Object.values(context.office).filter((v): v is string => typeof v === 'string');
  const fonts = await fontSetFor(context.fonts, {
    regular: [...office, court, ...rows.flatMap(exhibitCells)],
    bold: [court.toUpperCase()],
  });
  const stationery = pleadingStationery(fonts);
  const spec: AttachmentSpec = {
    title: 'EXHIBIT A',
    subtitle: `Convictions the People do not challenge, for which relief is requested (${count(rows.length, 'conviction')}; the same rows as court-data.csv)`,
    columns: EXHIBIT_COLUMNS,
    footerTitle: BULK_FOOTER,
  };
  const table = new AttachmentTable(spec, fonts);
  const cellsOf = (i: number) => exhibitCells(rows[i]!);
  const starts = table.paginate(rows.length, cellsOf);

  const pdf = await CombinedPdf.start(write, stationery, {
    title: `Motion for relief under H&S 11361.8 for all uncontested convictions, ${court}`,
    author: context.office.officeName,
    creator: 'Clearance',
    date: context.now,
  });
  let motionPages = 0;
  await pdf.append((doc) => {
    motionPages = layoutBulkMotion(doc, rows, context, court, (own) => own + starts.length);
  });
  const total = motionPages + starts.length;
  for (let first = 0; first < starts.length; first += PAGES_PER_BATCH) {
    check();
    await pdf.append((doc) => {
      for (let k = first; k < Math.min(first + PAGES_PER_BATCH, starts.length); k++) {
        const page = doc.addPage(...LANDSCAPE);
        const to = k + 1 < starts.length ? starts[k + 1]! : rows.length;
        table.drawPage(
          page,
          { from: starts[k]!, to, cellsOf },
          { n: motionPages + k + 1, total, continued: k > 0, empty: 'No conviction is listed.' },
        );
      }
    });
  }
  await pdf.finish();
  return { pages: total };
}

/** The notice, motion and proposed order on pleading paper; returns their page count. */
function layoutBulkMotion(
  doc: PdfBuilder,
  rows: readonly CourtDataRow[],
  context: BulkMotionContext,
  court: string,
  totalOf: (ownPages: number) => number,
): number {
  const p = new Pleading(doc, doc.fonts, true);
  p.onNewPage = (page) => {
    page.paragraph('People v. the persons listed in Exhibit A (continued)');
    page.gap(page.single);
  };
  attorneyBlock(p, context.office);
  courtTitle(p, court);
  bulkCaption(p);
  const routes = routesOf(rows);

  p.toNumberedLine();
  p.paragraph(bulkNotice(court), { double: true, indent: INDENT });
  p.paragraph(figures(rows), { double: true, indent: INDENT });
  heading(p, 'STATUTORY BASIS');
  for (const text of BASIS_PARAGRAPHS) p.paragraph(text, { double: true, indent: INDENT });
  signature(p, context.office);

  p.addPage();
  p.paragraph('[PROPOSED] ORDER', { bold: true, align: 'center' });
  p.toNumberedLine();
  p.paragraph(
    'Having read and considered the People’s motion and Exhibit A, and good cause appearing, ' +
      'IT IS ORDERED:',
    { double: true, indent: INDENT },
  );
  BULK_ORDER_PARAGRAPHS(routes).forEach((text, i) =>
    p.paragraph(`${i + 1}. ${text}`, { double: true, indent: INDENT }),
  );
  p.toNumberedLine();
  p.paragraph('IT IS SO ORDERED.', { indent: INDENT });
  judgeSignature(p);
  const own = doc.pages.length;
  p.finish(BULK_FOOTER, totalOf(own));
  return own;
}

/** Rule 2.111: the parties left; case numbers (Exhibit A), title and hearing right. */
function bulkCaption(p: Pleading): void {
  const { top, left } = captionPlaintiff(p);
  p.paragraph('THE PERSONS AND CONVICTIONS LISTED IN EXHIBIT A,', left);
  p.paragraph('Defendants.', { ...left, indent: INDENT * 3 });
  const leftBottom = p.y - 8;

  p.y = top;
  const right = { x: MIDDLE + 12, width: RIGHT - MIDDLE - 12 };
  p.paragraph('Case Nos.: as listed in Exhibit A', right);
  p.gap(p.single / 2);
  p.paragraph(
    'NOTICE OF MOTION AND MOTION FOR RELIEF FOR ALL UNCONTESTED CONVICTIONS; [PROPOSED] ORDER',
    { ...right, bold: true },
  );
  p.paragraph('(Health & Safety Code §§ 11361.8, 11361.9)', right);
  p.gap(p.single / 2);
  for (const label of ['Date:', 'Time:', 'Dept.:']) {
    const baseline = p.nextBaseline();
    p.text(label, { x: right.x, baseline });
    p.line(right.x + 40, baseline - 3, RIGHT, baseline - 3, 0.5);
    p.y -= p.single;
  }
  const bottom = Math.min(leftBottom, p.y - 8);
  p.line(LEFT, leftBottom, MIDDLE, leftBottom);
  p.line(MIDDLE, top, MIDDLE, bottom);
  p.y = bottom - p.single / 2;
}

/** "Exhibit A lists 6 convictions of 4 persons in 3 court cases: ..." */
function figures(rows: readonly CourtDataRow[]): string {
  const cases = new Set(rows.map((r) => r.caseNumber.trim())).size;
  const people = groupMotions(rows, 'person').length;
  const by = (test: (r: CourtDataRow) => boolean) => rows.filter(test).length;
  const dismiss = by((r) => reliefKindOf(r.relief) === 'dismissal');
  const reduce = rows.length - dismiss;
  const serving = by((r) => routeOf(r.statute) === 'b');
  return (
    `Exhibit A lists ${count(rows.length, 'conviction')} of ${count(people, 'person', 'persons')} ` +
    `in ${count(cases, 'court case')}: ${count(dismiss, 'conviction')} for dismissal and ` +
    `sealing and ${count(reduce, 'conviction')} for reduction to a misdemeanor; ` +
    `${count(serving, 'conviction')} with a sentence still being served (subdivision (b)) and ` +
    `${count(rows.length - serving, 'conviction')} with a completed sentence (subdivision (f)).`
  );
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
