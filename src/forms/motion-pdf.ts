import { TextAlignment } from 'pdf-lib';
import type { FormFonts } from './fonts';
import type { FormConviction, FormPerson, Relief } from './model';
import { defaultCourtName, type OfficeSettings } from './office';
import { LEFT, Pleading, pleadingStationery, RIGHT } from './pleading';
import { fieldTable, tableLeadHeight, type FieldCell, type FieldColumn } from './pleading-table';
import { SIZE } from './pleading-text';
import { PdfBuilder } from './pdf/pdf-builder';
import { fontSetFor, type FaceTexts } from './pdf/subset-fonts';

/**
 * One person's "Motion and [Proposed] Order" (H&S 11361.8, 11361.9) on pleading paper. Every
 * value taken from the results or the office settings is a form field, so staff can correct it
 * in any PDF viewer before filing; the fixed wording is page content. `flatten` turns the fields
 * into page content for the final copies.
 */
export interface MotionContext {
  county: string;
  office: OfficeSettings;
  flatten: boolean;
  fonts: FormFonts;
}

export const RELIEF_LABEL: Readonly<Record<Relief, string>> = {
  dismiss: 'Dismiss and seal',
  reduce: 'Reduce to misdemeanor',
};

const FOOTER_TITLE = 'MOTION AND [PROPOSED] ORDER (HEALTH & SAFETY CODE §§ 11361.8, 11361.9)';
const INDENT = 36;
/** The caption's two halves meet here; the clerk's stamp goes right of it above the court. */
const MIDDLE = Math.round((LEFT + RIGHT) / 2);

