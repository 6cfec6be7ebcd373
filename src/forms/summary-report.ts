import { PDFDocument } from 'pdf-lib';
import { csvRecordsOf } from '../doj/csv-records';
import type { Manifest } from '../engine/manifest';
import type { Summary, ReliefCounts } from '../engine/summary';
import type { EligibilityOptions } from '../rules/prop64/options';
import {
  LETTER_PORTRAIT,
  PageFlow,
  drawTable,
  numberPages,
  setMetadata,
  type Fonts,
  type Rgb,
  type TableColumn,
} from './report-layout';
import type { FilingCounts } from '../filing/filing-outputs';
import type { FormPerson } from './model';
import { embedFormFonts, type FormFonts } from './fonts';
import { defaultCourtName } from './office';
import { finishPdfLibDocument } from './pdf/font-tags';

/**
 * The summary report: what a run decided and on what basis, on paper, for the file and for the
 * office's management. Figures come from the run's own summary.json and manifest.json; the
 * breakdowns by section and by reason are counted from the run's Prop64_Results.csv (the people),
 * because summary.json only breaks down the rules that name a section.
 */
export interface SummaryReportInput {
  summary: Summary;
  manifest: Manifest;
  /**
   * Everyone in Prop64_Results.csv, relief or not, for the breakdowns by section and by reason;
   * without it (the Results step's quick report) those are left out.
   */
  people?: readonly FormPerson[];
  /**
   * What the filing package holds: granted, challenged and still held convictions. Without it
   * (before any review, no office details) the report says the filing is not made yet.
   */
  filing?: FilingCounts;
  /** Counts of flagged convictions by flag (e.g. "PC 290 registrant"), when the caller has them. */
  flags?: Readonly<Record<string, number>>;
  /** When the report was made; printed in UTC so every machine prints the same. */
  generatedAt: Date;
}

const DISMISSAL = 'Eligible for Dismissal';
const REDUCTION = 'Eligible for Reduction';
/** Chart colours that stay distinct when printed in grey: dark, middle, light. */
const SERIES: { key: 'dismissal' | 'reduction' | 'none'; label: string; color: Rgb }[] = [
  { key: 'dismissal', label: 'Dismissal', color: [0.13, 0.29, 0.53] },
  { key: 'reduction', label: 'Reduction', color: [0.87, 0.56, 0.2] },
  { key: 'none', label: 'No relief', color: [0.8, 0.8, 0.8] },
];
const GRID: Rgb = [0.75, 0.75, 0.75];

export interface SectionRow {
  section: string;
  dismissal: number;
  reduction: number;
  none: number;
}

/** Convictions by section (11357-11360) and determination, each row counted `counts` times. */
export function convictionsBySection(people: readonly FormPerson[]): SectionRow[] {
  const rows = new Map<string, SectionRow>();
  for (const person of people) {
    for (const c of person.convictions) {
      const row = rows.get(c.section) ?? {
        section: c.section,
        dismissal: 0,
        reduction: 0,
        none: 0,
      };
      const n = Math.max(1, c.counts);
      if (c.determination === DISMISSAL) row.dismissal += n;
      else if (c.determination === REDUCTION) row.reduction += n;
      else row.none += n;
      rows.set(c.section, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.section.localeCompare(b.section));
}

/** Convictions by determination and reason, most frequent first. */
export function convictionsByReason(
  people: readonly FormPerson[],
): { determination: string; reason: string; count: number }[] {
  const counts = new Map<string, { determination: string; reason: string; count: number }>();
  for (const person of people) {
    for (const c of person.convictions) {
      const determination = c.determination || 'No relief';
      const reason = c.reason || '(none given)';
      const key = `${determination}\u0000${reason}`;
      const entry = counts.get(key) ?? { determination, reason, count: 0 };
      entry.count += Math.max(1, c.counts);
      counts.set(key, entry);
    }
  }
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.determination.localeCompare(b.determination),
  );
}

/**
 * The flags the results mark on a conviction (columns of Prop64_Results.csv; see
 * shared/spec/disqualifiers.md): they never block relief, but tell the attorney where the court
 * may refuse it. Counted per conviction row; a column the file lacks is left out.
 */
const FLAG_COLUMNS: { column: string; label: string; set: (value: string) => boolean }[] = [
  {
    column: 'Superstrike Code Section(s)',
    label: 'Person has a superstrike conviction (PC 667(e)(2)(C)(iv))',
    set: (v) => v !== '' && v !== '-',
  },
  {
    column: 'PC290 Code Section(s)',
    label: 'Person has a conviction for a PC 290 registrable offense',
    set: (v) => v !== '' && v !== '-',
  },
  {
    column: 'PC290 Registration',
    label: 'Person is registered under PC 290',
    set: (v) => v === 'Yes',
  },
  { column: 'Deceased', label: 'Person is deceased', set: (v) => v === 'Deceased' },
  {
    column: 'Possible Other P64 Charges',
    label: 'Other possible Prop 64 charges in the same case',
    set: (v) => v !== '',
  },
  {
    column: 'Occurred after 11/9/2016',
    label: 'Conviction after 11/9/2016 (Prop 64 in force)',
    set: (v) => v === 'Y',
  },
];

/** Counts the flags of Prop64_Results.csv's rows, given its header; read in one pass. */
export class FlagCounter {
  private readonly flags: { label: string; index: number; set: (value: string) => boolean }[];
  private readonly totals: number[];

  constructor(header: readonly string[]) {
    const names = header.map((h) => h.trim());
    this.flags = FLAG_COLUMNS.map((f) => ({ ...f, index: names.indexOf(f.column) })).filter(
      (f) => f.index >= 0,
    );
    this.totals = this.flags.map(() => 0);
  }

  add(fields: readonly string[]): void {
    this.flags.forEach((f, i) => {
      if (f.set((fields[f.index] ?? '').trim())) this.totals[i]! += 1;
    });
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.flags.map((f, i) => [f.label, this.totals[i]!]));
  }
}

