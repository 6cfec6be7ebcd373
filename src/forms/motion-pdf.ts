import { TextAlignment } from 'pdf-lib';
import type { FormFonts } from './fonts';
import type { CourtDataRow } from './filing-rows';
import {
  BASIS_PARAGRAPHS,
  motionOpening,
  ORDER_DENIED,
  ORDER_INTRO,
  orderGranted,
  reliefKindOf,
  reliefLabel,
  reliefParagraph,
  routeCell,
  routeOf,
} from './legal-wording';
import { reliefsOf, routesOf, type MotionGroup } from './model';
import { defaultCourtName, type OfficeSettings } from './office';
import { LEFT, Pleading, pleadingStationery, RIGHT } from './pleading';
import { fieldTable, tableLeadHeight, type FieldCell, type FieldColumn } from './pleading-table';
import { SIZE } from './pleading-text';
import { PdfBuilder } from './pdf/pdf-builder';
import { fontSetFor, type FaceTexts } from './pdf/subset-fonts';

/**
 * One "Motion and [Proposed] Order" (H&S 11361.8, 11361.9) on pleading paper, for one court case
 * of one person (or, --per=person, all of a person's granted convictions): rows of court-data.csv
 * only, each with its own case number and its own route of relief. Every value taken from the
 * data or the office settings is a form field, so staff can correct it in any PDF viewer before
 * filing; the fixed wording (legal-wording.ts) is page content. `flatten` turns the fields into
 * page content for the final copies.
 */
export interface MotionContext {
  county: string;
  office: OfficeSettings;
  flatten: boolean;
  fonts: FormFonts;
}

const FOOTER_TITLE = 'MOTION AND [PROPOSED] ORDER (HEALTH & SAFETY CODE §§ 11361.8, 11361.9)';
export const INDENT = 36;
/** The caption's two halves meet here; the clerk's stamp goes right of it above the court. */
export const MIDDLE = Math.round((LEFT + RIGHT) / 2);

/** `layout` is layoutMotion but in tests of what happens when one motion's papers fail. */
export async function motionPdf(
  person: MotionGroup,
  context: MotionContext,
  layout: MotionLayout = layoutMotion,
): Promise<Uint8Array> {
  const fonts = await fontSetFor(context.fonts, motionTexts([person], context));
  const doc = new PdfBuilder(pleadingStationery(fonts));
  layout(doc, person, context);
  return doc.save({
    title: motionTitleOf(person),
    author: context.office.officeName,
    creator: 'Clearance',
  });
}

/** The document's title: the case number(s) and the name. */
export function motionTitleOf(group: MotionGroup): string {
  const cases = group.caseNumbers.join(', ');
  return `Motion and [Proposed] Order, ${titleName(cases)}: People v. ${titleName(group.name)}`;
}

/** The name as the document's title gives it: a viewer's title bar has no room for more. */
const TITLE_NAME_LENGTH = 200;
function titleName(name: string): string {
  const characters = [...name.replace(/\s+/g, ' ')];
  return characters.length <= TITLE_NAME_LENGTH
    ? characters.join('')
    : `${characters.slice(0, TITLE_NAME_LENGTH).join('')}...`;
}

/**
 * Every value the motions of these people print besides the fixed wording (which the base font
 * set covers), by face: what their font set must hold.
 */
export function motionTexts(people: readonly MotionGroup[], context: MotionContext): FaceTexts {
  const office = Object.values(context.office).filter((v): v is string => typeof v === 'string');
  return {
    regular: [
      ...office,
      ...people.flatMap((p) => [
        p.name,
        p.dob,
        p.cii,
        ...p.caseNumbers,
        ...p.rows.flatMap((c) => [c.date, c.codeSection, c.caseNumber, c.level]),
      ]),
    ],
    bold: [courtNameOf(context).toUpperCase()],
  };
}

export const courtNameOf = (context: Pick<MotionContext, 'office' | 'county'>) =>
  context.office.courtName ?? defaultCourtName(context.county);

export type MotionLayout = (doc: PdfBuilder, group: MotionGroup, context: MotionContext) => void;

