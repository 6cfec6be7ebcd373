import { pdfText, ref } from './pdf-syntax';

const encoder = new TextEncoder();

/** A stream object's dictionary and its (possibly compressed) bytes. */
export interface Stream {
  dict: string;
  data: Uint8Array;
}

/**
 * The bytes of a PDF file as they are written, with the offset of every object for the
 * cross-reference table. Everything but the fonts and compressed streams is ASCII (names and
 * strings are escaped), so a string's length is its size in bytes: runs of text are joined and
 * encoded once. `take()` hands over what is written so far, for files streamed to disk.
 */
export class PdfOutput {
  readonly offsets = new Map<number, number>();
  private parts: Uint8Array[] = [];
  private text = '';
  private size = 0;
  private taken = 0;

  /** Bytes written since the last take(). */
  get pending(): number {
    return this.size - this.taken;
  }

  /** The header pdf-lib writes: the version, then a comment of high bytes marking the file binary. */
  header(): void {
    this.bytes(new Uint8Array([...encoder.encode('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 10]));
  }

  /** Objects serialised elsewhere ("n 0 obj ... endobj"), with their offsets inside `objects`. */
  copy(objects: Uint8Array, offsets: ReadonlyMap<number, number>): void {
    for (const [n, at] of offsets) this.offsets.set(n, this.size + at);
    this.bytes(objects);
  }

  object(n: number, body: string | Stream): void {
    this.offsets.set(n, this.size);
    if (typeof body === 'string') {
      this.ascii(`${n} 0 obj\n${body}\nendobj\n`);
    } else {
      this.ascii(`${n} 0 obj\n${body.dict}\nstream\n`);
      this.bytes(body.data);
      this.ascii('\nendstream\nendobj\n');
    }
  }

  /**
   * The cross-reference table for objects 0..count-1 and the trailer. Numbers no object was
   * written for (a font set's scratch objects) are free entries.
   */
  private end(count: number, root: number, info: number): void {
    const xref = ['xref', `0 ${count}`];
    for (let n = 0; n < count; n++) {
      const at = this.offsets.get(n);
      // 20 bytes an entry.
      xref.push(
        at === undefined
          ? `0000000000 ${n === 0 ? '65535' : '00000'} f `
          : `${String(at).padStart(10, '0')} 00000 n `,
      );
    }
    const start = this.size;
    xref.push(
      'trailer',
      `<< /Size ${count} /Root ${ref(root)} /Info ${ref(info)} >>`,
      'startxref',
      String(start),
      '%%EOF',
      '',
    );
    this.ascii(xref.join('\n'));
  }

  /**
   * The page tree, the catalog (with the AcroForm, if any), the information dictionary, the
   * cross-reference table and the trailer: the end of every file. `pagesNumber` is the number
   * the pages already name as their /Parent.
   */
  close(
    numbers: ObjectNumbers,
    file: { pagesNumber: number; pageNumbers: number[]; acroForm?: number; info: DocumentInfo },
  ): void {
    const kids = file.pageNumbers.map(ref).join(' ');
    this.object(
      file.pagesNumber,
      `<< /Type /Pages /Kids [${kids}] /Count ${file.pageNumbers.length} >>`,
    );
    const form = file.acroForm === undefined ? '' : ` /AcroForm ${ref(file.acroForm)}`;
    const catalog = numbers.next++;
    // The language for screen readers, and the title (not the file name) in the viewer's title bar.
    this.object(
      catalog,
      `<< /Type /Catalog /Pages ${ref(file.pagesNumber)}${form} /Lang (en-US) /ViewerPreferences << /DisplayDocTitle true >> >>`,
    );
    const info = numbers.next++;
    this.object(info, infoDictionary(file.info));
    this.end(numbers.next, catalog, info);
  }

  /** Everything written since the last take(), in one array. */
  take(): Uint8Array {
    this.flushText();
    const length = this.parts.reduce((n, p) => n + p.length, 0);
    const file = new Uint8Array(length);
    let at = 0;
    for (const part of this.parts) {
      file.set(part, at);
      at += part.length;
    }
    this.parts = [];
    this.taken = this.size;
    return file;
  }

  private ascii(chunk: string): void {
    this.text += chunk;
    this.size += chunk.length;
  }

  private bytes(bytes: Uint8Array): void {
    this.flushText();
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private flushText(): void {
    if (this.text === '') return;
    this.parts.push(encoder.encode(this.text));
    this.text = '';
  }
}

/** The next free object number of a file; documents written into one file share it. */
export interface ObjectNumbers {
  next: number;
}

export interface DocumentInfo {
  title: string;
  author?: string;
  creator: string;
  date?: Date;
}

/** The document information dictionary; dates as PDF writes them (D:YYYYMMDDHHmmSSZ, UTC). */
function infoDictionary(info: DocumentInfo): string {
  const date = info.date
    ? `(D:${info.date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`
    : undefined;
  return [
    '<<',
    `/Title ${pdfText(info.title)}`,
    info.author === undefined ? '' : `/Author ${pdfText(info.author)}`,
    `/Creator ${pdfText(info.creator)} /Producer ${pdfText('Clearance')}`,
    date ? `/CreationDate ${date} /ModDate ${date}` : '',
    '>>',
  ]
    .filter(Boolean)
    .join(' ');
}
