import { RunCancelledError } from '../engine/errors';
import type { Manifest } from '../engine/manifest';
import type { Summary } from '../engine/summary';
import type { FilingCounts } from '../filing/filing-outputs';
import { writeBulkMotion } from './bulk-motion';
import { CombinedPdf } from './combined-pdf';
import { csvLine } from './csv-cell';
import { createUniqueNamer, safeFileName } from './file-names';
import { readChallenges, readCourtData, type TextChunks } from './filing-rows';
import type { FormFonts } from './fonts';
import { groupMotions, type FormPerson, type MotionGroup, type MotionsPer } from './model';
import { layoutMotion, motionPdf, motionTexts, type MotionLayout } from './motion-pdf';
import { writeNoticeOfChallenge } from './notice-of-challenge';
import type { OfficeSettings } from './office';
import { fontSetFor } from './pdf/subset-fonts';
import { LayoutError, pleadingStationery } from './pleading';
import { summaryReportPdf } from './summary-report';
import { ZipStreamWriter } from './zip-stream';

/**
 * The papers of the filing package, made from its data files: court-data.csv (every granted
 * conviction, each with its own court case number and route) and challenges.csv (every
 * challenged one, with its ground). Both shells write those files first (the CLI into its staging
 * folder, the browser into OPFS) and hand their text here as chunks, so the papers can only say
 * what the data files say: a held or challenged conviction never reaches a motion.
 *
 * Files are written into a sink both shells provide. The motions are made one at a time and
 * streamed into forms.zip (and, page by page, into combined.pdf); the bulk motion's exhibit is
 * written page by page too.
 */
export const BUNDLE_FILES = {
  zip: 'forms.zip',
  bulkMotion: 'bulk-motion.pdf',
  noticeOfChallenge: 'notice-of-challenge.pdf',
  summaryReport: 'summary-report.pdf',
  combined: 'combined.pdf',
  /** Only when some motions could not be made: which, and why. */
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
  stage: 'reading' | 'motions' | 'bulk-motion' | 'notice' | 'summary' | 'combined' | 'done';
  label: string;
  /** 0..1 over the whole bundle. */
  fraction: number;
  /** Motions written so far, and how many there will be. */
  motionsDone: number;
  motionsTotal: number;
}

export interface FormsBundleOptions {
  /** court-data.csv's text, in chunks: the granted convictions. */
  courtData: TextChunks;
  /** challenges.csv's text, in chunks: the challenged convictions. */
  challenges: TextChunks;
  /** How many convictions are granted, challenged and still held (the summary report says). */
  filingCounts: FilingCounts;
  /** One motion per court case (default) or per person. */
  per?: MotionsPer;
  county: string;
  office: OfficeSettings;
  /** Flatten the motions' form fields (final copies) instead of leaving them editable. */
  flatten: boolean;
  /** Also write every motion into one combined.pdf, for printing. */
  combined: boolean;
  fonts: FormFonts;
  summary: Summary;
  manifest: Manifest;
  /** Everyone in Prop64_Results.csv, for the summary report's breakdowns, when the caller has them. */
  people?: readonly FormPerson[];
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
  /** How a motion is laid out: layoutMotion, but in tests that make one motion fail. */
  layout?: MotionLayout;
  /** The time printed on the papers and stamped on the ZIP's entries; default now. */
  now?: Date;
}

/** A motion whose papers could not be laid out. */
export interface NotMade {
  caseNumbers: string;
  /** The court-data.csv "Input Line" of each of its rows. */
  inputLines: string;
  /** Why, in plain words; never a value from the record. */
  reason: string;
}

export interface FormsBundleResult {
  /** Motions written into forms.zip. */
  motions: number;
  notMade: NotMade[];
  /**
   * Granted convictions with no date of conviction in the DOJ record: their cell in the motions
   * and Exhibit A is blank, for the attorney to fill in before filing.
   */
  undated: number;
  /** The ZIP entry of each motion, in the order written. */
  entries: { caseNumbers: string[]; name: string; file: string }[];
  files: BundleFileName[];
}

/** Shares of the progress bar. */
const SPAN = { reading: 0.05, motions: 0.75, bulk: 0.9, notice: 0.95, summary: 0.97 } as const;

