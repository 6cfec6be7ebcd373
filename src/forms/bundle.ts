import { RunCancelledError } from '../engine/errors';
import type { Manifest } from '../engine/manifest';
import type { Summary } from '../engine/summary';
import { courtListCsvLines, courtListPdf, csvLine } from './court-list';
import { createUniqueNamer, safeFileName } from './file-names';
import type { FormFonts } from './fonts';
import { needsMotion, type FormPerson } from './model';
import { CombinedPdf } from './combined-pdf';
import { layoutMotion, motionPdf, motionTexts, type MotionLayout } from './motion-pdf';
import { fontSetFor } from './pdf/subset-fonts';
import { LayoutError, pleadingStationery } from './pleading';
import type { OfficeSettings } from './office';
import { summaryReportPdf } from './summary-report';
import { ZipStreamWriter } from './zip-stream';

/**
 * Everything the court gets from one run, written file by file into a sink both shells provide:
 * the CLI's sink writes into a staging folder, the browser's into a folder the user picked (or
 * OPFS). The per-person motions are made one at a time and streamed into forms.zip, and the
 * optional combined.pdf is streamed too (CombinedPdf), so memory holds one motion, not ten
 * thousand.
 */
export const BUNDLE_FILES = {
  zip: 'forms.zip',
  combined: 'combined.pdf',
  courtListCsv: 'court-list.csv',
  courtListPdf: 'court-list.pdf',
  summaryReport: 'summary-report.pdf',
  /** Only when some people's papers could not be made: who, and why. */
  notMade: 'not-made.csv',
} as const;

export type BundleFileName = (typeof BUNDLE_FILES)[keyof typeof BUNDLE_FILES];

/** One output file being written. `write` is awaited before the next chunk (back-pressure). */
export interface BundleFileWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Called instead of close() when the bundle fails or is cancelled. */
  abort?(): Promise<void>;
}

export interface FormsProgress {
  stage: 'motions' | 'court-list' | 'summary' | 'combined' | 'done';
  label: string;
  /** 0..1 over the whole bundle. */
  fraction: number;
  /** Motions written so far, and how many there will be. */
  motionsDone: number;
  motionsTotal: number;
}

export interface FormsBundleOptions {
  /** Everyone in Prop64_Results.csv; those with a dismissal or reduction get a motion. */
  people: readonly FormPerson[];
  county: string;
  office: OfficeSettings;
  /** Flatten the motions' form fields (final copies) instead of leaving them editable. */
  flatten: boolean;
  /** Also write every motion into one combined.pdf, for printing. */
  combined: boolean;
  fonts: FormFonts;
  summary: Summary;
  manifest: Manifest;
  /** Flagged-conviction counts for the summary report, when the caller has them. */
  flags?: Readonly<Record<string, number>>;
  /**
   * Opens one output file; called once per file. forms.zip and combined.pdf are written side by
   * side (motion by motion); the others one after the other. Files are closed in the order of
   * FormsBundleResult.files; on failure or Cancel, those still open are aborted.
   */
  sink: (name: BundleFileName) => Promise<BundleFileWriter>;
  onProgress?: (progress: FormsProgress) => void;
  signal?: AbortSignal;
  /**
   * How a motion is laid out: layoutMotion, but in tests that make one person's papers fail to
   * show that the others are still made.
   */
  layout?: MotionLayout;
  /** The time printed on the reports and stamped on the ZIP's entries; default now. */
  now?: Date;
}

/** A person who needs a motion but whose papers could not be laid out. */
export interface NotMade {
  subjectId: string;
  cii: string;
  /** Why, in plain words; never a value from the person's record. */
  reason: string;
}

export interface FormsBundleResult {
  /** Motions written: one per person who needs one, less those in `notMade`. */
  motions: number;
  /** People who need a motion whose papers could not be made; listed in not-made.csv. */
  notMade: NotMade[];
  /** The ZIP entry of each motion, in the order written. */
  entries: { subjectId: string; file: string }[];
  files: BundleFileName[];
}

/** Shares of the progress bar: the motions are nearly all the work. */
const SPAN = { motions: 0.9, courtList: 0.95, summary: 0.97, combined: 1 } as const;
const CSV_BATCH = 1000;