/** Lays one motion out on `doc`'s pages, which must have a font set covering it. */
export function layoutMotion(doc: PdfBuilder, group: MotionGroup, context: MotionContext): void {
  const p = new Pleading(doc, doc.fonts, context.flatten);
  p.onNewPage = (page) => continuationHeader(page, group.name);

  attorneyBlock(p, context.office);
  courtTitle(p, courtNameOf(context));
  caption(p, group);
  motionText(p, group.rows);
  signature(p, context.office);
  order(p, group.rows);
  p.finish(FOOTER_TITLE);
}

/** Writes "label value" on one line (the value a field that may wrap); moves below it. */
export function labelled(
  p: Pleading,
  label: string,
  name: string,
  value: string,
  at: { x?: number; right?: number; maxHeight?: number } = {},
): void {
  const { x = LEFT, right = MIDDLE - 12, maxHeight } = at;
  const baseline = p.nextBaseline();
  const labelWidth = label === '' ? 0 : p.fonts.regular.widthOfTextAtSize(`${label} `, SIZE);
  if (label !== '') p.text(label, { x, baseline });
  const width = right - x - labelWidth;
  p.y = p.field({ name, value, x: x + labelWidth, width, baseline, maxHeight });
}

/** Rule 2.111(1): counsel's name, bar number, address, phone and email from line 1. */
export function attorneyBlock(p: Pleading, office: OfficeSettings): void {
  labelled(p, '', 'attorney.name', office.attorneyName);
  labelled(p, 'State Bar No.', 'attorney.barNumber', office.barNumber);
  labelled(p, '', 'office.name', office.officeName);
  labelled(p, '', 'office.address', office.address);
  labelled(p, 'Telephone:', 'office.phone', office.phone);
  labelled(p, 'Email:', 'office.email', office.email);
  p.gap(p.single / 2);
  p.paragraph('Attorneys for Plaintiff, the People of the State of California', {
    width: MIDDLE - 12 - LEFT,
  });
}

/** Rule 2.111(3): the court's name on line 8 or below, centred. */
export function courtTitle(p: Pleading, courtName: string): void {
  p.toLine(8);
  const baseline = p.nextBaseline();
  p.y = p.field({
    name: 'court.name',
    value: courtName.toUpperCase(),
    x: LEFT,
    width: RIGHT - LEFT,
    baseline,
    font: p.fonts.bold,
    align: TextAlignment.Center,
  });
}

/** The paper's title in the caption: what the rows ask for, each kind once. */
function motionTitle(rows: readonly CourtDataRow[]): string {
  const what = [...new Set(reliefsOf(rows).map((r) => reliefLabel(r.route, r.kind)))];
  return `MOTION AND [PROPOSED] ORDER: ${what.join('; ').toUpperCase()}`;
}

/** "(Health & Safety Code §§ 11361.8(f), 11361.9)": the subdivisions the rows need, only. */
function statuteLine(rows: readonly CourtDataRow[]): string {
  const routes = routesOf(rows);
  const subds = routes.map((r) => `(${r})`).join(', ');
  return `(Health & Safety Code §§ 11361.8, ${routes.length === 1 ? 'subd.' : 'subds.'} ${subds}; 11361.9)`;
}

/** Lines kept free under the case numbers: the title, and the first lines of the motion. */
const CAPTION_KEEP = 10;

/**
 * The left of every caption's first lines (Rule 2.111(4)): the People as plaintiff, then "v.";
 * returns where the caption began, for its right half, and the left column the defendants follow in.
 */
export function captionPlaintiff(p: Pleading): { top: number; left: { x: number; width: number } } {
  p.toNumberedLine();
  const top = p.y;
  const left = { x: LEFT, width: MIDDLE - 12 - LEFT };
  p.paragraph('THE PEOPLE OF THE STATE OF CALIFORNIA,', left);
  p.paragraph('Plaintiff,', { ...left, indent: INDENT * 3 });
  p.gap(p.single / 2);
  p.paragraph('v.', { ...left, indent: INDENT });
  p.gap(p.single / 2);
  return { top, left };
}