/** The flag counts of a whole Prop64_Results.csv held as one string (small files, tests). */
export function flagCountsFromResults(csvText: string): Record<string, number> {
  const [header, ...rows] = csvRecordsOf(csvText);
  const counter = new FlagCounter(header?.fields ?? []);
  for (const row of rows) counter.add(row.fields);
  return counter.counts();
}

export function drawSummaryReport(doc: PDFDocument, input: SummaryReportInput, fonts: Fonts): void {
  const { summary, manifest } = input;
  const flow = new PageFlow(doc, LETTER_PORTRAIT, fonts);
  const county = defaultCourtName(summary.county).replace(/^Superior Court of California, /, '');
  // A heading keeps its table with it, and a table of up to a dozen rows stays on one page.
  const heading = (text: string, rows = 3) => {
    flow.need(40 + 16 * (Math.min(rows, 12) + 1));
    flow.y -= 6;
    flow.paragraph(text, { size: 12, bold: true, gap: 4 });
  };
  const keyValues = (pairs: [string, string][]) =>
    drawTable(
      flow,
      [
        { header: 'Item', weight: 1.2 },
        { header: 'Value', weight: 2.8 },
      ],
      pairs,
      { header: false },
    );

  flow.paragraph('Prop 64 Conviction Review: Summary Report', { size: 16, bold: true, gap: 2 });
  flow.paragraph(county, { size: 12, gap: 10 });

  heading('The run', 12);
  keyValues([
    ['County', summary.county],
    ['Decided as of', summary.computeAt],
    ['Run started', utc(manifest.startedAt)],
    ['Run finished', utc(manifest.finishedAt)],
    ['Report made', utc(input.generatedAt.toISOString())],
    ['Application', `${manifest.app.name} ${manifest.app.version}`],
    ['Rule pack', `${manifest.rulePack.id} ${manifest.rulePack.version} (${summary.ruleSet})`],
    ['Database engine', manifest.engine],
    ['Rows read', count(summary.lineCount)],
    ['Rows rejected', count(summary.rejectedRowCount)],
    ['Earliest Prop 64 conviction', usDate(summary.earliestConviction)],
    ['Processing time', `${summary.processingTimeInSeconds.toFixed(1)} seconds`],
  ]);

  heading('Input files');
  drawTable(
    flow,
    [
      { header: 'File', weight: 1.5 },
      { header: 'Rows', weight: 0.55, align: 'right' },
      { header: 'Bytes', weight: 0.7, align: 'right' },
      { header: 'SHA-256', weight: 3 },
    ],
    manifest.inputs.map((f) => [f.name, count(f.rowCount), count(f.size), f.sha256]),
    { size: 8 },
  );

  heading('The policy', 8);
  keyValues(policyLines(manifest.options));

  heading('Impact: people whose record would change');
  drawTable(
    flow,
    [
      { header: 'People who would have', weight: 2 },
      { header: 'Chosen policy', weight: 1, align: 'right' },
      { header: 'Dismiss all Prop 64', weight: 1, align: 'right' },
      { header: 'Dismiss all Prop 64 and related charges', weight: 1.3, align: 'right' },
    ],
    impactRows(summary),
  );

  heading('Convictions', 8);
  keyValues([
    ['Prop 64 convictions in the county', count(summary.prop64ConvictionsCountInCounty)],
    ['of which felonies', count(summary.prop64FelonyConvictionsCountInCounty)],
    ['People with a Prop 64 conviction', count(summary.subjectsWithProp64ConvictionCountInCounty)],
    ['People with some relief', count(summary.subjectsWithSomeReliefCount)],
    ['Eligible for dismissal', count(summary.convictionDismissalCount)],
    ['Eligible for reduction', count(summary.convictionReductionCount)],
    ['No relief', count(summary.convictionNoReliefCount)],
    ['Flagged for review', count(summary.needsReviewCount)],
  ]);

  heading('The filing (H&S 11361.9)', 5);
  if (input.filing) {
    const f = input.filing;
    keyValues([
      ['Granted: in court-data.csv, the bulk motion and forms.zip', count(f.granted)],
      ['Challenged: in the notice of challenge and challenges.csv', count(f.challenged)],
      ['Still held: in held.csv, not in any paper', count(f.held)],
      ['Decided by the reviewing attorney (the rest by default)', count(f.decidedByAttorney)],
    ]);
  } else {
    flow.paragraph(
      'The filing package is not made yet: no conviction has been granted or challenged in a ' +
        'paper. Held convictions need the reviewing attorney first.',
      { size: 10, gap: 6 },
    );
  }

  if (input.people) drawBreakdowns(flow, input.people, heading);

  if (input.flags && Object.keys(input.flags).length > 0) {
    heading('Convictions by flag', Object.keys(input.flags).length);
    drawTable(
      flow,
      [
        { header: 'Flag', weight: 3 },
        { header: 'Convictions', weight: 1, align: 'right' },
      ],
      Object.entries(input.flags).map(([flag, n]) => [flag, count(n)]),
    );
  }

  flow.flush();
  numberPages(doc, fonts.regular, `Summary report, ${county}, decided as of ${summary.computeAt}`);
}