/** `layout` is layoutMotion but in tests of what happens when one person's papers fail. */
export async function motionPdf(
  person: FormPerson,
  context: MotionContext,
  layout: MotionLayout = layoutMotion,
): Promise<Uint8Array> {
  const fonts = await fontSetFor(context.fonts, motionTexts([person], context));
  const doc = new PdfBuilder(pleadingStationery(fonts));
  layout(doc, person, context);
  return doc.save({
    title: `Motion and [Proposed] Order: People v. ${titleName(person.name)}`,
    author: context.office.officeName,
    creator: 'Clearance',
  });
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
export function motionTexts(people: readonly FormPerson[], context: MotionContext): FaceTexts {
  const office = Object.values(context.office).filter((v): v is string => typeof v === 'string');
  return {
    regular: [
      ...office,
      ...people.flatMap((p) => [
        p.name,
        p.dob,
        p.cii,
        ...p.caseNumbers,
        ...p.convictions.flatMap((c) => [c.date, c.codeSection, c.caseNumber, c.reason]),
      ]),
    ],
    bold: [courtNameOf(context).toUpperCase()],
  };
}

const courtNameOf = (context: MotionContext) =>
  context.office.courtName ?? defaultCourtName(context.county);

export type MotionLayout = (doc: PdfBuilder, person: FormPerson, context: MotionContext) => void;

/** Lays one person's motion out on `doc`'s pages, which must have a font set covering it. */
export function layoutMotion(doc: PdfBuilder, person: FormPerson, context: MotionContext): void {
  const p = new Pleading(doc, doc.fonts, context.flatten);
  p.onNewPage = (page) => continuationHeader(page, person.name);
  const relieved = person.convictions.filter((c) => c.relief !== null);
  const kinds = reliefKinds(relieved);

  attorneyBlock(p, context.office);
  courtTitle(p, courtNameOf(context));
  caption(p, person, kinds);
  motionText(p, relieved, kinds);
  signature(p, context.office);
  order(p);
  p.finish(FOOTER_TITLE);
}

function reliefKinds(convictions: FormConviction[]): Relief[] {
  return (['dismiss', 'reduce'] as const).filter((k) => convictions.some((c) => c.relief === k));
}

/** Writes "label value" on one line (the value a field that may wrap); moves below it. */
function labelled(
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
function attorneyBlock(p: Pleading, office: OfficeSettings): void {
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
function courtTitle(p: Pleading, courtName: string): void {
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

function motionTitle(kinds: Relief[]): string {
  const reduce = kinds.length === 1 ? 'REDUCE TO MISDEMEANOR' : 'REDUCE';
  const what = kinds.map((k) => (k === 'dismiss' ? 'DISMISS AND SEAL' : reduce)).join(' / ');
  return `MOTION AND [PROPOSED] ORDER TO ${what}`;
}

/** Lines kept free under the case numbers: the title, and the first lines of the motion. */
const CAPTION_KEEP = 10;

/** Rule 2.111(4)-(6): the parties on the left; case numbers and the paper's title on the right. */
function caption(p: Pleading, person: FormPerson, kinds: Relief[]): void {
  p.toNumberedLine();
  const top = p.y;
  const left = { x: LEFT, width: MIDDLE - 12 - LEFT };
  p.paragraph('THE PEOPLE OF THE STATE OF CALIFORNIA,', left);
  p.paragraph('Plaintiff,', { ...left, indent: INDENT * 3 });
  p.gap(p.single / 2);
  p.paragraph('v.', { ...left, indent: INDENT });
  p.gap(p.single / 2);
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
  labelled(p, 'Case No(s).:', 'case.numbers', cases, { x: right.x, right: RIGHT, maxHeight });
  p.gap(p.single);
  p.paragraph(motionTitle(kinds), { ...right, bold: true });
  p.paragraph('(Health & Safety Code §§ 11361.8, 11361.9)', right);
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
function heading(p: Pleading, text: string, keep = p.single * 2): void {
  // Clear of a table's bottom rule.
  p.gap(6);
  p.toNumberedLine();
  if (p.ensure(p.single + keep)) p.toNumberedLine();
  p.paragraph(text, { bold: true });
}

function motionText(p: Pleading, relieved: FormConviction[], kinds: Relief[]): void {
  p.toNumberedLine();
  p.paragraph(
    'The People of the State of California move the Court, under Health and Safety Code ' +
      'sections 11361.8 and 11361.9, for an order granting the relief stated below for each ' +
      "of the defendant's convictions listed in this motion.",
    { double: true, indent: INDENT },
  );
  convictionTable(p, relieved);
  heading(p, 'II. RELIEF REQUESTED');
  for (const kind of kinds) p.paragraph(RELIEF_TEXT[kind], { double: true, indent: INDENT });
  heading(p, 'III. STATUTORY BASIS');
  for (const text of BASIS_TEXT) p.paragraph(text, { double: true, indent: INDENT });
}

const RELIEF_TEXT: Readonly<Record<Relief, string>> = {
  dismiss:
    `For each conviction marked “${RELIEF_LABEL.dismiss},” the People ask the Court to recall ` +
    'or dismiss any sentence still being served and to dismiss and seal the conviction as ' +
    'legally invalid under the Control, Regulate and Tax Adult Use of Marijuana Act ' +
    '(Health & Saf. Code, § 11361.8, subds. (b), (f)).',
  reduce:
    `For each felony conviction marked “${RELIEF_LABEL.reduce},” the People ask the Court to ` +
    'recall any sentence still being served and resentence the defendant, and to redesignate ' +
    'the conviction as a misdemeanor (Health & Saf. Code, § 11361.8, subds. (b), (f)).',
};

const BASIS_TEXT = [
  'The Department of Justice reviewed the records in the state summary criminal history ' +
    'information database, identified each conviction listed above as potentially eligible for ' +
    'recall or dismissal of sentence, dismissal and sealing, or redesignation under Health and ' +
    'Safety Code section 11361.8, and notified the People (Health & Saf. Code, § 11361.9, ' +
    'subd. (a)).',
  'The People have reviewed each of these convictions and do not challenge the relief ' +
    'requested. When the prosecution does not challenge the recall or dismissal of sentence, ' +
    'dismissal and sealing, or redesignation, the court shall reduce or dismiss the conviction ' +
    'pursuant to section 11361.8 (Health & Saf. Code, § 11361.9).',
];

const TABLE_COLUMNS: FieldColumn[] = [
  { header: 'Date of Conviction', width: 68 },
  { header: 'Code Section', width: 84 },
  { header: 'Level', width: 58 },
  { header: 'Case No(s).', width: 84 },
  { header: 'Relief Requested', width: 76 },
  { header: 'Reason', width: RIGHT - LEFT - 370 },
];

function convictionTable(p: Pleading, convictions: FormConviction[]): void {
  const rows = convictions.map((c, i): FieldCell[] => {
    const name = (key: string) => `conviction.${i + 1}.${key}`;
    return [
      { name: name('date'), value: c.date },
      {
        name: name('codeSection'),
        value: c.counts > 1 ? `${c.codeSection} x${c.counts}` : c.codeSection,
      },
      // The results only say whether a conviction is a felony; the rest may be infractions.
      { name: name('level'), value: c.felony ? 'Felony' : 'Misd./Infr.' },
      { name: name('caseNumber'), value: c.caseNumber },
      { name: name('relief'), value: c.relief ? RELIEF_LABEL[c.relief] : '' },
      { name: name('reason'), value: c.reason },
    ];
  });
  const gap = p.single / 2;
  heading(p, 'I. CONVICTIONS', gap + tableLeadHeight(p, TABLE_COLUMNS, rows));
  p.gap(gap);
  fieldTable(p, TABLE_COLUMNS, rows);
}

/** Date line, and the attorney's signature on the right. */
function signature(p: Pleading, office: OfficeSettings): void {
  // One blank numbered line under the text.
  p.gap(p.single);
  p.toNumberedLine();
  p.ensure(p.single * 8);
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

/** The proposed order: the judge ticks a box, dates and signs. */
function order(p: Pleading): void {
  p.toNumberedLine();
  p.ensure(ORDER_HEIGHT);
  p.paragraph('[PROPOSED] ORDER', { bold: true, align: 'center' });
  p.toNumberedLine();
  p.paragraph(
    "Having read and considered the People's motion, and good cause appearing, the Court rules " +
      'on the motion as follows:',
    { double: true, indent: INDENT },
  );
  choice(
    p,
    'order.granted',
    'GRANTED. Each conviction listed in the motion is dismissed and sealed, or redesignated ' +
      'as a misdemeanor, as the motion requests (Health & Saf. Code, § 11361.8).',
  );
  choice(p, 'order.denied', 'DENIED.');
  choice(p, 'order.modified', 'MODIFIED as follows:');
  modification(p);
  p.toNumberedLine();
  p.paragraph('IT IS SO ORDERED.', { indent: INDENT });
  judgeSignature(p);
}

function choice(p: Pleading, name: string, text: string): void {
  p.toNumberedLine();
  const box = LEFT + INDENT;
  p.checkBox(name, box, p.nextBaseline());
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

function judgeSignature(p: Pleading): void {
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
