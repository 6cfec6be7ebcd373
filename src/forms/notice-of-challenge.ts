import { AttachmentTable, LANDSCAPE, type AttachmentSpec } from './attachment-table';
import { CombinedPdf } from './combined-pdf';
import type { FormFonts } from './fonts';
import type { ChallengeRow } from './filing-rows';
import {
  CHALLENGE_DEFENDER_PARAGRAPH,
  challengeNotice,
  PERJURY_DECLARATION,
  proofOfService as proofOfServiceText,
} from './legal-wording';
import {
  attorneyBlock,
  captionPlaintiff,
  courtNameOf,
  courtTitle,
  INDENT,
  MIDDLE,
  signature,
} from './motion-pdf';
import type { OfficeSettings } from './office';
import { LayoutError, LEFT, Pleading, pleadingStationery, RIGHT } from './pleading';
import { fontSetFor } from './pdf/subset-fonts';
import type { WriteChunk } from './zip-stream';

/**
 * notice-of-challenge.pdf: the People's notice to the court AND the public defender of every
 * conviction they challenge (H&S 11361.9), Attachment A listing each one with its ground, and a
 * proof-of-service page the office completes by hand when it serves the public defender.
 *
 * When nothing is challenged the notice is still made, saying the People challenge none: the
 * statute asks the prosecution to inform the court and the public defender, and a filed "none"
 * shows the review was done and closes the public defender's file, where a missing paper would
 * look like a step left out.
 */
export interface NoticeContext {
  county: string;
  office: OfficeSettings;
  fonts: FormFonts;
  now: Date;
}

export const NOTICE_FOOTER = 'NOTICE OF CHALLENGE (HEALTH & SAFETY CODE § 11361.9)';

const ATTACHMENT_COLUMNS = [
  { header: 'Court Case Number', weight: 1.1 },
  { header: 'Court', weight: 1.3 },
  { header: 'Name', weight: 1.6 },
  { header: 'Date of Birth', weight: 0.8 },
  { header: 'CII Number', weight: 0.9 },
  { header: 'Code Section', weight: 0.95 },
  { header: 'Date of Conviction', weight: 0.85 },
  { header: 'Ground', weight: 1.4 },
  { header: 'Note', weight: 1.6 },
] as const;

export async function writeNoticeOfChallenge(
  rows: readonly ChallengeRow[],
  context: NoticeContext,
  write: WriteChunk,
): Promise<{ pages: number }> {
  const court = courtNameOf(context);
  const cells = (r: ChallengeRow) => [
    r.caseNumber.trim() === '' ? '(none on record)' : r.caseNumber,
    court,
    r.name,
    r.dob,
    r.cii,
    r.codeSection,
    r.date,
    r.ground,
    r.note,
  ];
  const office = Object.values(context.office).filter((v): v is string => typeof v === 'string');
  const fonts = await fontSetFor(context.fonts, {
    regular: [...office, court, ...rows.flatMap(cells)],
    bold: [court.toUpperCase()],
  });
  const stationery = pleadingStationery(fonts);
  const spec: AttachmentSpec = {
    title: 'ATTACHMENT A',
    subtitle: `Convictions the People challenge, each with its ground (${rows.length.toLocaleString('en-US')}; the same rows as challenges.csv)`,
    columns: ATTACHMENT_COLUMNS,
    footerTitle: NOTICE_FOOTER,
  };
  const table = new AttachmentTable(spec, fonts);
  const cellsOf = (i: number) => cells(rows[i]!);
  const starts = rows.length > 0 ? table.paginate(rows.length, cellsOf) : [];

  const pdf = await CombinedPdf.start(write, stationery, {
    title: `Notice of challenge under H&S 11361.9, ${court}`,
    author: context.office.officeName,
    creator: 'Clearance',
    date: context.now,
  });
  let noticePages = 0;
  // The proof of service is one page (checked when it is laid out).
  const totalOf = (notice: number) => notice + starts.length + 1;
  await pdf.append((doc) => {
    const p = new Pleading(doc, doc.fonts, true);
    p.onNewPage = continued;
    attorneyBlock(p, context.office);
    courtTitle(p, court);
    caption(p, 'NOTICE OF CHALLENGE', rows.length > 0);
    p.toNumberedLine();
    p.paragraph(challengeNotice(court, rows.length), { double: true, indent: INDENT });
    if (rows.length > 0) {
      const n = rows.length.toLocaleString('en-US');
      p.paragraph(
        `Attachment A lists the ${n} challenged ${rows.length === 1 ? 'conviction' : 'convictions'} with the ground of each.`,
        { double: true, indent: INDENT },
      );
      p.paragraph(CHALLENGE_DEFENDER_PARAGRAPH, { double: true, indent: INDENT });
    }
    signature(p, context.office);
    noticePages = doc.pages.length;
    p.finish(NOTICE_FOOTER, totalOf(noticePages));
  });
  const total = totalOf(noticePages);
  for (let k = 0; k < starts.length; k++) {
    await pdf.append((doc) => {
      const to = k + 1 < starts.length ? starts[k + 1]! : rows.length;
      table.drawPage(
        doc.addPage(...LANDSCAPE),
        { from: starts[k]!, to, cellsOf },
        { n: noticePages + k + 1, total, continued: k > 0 },
      );
    });
  }
  await pdf.append((doc) => {
    const p = new Pleading(doc, doc.fonts, true);
    proofOfService(p, court, context.county, rows.length > 0);
    if (doc.pages.length !== 1)
      throw new LayoutError('the proof of service takes more than a page');
    p.finish(NOTICE_FOOTER, total, total);
  });
  await pdf.finish();
  return { pages: total };
}