/** Convictions by code section (table and chart) and by reason, from Prop64_Results.csv's people. */
function drawBreakdowns(
  flow: PageFlow,
  people: readonly FormPerson[],
  heading: (text: string, rows?: number) => void,
): void {
  const sections = convictionsBySection(people);
  heading('Convictions by code section and determination', sections.length);
  drawTable(
    flow,
    [
      { header: 'Section', weight: 1 },
      ...SERIES.map((s): TableColumn => ({ header: s.label, weight: 1, align: 'right' })),
      { header: 'Total', weight: 1, align: 'right' },
    ],
    sections.map((r) => [
      `HS ${r.section}`,
      count(r.dismissal),
      count(r.reduction),
      count(r.none),
      count(r.dismissal + r.reduction + r.none),
    ]),
  );
  drawBarChart(flow, sections);

  const reasons = convictionsByReason(people);
  heading('Convictions by reason', reasons.length);
  drawTable(
    flow,
    [
      { header: 'Determination', weight: 1.2 },
      { header: 'Reason', weight: 2.6 },
      { header: 'Convictions', weight: 0.8, align: 'right' },
    ],
    reasons.map((r) => [r.determination, r.reason, count(r.count)]),
  );
}

export async function summaryReportPdf(
  input: SummaryReportInput,
  formFonts: FormFonts,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  drawSummaryReport(doc, input, await embedFormFonts(doc, formFonts));
  const title = `Prop 64 summary report, ${input.summary.county}`;
  setMetadata(doc, title, input.generatedAt);
  return finishPdfLibDocument(doc, title);
}