/** Rule 2.111(4)-(6): the parties on the left; case numbers and the paper's title on the right. */
function caption(p: Pleading, person: MotionGroup): void {
  const { top, left } = captionPlaintiff(p);
  labelled(p, '', 'defendant.name', person.name);
  p.paragraph('Defendant.', { ...left, indent: INDENT * 3 });
  p.gap(p.single / 2);
  labelled(p, 'Date of Birth:', 'defendant.dob', person.dob);
  labelled(p, 'CII No.:', 'defendant.cii', person.cii);
  const leftBottom = p.y - 8;

  p.y = top;
  const right = { x: MIDDLE + 12, width: RIGHT - MIDDLE - 12 };
  // A long list shrinks rather than push the title and the motion off the first page.
  const maxHeight = Math.max(2 * p.single, p.room - CAPTION_KEEP * p.single);
  const cases = person.caseNumbers.join('; ');
  const label = person.caseNumbers.length === 1 ? 'Case No.:' : 'Case Nos.:';
  labelled(p, label, 'case.numbers', cases, { x: right.x, right: RIGHT, maxHeight });
  p.gap(p.single);
  p.paragraph(motionTitle(person.rows), { ...right, bold: true });
  p.paragraph(statuteLine(person.rows), right);
  const bottom = Math.min(leftBottom, p.y - 8);

  p.line(LEFT, leftBottom, MIDDLE, leftBottom);
  p.line(MIDDLE, top, MIDDLE, bottom);
  p.y = bottom - p.single / 2;
}

/** Pages 2 and on: who the paper is about, so a loose page can be put back. */
function continuationHeader(p: Pleading, name: string): void {
  const baseline = p.nextBaseline();
  const label = 'People v.';
  const x = LEFT + p.fonts.regular.widthOfTextAtSize(`${label} `, SIZE);
  p.text(label, { x: LEFT, baseline });
  p.text('(continued)', { x: LEFT, baseline, width: RIGHT - LEFT, align: 'right' });
  const width = RIGHT - 80 - x;
  p.y = p.field({ name: 'defendant.name', value: name, x, width, baseline }) - 4;
  p.line(LEFT, p.y, RIGHT, p.y, 0.5);
  p.gap(p.single);
}

/** A bold heading on a numbered line, kept on one page with the `keep` points that follow it. */
export function heading(p: Pleading, text: string, keep = p.single * 2): void {
  // Clear of a table's bottom rule.
  p.gap(6);
  p.toNumberedLine();
  if (p.ensure(p.single + keep)) p.toNumberedLine();
  p.paragraph(text, { bold: true });
}

function motionText(p: Pleading, rows: readonly CourtDataRow[]): void {
  p.toNumberedLine();
  p.paragraph(motionOpening(), { double: true, indent: INDENT });
  convictionTable(p, rows);
  heading(p, 'II. RELIEF REQUESTED');
  for (const { route, kind } of reliefsOf(rows)) {
    p.paragraph(reliefParagraph(route, kind), { double: true, indent: INDENT });
  }
  heading(p, 'III. STATUTORY BASIS');
  for (const text of BASIS_PARAGRAPHS) p.paragraph(text, { double: true, indent: INDENT });
}

const TABLE_COLUMNS: FieldColumn[] = [
  { header: 'Case No.', width: 76 },
  { header: 'Date of Conviction', width: 66 },
  { header: 'Code Section', width: 78 },
  { header: 'Level', width: 70 },
  { header: 'Relief Requested', width: 108 },
  { header: 'Statute', width: RIGHT - LEFT - 398 },
];

function convictionTable(p: Pleading, convictions: readonly CourtDataRow[]): void {
  const rows = convictions.map((c, i): FieldCell[] => {
    const name = (key: string) => `conviction.${i + 1}.${key}`;
    const route = routeOf(c.statute);
    return [
      { name: name('caseNumber'), value: c.caseNumber },
      { name: name('date'), value: c.date },
      { name: name('codeSection'), value: c.codeSection },
      { name: name('level'), value: c.level },
      { name: name('relief'), value: reliefLabel(route, reliefKindOf(c.relief)) },
      { name: name('statute'), value: routeCell(route) },
    ];
  });
  const gap = p.single / 2;
  heading(p, 'I. CONVICTIONS', gap + tableLeadHeight(p, TABLE_COLUMNS, rows));
  p.gap(gap);
  fieldTable(p, TABLE_COLUMNS, rows);
}

