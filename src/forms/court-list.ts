import { PDFDocument } from 'pdf-lib';
import { embedFormFonts, type FormFonts } from './fonts';
import { needsMotion, type FormConviction, type FormPerson } from './model';
import { RELIEF_LABEL } from './motion-pdf';
import { defaultCourtName, type OfficeSettings } from './office';
import {
  drawTable,
  LETTER_LANDSCAPE,
  numberPages,
  PageFlow,
  setMetadata,
  type Fonts,
  type TableColumn,
} from './report-layout';

/**
 * The court list: one line per person who gets a motion, sent to the court and the public
 * defender with the motions. Written as CSV (for the court's systems) and as a PDF table (for
 * reading and filing). Both come from the same rows, so they never disagree.
 */
export const COURT_LIST_COLUMNS = [
  'Name',
  'Date of Birth',
  'CII Number',
  'Court Case Number(s)',
  'Code Section(s)',
  'Relief Requested',
  'Reason',
] as const;

/** The seven cells for one person, or null when the person gets no motion. */
export function courtListRow(person: FormPerson): string[] | null {
  if (!needsMotion(person)) return null;
  const relieved = person.convictions.filter((c) => c.relief !== null);
  // A conviction's "Case Number" may list several ("140192; 140193"); each is named once.
  const caseNumbers = distinct(
    relieved.flatMap((c) => c.caseNumber.split(';').map((n) => n.trim())),
  );
  const kinds = distinct(relieved.map((c) => c.relief!));
  const relief =
    kinds.length === 1
      ? RELIEF_LABEL[kinds[0]!]
      : // Mixed: say which sections each kind of relief is for, so the line stands on its own.
        kinds
          .map((k) => `${RELIEF_LABEL[k]} (${sectionList(relieved.filter((c) => c.relief === k))})`)
          .join('; ');
  return [
    person.name,
    person.dob,
    person.cii,
    (caseNumbers.length > 0 ? caseNumbers : person.caseNumbers).join('; '),
    sectionList(relieved),
    relief,
    distinct(relieved.map((c) => c.reason.trim())).join('; '),
  ];
}

/** "11357 HS; 11359 HS x2": each code section once, with how many counts it stands for. */
function sectionList(convictions: FormConviction[]): string {
  const counts = new Map<string, number>();
  for (const c of convictions) {
    const key = c.codeSection.trim() || c.section;
    counts.set(key, (counts.get(key) ?? 0) + Math.max(1, c.counts));
  }
  return [...counts].map(([s, n]) => (n > 1 ? `${s} x${n}` : s)).join('; ');
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)].filter((v) => v !== '');
}

// --- CSV --------------------------------------------------------------------------------------

/**
 * The engine's cell rule (src/engine/csv-format.ts, README "Spreadsheet formulas"), the same
 * regular expressions in TypeScript: a cell a spreadsheet would run as a formula gets a leading
 * apostrophe, except ordinary DOJ values (plain numbers, runs of dashes, text starting with a
 * space, letter or digit); quoting as Go's encoding/csv.
 */
export function csvCell(value: string): string {
  const neutral =
    /^[\t\r]*[=+\-@]/.test(value) && !/^(?:[+-]?[0-9]*\.?[0-9]+|-+)$/.test(value)
      ? `'${value}`
      : value;
  return /^[ \t]|[,"\r\n]/.test(neutral) || neutral === '\\.'
    ? `"${neutral.replaceAll('"', '""')}"`
    : neutral;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** The header, then one line per person with a motion; joined with "\n" like the engine's files. */
export function* courtListCsvLines(people: Iterable<FormPerson>): Generator<string> {
  yield csvLine(COURT_LIST_COLUMNS);
  for (const person of people) {
    const row = courtListRow(person);
    if (row) yield csvLine(row);
  }
}

// --- The court list as a PDF -----------------------------------------------------------------

const PDF_COLUMNS: TableColumn[] = [
  { header: 'Name', weight: 1.5 },
  { header: 'Date of Birth', weight: 0.75 },
  { header: 'CII Number', weight: 0.85 },
  { header: 'Court Case Number(s)', weight: 1.25 },
  { header: 'Code Section(s)', weight: 1.15 },
  { header: 'Relief Requested', weight: 1.25 },
  { header: 'Reason', weight: 1.9 },
];

export interface CourtListPdfOptions {
  fonts: Fonts;
  /** Heading lines, e.g. the court's and the office's names. */
  title: string;
  subtitle: string;
}

/** Draws the court list into `doc` (landscape Letter); returns the number of persons listed. */
export function drawCourtList(
  doc: PDFDocument,
  people: Iterable<FormPerson>,
  opts: CourtListPdfOptions,
): number {
  const flow = new PageFlow(doc, LETTER_LANDSCAPE, opts.fonts);
  flow.paragraph(opts.title, { size: 14, bold: true, gap: 2 });
  flow.paragraph(opts.subtitle, { size: 10, gap: 10 });
  let count = 0;
  function* rows(): Generator<string[]> {
    for (const person of people) {
      const row = courtListRow(person);
      if (row) {
        count += 1;
        yield row;
      }
    }
  }
  drawTable(flow, PDF_COLUMNS, rows());
  if (count === 0) flow.paragraph('No person in this run is eligible for a motion.');
  flow.flush();
  numberPages(doc, opts.fonts.regular, opts.title);
  return count;
}

/** The court list PDF for these people (those without a motion are left out). */
export async function courtListPdf(
  people: Iterable<FormPerson>,
  opts: { county: string; office: OfficeSettings; fonts: FormFonts; date: Date },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFormFonts(doc, opts.fonts);
  const court = opts.office.courtName ?? defaultCourtName(opts.county);
  const title = `Prop 64 Court List: ${court}`;
  const list = [...people];
  const count = list.filter(needsMotion).length;
  drawCourtList(doc, list, {
    fonts,
    title,
    subtitle:
      `Motions to dismiss and seal or to reduce under Health and Safety Code sections 11361.8 ` +
      `and 11361.9. ${count} ${count === 1 ? 'person' : 'persons'}. Filed by ` +
      `${opts.office.officeName}${opts.office.filingDate ? ` on ${usDate(opts.office.filingDate)}` : ''}; ` +
      `list prepared ${usDate(opts.date.toISOString())}.`,
  });
  setMetadata(doc, title, opts.date);
  return doc.save();
}

/** "2019-11-12..." -> "11/12/2019". */
function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}