export async function writeFormsBundle(options: FormsBundleOptions): Promise<FormsBundleResult> {
  const { people, signal, sink } = options;
  const now = options.now ?? new Date();
  const layout = options.layout ?? layoutMotion;
  const motionPeople = people.filter(needsMotion);
  const total = motionPeople.length;
  const files: BundleFileName[] = [];
  const open: BundleFileWriter[] = [];
  const report = (stage: FormsProgress['stage'], label: string, fraction: number, done = total) =>
    options.onProgress?.({ stage, label, fraction, motionsDone: done, motionsTotal: total });
  const check = () => {
    if (signal?.aborted) throw new RunCancelledError();
  };
  const openFile = async (name: BundleFileName) => {
    check();
    const writer = await sink(name);
    open.push(writer);
    return writer;
  };
  const closeFile = async (writer: BundleFileWriter, name: BundleFileName) => {
    open.splice(open.indexOf(writer), 1);
    await writer.close();
    files.push(name);
  };
  const writeWhole = async (name: BundleFileName, bytes: Uint8Array) => {
    const writer = await openFile(name);
    await writer.write(bytes);
    await closeFile(writer, name);
  };
  const pdfOptions = {
    county: options.county,
    office: options.office,
    fonts: options.fonts,
  };

  try {
    // 1. The motions, streamed into the ZIP and, page by page, into the combined PDF.
    const zipFile = await openFile(BUNDLE_FILES.zip);
    const zip = new ZipStreamWriter((chunk) => zipFile.write(chunk), { mtime: now });
    const combinedFile = options.combined ? await openFile(BUNDLE_FILES.combined) : null;
    const motionContext = { ...pdfOptions, flatten: options.flatten };
    // The printing copy is always flattened (field names repeat from one motion to the next),
    // in one font set that covers every person, so the fonts are in the file once.
    const printContext = { ...pdfOptions, flatten: true };
    const combined = combinedFile
      ? await CombinedPdf.start(
          (chunk) => combinedFile.write(chunk),
          pleadingStationery(
            await fontSetFor(options.fonts, motionTexts(motionPeople, printContext)),
          ),
          {
            title: `Prop 64 motions and proposed orders, ${options.county}`,
            author: options.office.officeName,
            creator: 'Clearance',
            date: now,
          },
        )
      : null;
    const uniqueName = createUniqueNamer();
    const entries: FormsBundleResult['entries'] = [];
    report('motions', 'Motions', 0, 0);
    const made: FormPerson[] = [];
    const notMade: NotMade[] = [];
    for (const [i, person] of motionPeople.entries()) {
      check();
      // One person's papers failing must not stop the county's: they are listed instead. The
      // combined copy is laid out before anything is written, so a failure leaves no trace.
      let bytes: Uint8Array;
      try {
        bytes = await motionPdf(person, motionContext, layout);
        await combined?.append((doc) => layout(doc, person, printContext));
      } catch (error) {
        if (error instanceof RunCancelledError || signal?.aborted) throw error;
        notMade.push({ subjectId: person.subjectId, cii: person.cii, reason: reasonOf(error) });
        report('motions', 'Motions', (SPAN.motions * (i + 1)) / total, i + 1);
        continue;
      }
      const file = uniqueName(safeFileName(person.cii, person.name));
      await zip.add(file, bytes);
      entries.push({ subjectId: person.subjectId, file });
      made.push(person);
      report('motions', 'Motions', (SPAN.motions * (i + 1)) / total, i + 1);
    }
    check();
    await zip.finish();
    await closeFile(zipFile, BUNDLE_FILES.zip);
    if (notMade.length > 0) {
      const lines = [
        NOT_MADE_HEADER,
        ...notMade.map((n) => csvLine([n.subjectId, n.cii, n.reason])),
      ];
      await writeWhole(BUNDLE_FILES.notMade, new TextEncoder().encode(`${lines.join('\n')}\n`));
    }

    // 2. The court list, as CSV (written in batches of lines) and as a PDF table.
    report('court-list', 'Court list', SPAN.motions);
    const csvFile = await openFile(BUNDLE_FILES.courtListCsv);
    const encoder = new TextEncoder();
    let lines: string[] = [];
    for (const line of courtListCsvLines(made)) {
      lines.push(line);
      if (lines.length >= CSV_BATCH) {
        await csvFile.write(encoder.encode(`${lines.join('\n')}\n`));
        lines = [];
      }
    }
    if (lines.length > 0) await csvFile.write(encoder.encode(`${lines.join('\n')}\n`));
    await closeFile(csvFile, BUNDLE_FILES.courtListCsv);
    check();
    await writeWhole(
      BUNDLE_FILES.courtListPdf,
      await courtListPdf(made, { ...pdfOptions, date: now }),
    );

    // 3. The summary report.
    report('summary', 'Summary report', SPAN.courtList);
    check();
    await writeWhole(
      BUNDLE_FILES.summaryReport,
      await summaryReportPdf(
        {
          summary: options.summary,
          manifest: options.manifest,
          people,
          flags: options.flags,
          generatedAt: now,
        },
        options.fonts,
      ),
    );

    // 4. The combined PDF's page tree and cross-reference table, last.
    if (combined && combinedFile) {
      report('combined', 'Combined PDF', SPAN.summary);
      check();
      await combined.finish();
      await closeFile(combinedFile, BUNDLE_FILES.combined);
    }
    report('done', 'Done', SPAN.combined);
    return { motions: made.length, notMade, entries, files };
  } catch (error) {
    // Leave nothing half-written that could pass for a finished file.
    await Promise.allSettled(open.map((w) => w.abort?.()));
    throw error;
  }
}

const NOT_MADE_HEADER = 'SUBJECT_ID,CII Number,Why the papers could not be made';

/**
 * Why a person's papers failed, for the office: our own layout problems say what did not fit;
 * anything else is named by its kind only, since a library's message may quote the record.
 */
function reasonOf(error: unknown): string {
  if (error instanceof LayoutError) return `The motion could not be laid out: ${error.message}.`;
  const kind = error instanceof Error ? error.name : 'unknown';
  return `The motion could not be made (an unexpected ${kind}); make this one by hand.`;
}