/** Horizontal stacked bars, one per section, drawn with rectangles, with a legend and a scale. */
function drawBarChart(flow: PageFlow, rows: SectionRow[]): void {
  if (rows.length === 0) return;
  const { regular } = flow.fonts;
  const barHeight = 16;
  const gap = 8;
  const labelWidth = 60;
  const chartWidth = flow.width - labelWidth - 50;
  flow.need(22 + rows.length * (barHeight + gap) + 32);
  const x0 = flow.left + labelWidth;
  const centred = (text: string, x: number, y: number) =>
    flow.text(text, x - regular.widthOfTextAtSize(text, 8) / 2, y, 8, regular);

  let lx = x0;
  for (const s of SERIES) {
    flow.rect(lx, flow.y - 10, 10, 10, s.color);
    flow.text(s.label, lx + 14, flow.y - 9, 9, regular);
    lx += 24 + regular.widthOfTextAtSize(s.label, 9);
  }
  flow.y -= 22;

  const max = Math.max(1, ...rows.map((r) => r.dismissal + r.reduction + r.none));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const scale = chartWidth / top;
  const chartTop = flow.y;
  const chartBottom = flow.y - rows.length * (barHeight + gap);
  for (let v = 0; v <= top; v += step) {
    flow.line(x0 + v * scale, chartTop, x0 + v * scale, chartBottom, GRID, 0.4);
    centred(count(v), x0 + v * scale, chartBottom - 11);
  }
  rows.forEach((r, i) => {
    const y = chartTop - i * (barHeight + gap) - barHeight - gap / 2;
    flow.text(`HS ${r.section}`, flow.left, y + 4, 9, regular);
    let x = x0;
    for (const s of SERIES) {
      const width = r[s.key] * scale;
      if (width > 0) flow.rect(x, y, width, barHeight, s.color);
      x += width;
    }
    flow.text(count(r.dismissal + r.reduction + r.none), x + 4, y + 4, 9, regular);
  });
  centred('Convictions', x0 + chartWidth / 2, chartBottom - 22);
  flow.y = chartBottom - 32;
}

/** 1, 2 or 5 times a power of ten, giving four to ten grid lines. */
function niceStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Math.max(1, step);
}

function impactRows(summary: Summary): string[][] {
  const policies: ReliefCounts[] = [
    summary.reliefWithCurrentEligibilityChoices,
    summary.reliefWithDismissAllProp64,
    summary.reliefWithDismissAllProp64AndRelatedCharges,
  ];
  const measures: [keyof ReliefCounts, string][] = [
    ['CountSubjectsNoFelony', 'no felony conviction left'],
    ['CountSubjectsNoConviction', 'no conviction left at all'],
    ['CountSubjectsNoConvictionLast7Years', 'no conviction in the last 7 years'],
  ];
  return measures.map(([key, label]) => [label, ...policies.map((p) => count(p[key]))]);
}

function policyLines(options: EligibilityOptions): [string, string][] {
  const sections = (list: readonly string[]) =>
    list.length === 0 ? 'none' : list.map((s) => `HS ${s}`).join(', ');
  const flag = (on: boolean) => (on ? 'yes' : 'no');
  const threshold = (n: number, unit: string) => (n === 0 ? 'off' : `${n} ${unit}`);
  const a = options.additionalRelief;
  return [
    ['Dismiss every conviction under', sections(options.baselineEligibility.dismiss)],
    ['Reduce every felony under', sections(options.baselineEligibility.reduce)],
    ['Dismiss when under 21 at conviction', flag(a.subjectUnder21AtConviction)],
    ['Dismiss when the person is at least', threshold(a.subjectAgeThreshold, 'years old')],
    [
      'Dismiss when the conviction is at least',
      threshold(a.yearsSinceConvictionThreshold, 'years old'),
    ],
    ['Dismiss when no conviction in the last', threshold(a.yearsCrimeFreeThreshold, 'years')],
    ['Dismiss when every conviction is Prop 64', flag(a.subjectHasOnlyProp64Charges)],
    ['Dismiss when the person has died', flag(a.subjectIsDeceased)],
  ];
}

const count = (n: number) => n.toLocaleString('en-US');

/** "2026-11-23T10:05:42.789Z" -> "2026-11-23 10:05:42 UTC". */
function utc(iso: string): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '';
}

/** "1979-06-01T00:00:00Z" -> "06/01/1979", the results' own date style. */
function usDate(iso: string | null): string {
  if (!iso) return 'none';
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}
