import { PdfBuilder, type Stationery } from './pdf/pdf-builder';
import { PdfOutput, type DocumentInfo, type ObjectNumbers } from './pdf/pdf-output';
import type { WriteChunk } from './zip-stream';

/** Fewer, larger writes: a browser file handle's write() costs far more than a copy of 1 MiB. */
const FLUSH_BYTES = 1 << 20;

/**
 * One PDF of many documents, for printing, written as it grows: the stationery (the fonts and the
 * ruled paper) once at the top, then each document's pages as soon as they are laid out; finish()
 * writes the page tree, the catalog, the cross-reference table and the trailer. Memory holds one
 * document at a time, and ten thousand motions share one copy of the fonts.
 */
export class CombinedPdf {
  private readonly out = new PdfOutput();
  private readonly numbers: ObjectNumbers;
  private readonly pagesNumber: number;
  private readonly pageNumbers: number[] = [];

  private constructor(
    private readonly stationery: Stationery,
    private readonly write: WriteChunk,
    private readonly info: DocumentInfo,
  ) {
    this.numbers = { next: stationery.firstFreeObjectNumber };
    this.pagesNumber = this.numbers.next++;
  }

  static async start(
    write: WriteChunk,
    stationery: Stationery,
    info: DocumentInfo,
  ): Promise<CombinedPdf> {
    const pdf = new CombinedPdf(stationery, write, info);
    pdf.out.header();
    pdf.out.copy(stationery.objects, stationery.offsets);
    return pdf;
  }

  /** Lays one document out with `layout`, on this file's stationery, and writes its pages. */
  async append(layout: (doc: PdfBuilder) => void): Promise<void> {
    const doc = new PdfBuilder(this.stationery, this.numbers);
    layout(doc);
    // Field names repeat from one motion to the next, and fields cannot be merged.
    if (doc.hasFields) throw new Error('A combined PDF takes documents without form fields.');
    doc.writePages(this.pagesNumber, this.out);
    this.pageNumbers.push(...doc.pages.map((p) => p.objectNumber));
    if (this.out.pending >= FLUSH_BYTES) await this.write(this.out.take());
  }

  async finish(): Promise<void> {
    this.out.close(this.numbers, {
      pagesNumber: this.pagesNumber,
      pageNumbers: this.pageNumbers,
      info: this.info,
    });
    await this.write(this.out.take());
  }
}