/** Date line, and the attorney's signature on the right. */
export function signature(p: Pleading, office: OfficeSettings): void {
  // One blank numbered line under the text.
  p.gap(p.single);
  p.toNumberedLine();
  // The block is six single lines; one more keeps it off the footer.
  p.ensure(p.single * 7);
  const baseline = p.nextBaseline();
  const right = { x: MIDDLE + 12, width: RIGHT - MIDDLE - 12 };
  p.text('Dated:', { x: LEFT, baseline });
  const dateX = LEFT + 40;
  p.field({
    name: 'filing.date',
    value: usDate(office.filingDate),
    x: dateX,
    width: 130,
    baseline,
  });
  p.line(dateX, baseline - 3, dateX + 130, baseline - 3, 0.5);
  p.text('Respectfully submitted,', { x: right.x, baseline });
  p.y -= p.single;
  labelled(p, '', 'office.name', office.officeName, { x: right.x, right: RIGHT });
  p.gap(p.single * 2);
  p.line(right.x, p.y, RIGHT, p.y, 0.5);
  labelled(p, '', 'attorney.name', office.attorneyName, { x: right.x, right: RIGHT });
  p.paragraph('Attorney for the People', right);
}

/** "2026-03-02" -> "03/02/2026"; blank leaves the line for a hand-written date. */
function usDate(iso: string | undefined): string {
  return iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '';
}

const ORDER_HEIGHT = 330;

/**
 * The proposed order: the judge chooses GRANTED or DENIED (one radio group, "order.ruling", so a
 * viewer cannot tick both), may add further orders, dates and signs.
 */
function order(p: Pleading, rows: readonly CourtDataRow[]): void {
  p.toNumberedLine();
  p.ensure(ORDER_HEIGHT);
  p.paragraph('[PROPOSED] ORDER', { bold: true, align: 'center' });
  p.toNumberedLine();
  p.paragraph(ORDER_INTRO, { double: true, indent: INDENT });
  choice(p, 'granted', orderGranted(routesOf(rows)));
  choice(p, 'denied', ORDER_DENIED);
  p.toNumberedLine();
  p.paragraph('Further orders, if any:', { x: LEFT + INDENT, width: RIGHT - LEFT - INDENT });
  modification(p);
  p.toNumberedLine();
  p.paragraph('IT IS SO ORDERED.', { indent: INDENT });
  judgeSignature(p);
}

export const RULING_FIELD = 'order.ruling';

function choice(p: Pleading, option: string, text: string): void {
  p.toNumberedLine();
  const box = LEFT + INDENT;
  p.radioButton(RULING_FIELD, option, box, p.nextBaseline());
  p.paragraph(text, { x: box + 18, width: RIGHT - box - 18 });
}

/** Two ruled lines for the judge's modification; also a field for typing it. */
function modification(p: Pleading): void {
  const x = LEFT + INDENT + 18;
  p.toNumberedLine();
  const baseline = p.nextBaseline();
  const pitch = 24;
  for (let i = 0; i < 2; i++)
    p.line(x, baseline - 3 - i * pitch, RIGHT, baseline - 3 - i * pitch, 0.5);
  p.field({ name: 'order.modification', value: '', x, width: RIGHT - x, baseline });
  p.y = baseline - pitch - 4;
}

export function judgeSignature(p: Pleading): void {
  p.toNumberedLine();
  p.gap(p.single);
  p.toNumberedLine();
  const baseline = p.nextBaseline();
  const right = MIDDLE + 12;
  p.text('Dated:', { x: LEFT, baseline });
  const dateX = LEFT + 40;
  p.field({ name: 'order.date', value: '', x: dateX, width: 130, baseline });
  p.line(dateX, baseline - 3, dateX + 130, baseline - 3, 0.5);
  p.line(right, baseline - 3, RIGHT, baseline - 3, 0.5);
  p.y = baseline - 4;
  p.paragraph('Judge of the Superior Court', { x: right, width: RIGHT - right });
}