function continued(p: Pleading): void {
  p.paragraph('People v. the persons listed in Attachment A (continued)');
  p.gap(p.single);
}

/** Rule 2.111: the parties left; case numbers (Attachment A) and the paper's title right. */
function caption(p: Pleading, title: string, attachment: boolean): void {
  const { top, left } = captionPlaintiff(p);
  p.paragraph(
    attachment
      ? 'THE PERSONS WHOSE CONVICTIONS ARE LISTED IN ATTACHMENT A,'
      : 'THE PERSONS WHOSE CONVICTIONS THE DEPARTMENT OF JUSTICE IDENTIFIED,',
    left,
  );
  p.paragraph('Defendants.', { ...left, indent: INDENT * 3 });
  const leftBottom = p.y - 8;
  p.y = top;
  const right = { x: MIDDLE + 12, width: RIGHT - MIDDLE - 12 };
  p.paragraph(attachment ? 'Case Nos.: as listed in Attachment A' : 'Case Nos.: none', right);
  p.gap(p.single / 2);
  p.paragraph(title, { ...right, bold: true });
  p.paragraph('(Health & Safety Code § 11361.9)', right);
  const bottom = Math.min(leftBottom, p.y - 8);
  p.line(LEFT, leftBottom, MIDDLE, leftBottom);
  p.line(MIDDLE, top, MIDDLE, bottom);
  p.y = bottom - p.single / 2;
}

/** The proof of service on the public defender, completed by hand: one page. */
function proofOfService(p: Pleading, court: string, county: string, attachment: boolean): void {
  p.paragraph(court.toUpperCase(), { bold: true, align: 'center' });
  p.paragraph(
    attachment
      ? 'People v. the persons listed in Attachment A'
      : 'People v. the persons whose convictions the Department of Justice identified',
    { align: 'center' },
  );
  p.toNumberedLine();
  p.paragraph('PROOF OF SERVICE ON THE PUBLIC DEFENDER', { bold: true, align: 'center' });
  p.toNumberedLine();
  p.paragraph(proofOfServiceText(attachment), { double: true, indent: INDENT });
  const blank = (label: string, x = LEFT) => {
    p.toNumberedLine();
    const baseline = p.nextBaseline();
    p.text(label, { x, baseline });
    const from = x + p.fonts.regular.widthOfTextAtSize(`${label} `, 12);
    p.line(from, baseline - 3, RIGHT, baseline - 3, 0.5);
    p.y -= p.single;
  };
  blank(`Served on: Public Defender, County of ${titleCase(county)}, at`);
  blank('');
  const box = (label: string) => {
    p.toNumberedLine();
    const baseline = p.nextBaseline();
    p.checkBox('', LEFT + INDENT, baseline);
    p.text(label, { x: LEFT + INDENT + 18, baseline });
    p.y -= p.single;
  };
  p.toNumberedLine();
  p.paragraph('Method of service:', {});
  box('Personal delivery');
  box('First-class mail, postage prepaid, to the address above');
  box('Electronic service, to the address the Public Defender designated');
  box('Other:');
  blank('Date of service:');
  blank('Place of service:');
  p.toNumberedLine();
  p.paragraph(PERJURY_DECLARATION, { double: true, indent: INDENT });
  blank('Name of person serving:');
  p.gap(p.single);
  blank('Signature:');
}

function titleCase(county: string): string {
  return county
    .trim()
    .toLowerCase()
    .replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}
