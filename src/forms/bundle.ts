import { PDFDocument, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';
import { RunCancelledError } from '../engine/errors';
import type { Manifest } from '../engine/manifest';
import type { Summary } from '../engine/summary';
import { courtListCsvLines, courtListPdf, setMetadata } from './court-list';
import { createUniqueNamer, safeFileName } from './file-names';
import type { FormFonts } from './fonts';
import { needsMotion, type FormPerson } from './model';
import { motionPdf } from './motion-pdf';
import type { OfficeSettings } from './office';
import { summaryReportPdf } from './summary-report';
import { ZipStreamWriter, type WriteChunk } from './zip-stream';

/**
 * Everything the court gets from one run, written file by file into a sink both shells provide:
 * the CLI's sink writes into a staging folder, the browser's into a folder the user picked (or
 * OPFS). The per-person motions are made one at a time and streamed into forms.zip, and the
 * optional combined.pdf is streamed too (CombinedPdf below), so memory holds one motion, not ten
 * thousand.
 */
export const BUNDLE_FILES = {
  zip: 'forms.zip',
  combined: 'combined.pdf',
  courtListCsv: 'court-list.csv',
  courtListPdf: 'court-list.pdf',
  summaryReport: 'summary-report.pdf',
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
  /** The time printed on the reports and stamped on the ZIP's entries; default now. */
  now?: Date;
}

export interface FormsBundleResult {
  /** Motions written, one per person who needs one. */
  motions: number;
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
    const combined = combinedFile
      ? await CombinedPdf.start(
          (chunk) => combinedFile.write(chunk),
          `Prop 64 motions and proposed orders, ${options.county}`,
          now,
        )
      : null;
    const uniqueName = createUniqueNamer();
    const entries: FormsBundleResult['entries'] = [];
    report('motions', 'Motions', 0, 0);
    for (const [i, person] of motionPeople.entries()) {
      check();
      const bytes = await motionPdf(person, { ...pdfOptions, flatten: options.flatten });
      const file = uniqueName(safeFileName(person.cii, person.name));
      await zip.add(file, bytes);
      entries.push({ subjectId: person.subjectId, file });
      if (combined) {
        // Form fields cannot be merged across documents (their names repeat), so the printing
        // copy is always the flattened motion.
        await combined.append(
          options.flatten ? bytes : await motionPdf(person, { ...pdfOptions, flatten: true }),
        );
      }
      report('motions', 'Motions', (SPAN.motions * (i + 1)) / total, i + 1);
    }
    check();
    await zip.finish();
    await closeFile(zipFile, BUNDLE_FILES.zip);

    // 2. The court list, as CSV (written in batches of lines) and as a PDF table.
    report('court-list', 'Court list', SPAN.motions);
    const csvFile = await openFile(BUNDLE_FILES.courtListCsv);
    const encoder = new TextEncoder();
    let lines: string[] = [];
    for (const line of courtListCsvLines(motionPeople)) {
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
      await courtListPdf(motionPeople, { ...pdfOptions, date: now }),
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
    return { motions: total, entries, files };
  } catch (error) {
    // Leave nothing half-written that could pass for a finished file.
    await Promise.allSettled(open.map((w) => w.abort?.()));
    throw error;
  }
}

/**
 * One PDF made of many, written as it grows. pdf-lib saves a document only whole, and a combined
 * PDF of ten thousand motions, each with its own font subsets, would not fit in a tab. So each
 * motion's pages are copied into a document whose objects are written out (with their byte
 * offsets noted) and dropped straight away; only the page references stay. finish() then writes
 * the page tree, the catalog, the cross-reference table and the trailer.
 */
class CombinedPdf {
  private offset = 0;
  /** Byte offset of each object written, by object number. */
  private readonly offsets: number[] = [];
  private readonly pageRefs: PDFRef[] = [];
  private readonly encoder = new TextEncoder();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly write: WriteChunk,
    /** The catalog, page tree and info dictionary: written last, when the pages are known. */
    private readonly kept: Set<number>,
  ) {}

  static async start(write: WriteChunk, title: string, date: Date): Promise<CombinedPdf> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    setMetadata(doc, title, date);
    const kept = new Set(doc.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber));
    const pdf = new CombinedPdf(doc, write, kept);
    // The header pdf-lib writes: version, then a comment of high bytes marking the file binary.
    await pdf.emit(
      new Uint8Array([...pdf.encoder.encode('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 10]),
    );
    return pdf;
  }

  async append(pdfBytes: Uint8Array): Promise<void> {
    const source = await PDFDocument.load(pdfBytes);
    const pages = await this.doc.copyPages(source, source.getPageIndices());
    const treeRef = this.doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    for (const page of pages) {
      page.node.set(PDFName.of('Parent'), treeRef);
      this.pageRefs.push(page.ref);
    }
    // Everything copied is new and referenced only by what was copied with it: write it, drop it.
    const fresh = this.doc.context
      .enumerateIndirectObjects()
      .filter(([ref]) => !this.kept.has(ref.objectNumber));
    await this.writeObjects(fresh);
    for (const [ref] of fresh) this.doc.context.delete(ref);
  }

  async finish(): Promise<void> {
    const { context } = this.doc;
    const tree = this.doc.catalog.Pages();
    tree.set(PDFName.of('Kids'), context.obj(this.pageRefs));
    tree.set(PDFName.of('Count'), PDFNumber.of(this.pageRefs.length));
    await this.writeObjects(context.enumerateIndirectObjects());
    const size = context.largestObjectNumber + 1;
    const xrefOffset = this.offset;
    const lines = ['xref', `0 ${size}`];
    for (let n = 0; n < size; n += 1) {
      const at = this.offsets[n];
      // 20 bytes an entry; numbers never used are free entries.
      lines.push(
        at === undefined
          ? `0000000000 ${n === 0 ? 65535 : '00000'} f `
          : `${String(at).padStart(10, '0')} 00000 n `,
      );
    }
    const info = context.trailerInfo.Info ? ` /Info ${context.trailerInfo.Info.toString()}` : '';
    const root = String(context.trailerInfo.Root);
    lines.push(
      'trailer',
      `<< /Size ${size} /Root ${root}${info} >>`,
      'startxref',
      `${xrefOffset}`,
      '%%EOF',
    );
    await this.emit(this.encoder.encode(`${lines.join('\n')}\n`));
  }

  /** "n 0 obj ... endobj" for each, in one chunk, as pdf-lib's own writer lays them out. */
  private async writeObjects(
    objects: ReturnType<PDFDocument['context']['enumerateIndirectObjects']>,
  ) {
    const heads = objects.map(([ref]) =>
      this.encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`),
    );
    const tail = this.encoder.encode('\nendobj\n\n');
    const size = objects.reduce(
      (n, [, obj], i) => n + heads[i]!.length + obj.sizeInBytes() + tail.length,
      0,
    );
    const buffer = new Uint8Array(size);
    let at = 0;
    objects.forEach(([ref, obj], i) => {
      this.offsets[ref.objectNumber] = this.offset + at;
      buffer.set(heads[i]!, at);
      at += heads[i]!.length;
      at += obj.copyBytesInto(buffer, at);
      buffer.set(tail, at);
      at += tail.length;
    });
    await this.emit(buffer);
  }

  private async emit(bytes: Uint8Array): Promise<void> {
    await this.write(bytes);
    this.offset += bytes.length;
  }
}