export async function writeFormsBundle(options: FormsBundleOptions): Promise<FormsBundleResult> {
  const { signal, sink } = options;
  const now = options.now ?? new Date();
  const layout = options.layout ?? layoutMotion;
  const files: BundleFileName[] = [];
  const open: BundleFileWriter[] = [];
  let total = 0;
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
  const streamed = async (name: BundleFileName, write: (w: BundleFileWriter) => Promise<void>) => {
    const writer = await openFile(name);
    await write(writer);
    await closeFile(writer, name);
  };
  const pdfOptions = { county: options.county, office: options.office, fonts: options.fonts };

  try {
    report('reading', 'Reading the filing data', 0, 0);
    const granted = await readCourtData(options.courtData);
    check();
    const challenged = await readChallenges(options.challenges);
    const counts = options.filingCounts;
    if (counts.granted !== granted.length || counts.challenged !== challenged.length) {
      // The summary report would print one filing's counts beside another's papers.
      throw new Error(
        'The filing counts given are not those of court-data.csv and challenges.csv.',
      );
    }
    const motions = groupMotions(granted, options.per ?? 'case');
    total = motions.length;

    // 1. The motions, streamed into the ZIP and, page by page, into the combined PDF.
    const zipFile = await openFile(BUNDLE_FILES.zip);
    const zip = new ZipStreamWriter((chunk) => zipFile.write(chunk), { mtime: now });
    const combinedFile = options.combined ? await openFile(BUNDLE_FILES.combined) : null;
    const motionContext = { ...pdfOptions, flatten: options.flatten };
    // The printing copy is always flattened (field names repeat from one motion to the next),
    // in one font set that covers every motion, so the fonts are in the file once.
    const printContext = { ...pdfOptions, flatten: true };
    const combined = combinedFile
      ? await CombinedPdf.start(
          (chunk) => combinedFile.write(chunk),
          pleadingStationery(await fontSetFor(options.fonts, motionTexts(motions, printContext))),
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
    const notMade: NotMade[] = [];
    const motionFraction = (i: number) =>
      SPAN.reading + ((SPAN.motions - SPAN.reading) * i) / Math.max(1, total);
    report('motions', 'Motions', SPAN.reading, 0);
    for (const [i, group] of motions.entries()) {
      check();
      // One motion failing must not stop the county's: it is listed instead. The combined copy
      // is laid out before anything is written, so a failure leaves no trace.
      let bytes: Uint8Array;
      try {
        bytes = await motionPdf(group, motionContext, layout);
        await combined?.append((doc) => layout(doc, group, printContext));
      } catch (error) {
        if (error instanceof RunCancelledError || signal?.aborted) throw error;
        notMade.push({
          caseNumbers: group.caseNumbers.join('; '),
          inputLines: group.rows.map((r) => r.inputLine).join('; '),
          reason: reasonOf(error),
        });
        report('motions', 'Motions', motionFraction(i + 1), i + 1);
        continue;
      }
      const file = uniqueName(motionFileName(group));
      await zip.add(file, bytes);
      entries.push({ caseNumbers: group.caseNumbers, name: group.name, file });
      report('motions', 'Motions', motionFraction(i + 1), i + 1);
    }
    check();
    await zip.finish();
    await closeFile(zipFile, BUNDLE_FILES.zip);
    if (notMade.length > 0) {
      const lines = [
        NOT_MADE_HEADER,
        ...notMade.map((n) => csvLine([n.caseNumbers, n.inputLines, n.reason])),
      ];
      await writeWhole(BUNDLE_FILES.notMade, new TextEncoder().encode(`${lines.join('\n')}\n`));
    }

    // 2. The bulk motion for every granted conviction (none when nothing is granted).
    if (granted.length > 0) {
      report('bulk-motion', 'Bulk motion and Exhibit A', SPAN.motions);
      await streamed(BUNDLE_FILES.bulkMotion, (w) =>
        writeBulkMotion(granted, { ...pdfOptions, now }, (c) => w.write(c), check).then(() => {}),
      );
    }

    // 3. The notice of challenge, to the court and the public defender (also when none).
    report('notice', 'Notice of challenge', SPAN.bulk);
    await streamed(BUNDLE_FILES.noticeOfChallenge, (w) =>
      writeNoticeOfChallenge(challenged, { ...pdfOptions, now }, (c) => w.write(c)).then(() => {}),
    );

    // 4. The summary report.
    report('summary', 'Summary report', SPAN.notice);
    check();
    await writeWhole(
      BUNDLE_FILES.summaryReport,
      await summaryReportPdf(
        {
          summary: options.summary,
          manifest: options.manifest,
          people: options.people,
          flags: options.flags,
          filing: options.filingCounts,
          generatedAt: now,
        },
        options.fonts,
      ),
    );

    // 5. The combined PDF's page tree and cross-reference table, last.
    if (combined && combinedFile) {
      report('combined', 'Combined PDF', SPAN.summary);
      check();
      await combined.finish();
      await closeFile(combinedFile, BUNDLE_FILES.combined);
    }
    report('done', 'Done', 1);
    const undated = granted.filter((row) => row.date.trim() === '').length;
    return { motions: entries.length, notMade, undated, entries, files };
  } catch (error) {
    // Leave nothing half-written that could pass for a finished file.
    await Promise.allSettled(open.map((w) => w.abort?.()));
    throw error;
  }
}

/** "140194_MONSTER_ELMO.pdf": the case number(s), then the name. */
function motionFileName(group: MotionGroup): string {
  return safeFileName(group.caseNumbers.join('_'), group.name);
}

const NOT_MADE_HEADER = 'Court Case Number(s),Input Line(s),Why the papers could not be made';

/**
 * Why a motion failed, for the office: our own layout problems say what did not fit; anything
 * else is named by its kind only, since a library's message may quote the record.
 */
function reasonOf(error: unknown): string {
  if (error instanceof LayoutError) return `The motion could not be laid out: ${error.message}.`;
  const kind = error instanceof Error ? error.name : 'unknown';
  return `The motion could not be made (an unexpected ${kind}); make this one by hand.`;
}
