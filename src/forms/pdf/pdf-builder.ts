import { zlibSync } from 'fflate';
import type { FontSet, SubsetFont } from './subset-fonts';
import { latin1Bytes, pdfName, pdfNumber, pdfText, rectArray, ref, type Rect } from './pdf-syntax';

/**
 * A small PDF writer for documents made in bulk: pages of text and rules, and an AcroForm of text
 * fields and check boxes with their appearances. Each document copies the objects of its
 * Stationery (the fonts, and drawings every page shows) byte for byte and writes the rest as
 * plain PDF syntax: the same objects pdf-lib would build (pdf-lib reads these files back in the
 * tests), in a fraction of the time. A motion is made thousands of times per run, and pdf-lib's
 * object model, per-document font subsetting and per-stream compression cost ~60 ms each.
 *
 * Only what the court papers use is here; coordinates are PDF points from the bottom left.
 */
export type { Rect };
export type Alignment = 0 | 1 | 2;

interface Stream {
  dict: string;
  data: Uint8Array;
}

const encoder = new TextEncoder();

/** One page: its content stream, built as text, and the widgets placed on it. */
export class PdfPage {
  readonly ops: string[] = [];
  readonly annots: number[] = [];

  constructor(
    readonly objectNumber: number,
    readonly width: number,
    readonly height: number,
  ) {}

  text(text: string, x: number, y: number, size: number, font: SubsetFont): void {
    this.ops.push(
      `BT ${pdfName(font.name)} ${pdfNumber(size)} Tf 1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm ${font.encodeText(text)} Tj ET`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness: number): void {
    this.ops.push(
      `${pdfNumber(thickness)} w ${pdfNumber(x1)} ${pdfNumber(y1)} m ${pdfNumber(x2)} ${pdfNumber(y2)} l S`,
    );
  }

  /** A rectangle filled with a grey (0 black .. 1 white). */
  fill(r: Rect, grey: number): void {
    this.ops.push(
      `q ${pdfNumber(grey)} g ${pdfNumber(r.x)} ${pdfNumber(r.y)} ${pdfNumber(r.width)} ${pdfNumber(r.height)} re f Q`,
    );
  }

  /** Draws a shared drawing of the stationery (withSharedDrawing) over the whole page. */
  show(form: string): void {
    this.ops.push(`${pdfName(form)} Do`);
  }

  /** A rectangle's outline. */
  frame(r: Rect, thickness: number): void {
    this.ops.push(
      `${pdfNumber(thickness)} w ${pdfNumber(r.x)} ${pdfNumber(r.y)} ${pdfNumber(r.width)} ${pdfNumber(r.height)} re S`,
    );
  }
}

/**
 * What every document of a kind shares, serialised once: the fonts and any drawings that every
 * page shows (Form XObjects, by resource name), with the object numbers they keep in each copy.
 */
export interface Stationery {
  fonts: FontSet;
  /** Objects written after the fonts' ("n 0 obj ... endobj"), and their offsets in that run. */
  objects: Uint8Array;
  offsets: ReadonlyMap<number, number>;
  forms: ReadonlyMap<string, number>;
  firstFreeObjectNumber: number;
}

export function stationeryOf(fonts: FontSet): Stationery {
  return {
    fonts,
    objects: new Uint8Array(0),
    offsets: new Map(),
    forms: new Map(),
    firstFreeObjectNumber: fonts.firstFreeObjectNumber,
  };
}

/** The stationery and a Form XObject `name`, drawn once by `draw` (in the fonts' resources). */
export function withSharedDrawing(
  base: Stationery,
  name: string,
  size: { width: number; height: number },
  draw: (page: PdfPage) => void,
): Stationery {
  const n = base.firstFreeObjectNumber;
  const canvas = new PdfPage(n, size.width, size.height);
  draw(canvas);
  const data = zlibSync(latin1Bytes(canvas.ops.join('\n')), { level: 9 });
  const dict = `<< /Type /XObject /Subtype /Form /BBox [0 0 ${size.width} ${size.height}] /Resources << ${fontResources(base.fonts)} >> /Filter /FlateDecode /Length ${data.length} >>`;
  const head = latin1Bytes(`${n} 0 obj\n${dict}\nstream\n`);
  const tail = latin1Bytes('\nendstream\nendobj\n');
  const objects = new Uint8Array(base.objects.length + head.length + data.length + tail.length);
  objects.set(base.objects, 0);
  objects.set(head, base.objects.length);
  objects.set(data, base.objects.length + head.length);
  objects.set(tail, base.objects.length + head.length + data.length);
  return {
    fonts: base.fonts,
    objects,
    offsets: new Map([...base.offsets, [n, base.objects.length]]),
    forms: new Map([...base.forms, [name, n]]),
    firstFreeObjectNumber: n + 1,
  };
}

function fontResources({ regular, bold }: FontSet): string {
  return `/Font << ${pdfName(regular.name)} ${ref(regular.objectNumber)} ${pdfName(bold.name)} ${ref(bold.objectNumber)} >>`;
}

/** A node of the form's field tree: "conviction.1.date" is conviction > 1 > date. */
interface FieldNode {
  objectNumber: number;
  partialName: string;
  parent?: FieldNode;
  kids: FieldNode[];
  /** Terminal fields only: the field's own entries (/FT, /V, ...) and its widgets. */
  entries?: string;
  widgets: number[];
}

export interface TextFieldSpec {
  value: string;
  font: SubsetFont;
  size: number;
  align: Alignment;
}

/** The lines of a field's appearance, as layoutMultilineText places them inside the widget. */
export interface AppearanceLine {
  text: string;
  x: number;
  y: number;
}

const MULTILINE = 1 << 12;

export class PdfBuilder {
  private readonly bodies = new Map<number, string | Stream>();
  private nextNumber: number;
  readonly pages: PdfPage[] = [];
  private readonly roots: FieldNode[] = [];
  private readonly fields = new Map<string, FieldNode>();

  readonly fonts: FontSet;

  constructor(
    private readonly stationery: Stationery,
    private readonly info: { title: string; author: string; creator: string },
  ) {
    this.fonts = stationery.fonts;
    this.nextNumber = stationery.firstFreeObjectNumber;
  }

  private allocate(): number {
    return this.nextNumber++;
  }

  addPage(width: number, height: number): PdfPage {
    const page = new PdfPage(this.allocate(), width, height);
    this.pages.push(page);
    return page;
  }

  get hasFields(): boolean {
    return this.fields.size > 0;
  }

  /** A text field's widget on `page`; the first widget of a name creates the field. */
  textWidget(
    name: string,
    spec: TextFieldSpec,
    page: PdfPage,
    rect: Rect,
    lines: AppearanceLine[],
  ) {
    const da = `${pdfName(spec.font.name)} ${pdfNumber(spec.size)} Tf 0 g`;
    const field = this.field(
      name,
      `/FT /Tx /Ff ${MULTILINE} /V ${pdfText(spec.value)} /DA (${da}) /Q ${spec.align}`,
    );
    // The appearance pdf-lib's provider draws: clipped to the padding, one Tm + Tj per line.
    const w = pdfNumber(rect.width - 1);
    const h = pdfNumber(rect.height - 1);
    const shown = lines
      .map(
        (l) => `1 0 0 1 ${pdfNumber(l.x)} ${pdfNumber(l.y)} Tm ${spec.font.encodeText(l.text)} Tj`,
      )
      .join('\n');
    const content = `/Tx BMC\nq\n1 1 m 1 ${h} l ${w} ${h} l ${w} 1 l h W n\nBT\n0 g\n${da}\n${shown}\nET\nQ\nEMC`;
    const appearance = this.stream(
      `/Type /XObject /Subtype /Form /BBox [0 0 ${pdfNumber(rect.width)} ${pdfNumber(rect.height)}] /Resources << /Font << ${pdfName(spec.font.name)} ${ref(spec.font.objectNumber)} >> >>`,
      latin1Bytes(content),
      false,
    );
    this.widget(field, page, rect, `/MK << >> /BS << /W 0 >> /AP << /N ${ref(appearance)} >>`);
  }

  /** An unticked check box with a black border: /Yes shows a tick, /Off only the border. */
  checkBox(name: string, page: PdfPage, rect: Rect): void {
    const field = this.field(name, '/FT /Btn /Ff 0 /V /Off');
    const bbox = `/Type /XObject /Subtype /Form /BBox [0 0 ${pdfNumber(rect.width)} ${pdfNumber(rect.height)}] /Resources << >>`;
    const border = `0 G 1 w 0.5 0.5 ${pdfNumber(rect.width - 1)} ${pdfNumber(rect.height - 1)} re S`;
    const s = (f: number) => pdfNumber(f * rect.width);
    const tick = `${s(0.2)} ${s(0.5)} m ${s(0.42)} ${s(0.25)} l ${s(0.8)} ${s(0.78)} l S`;
    const on = this.stream(bbox, latin1Bytes(`q ${border} 1.5 w ${tick} Q`), false);
    const off = this.stream(bbox, latin1Bytes(`q ${border} Q`), false);
    this.widget(
      field,
      page,
      rect,
      `/MK << /BC [0 0 0] >> /BS << /W 1 >> /AS /Off /AP << /N << /Yes ${ref(on)} /Off ${ref(off)} >> >>`,
    );
  }

  private widget(field: FieldNode, page: PdfPage, rect: Rect, entries: string): void {
    const n = this.allocate();
    this.bodies.set(
      n,
      `<< /Type /Annot /Subtype /Widget /Rect ${rectArray(rect)} /P ${ref(page.objectNumber)} /Parent ${ref(field.objectNumber)} /F 4 ${entries} >>`,
    );
    field.widgets.push(n);
    page.annots.push(n);
  }

  private field(name: string, entries: string): FieldNode {
    const known = this.fields.get(name);
    if (known) return known;
    const parts = name.split('.');
    let siblings = this.roots;
    let parent: FieldNode | undefined;
    parts.forEach((partialName, i) => {
      let node = siblings.find((f) => f.partialName === partialName);
      if (!node) {
        node = { objectNumber: this.allocate(), partialName, parent, kids: [], widgets: [] };
        siblings.push(node);
      }
      if (i === parts.length - 1) node.entries = entries;
      parent = node;
      siblings = node.kids;
    });
    this.fields.set(name, parent!);
    return parent!;
  }

  private stream(dict: string, data: Uint8Array, compress: boolean): number {
    const n = this.allocate();
    const body = compress ? zlibSync(data, { level: 3 }) : data;
    const filter = compress ? ' /Filter /FlateDecode' : '';
    this.bodies.set(n, { dict: `<< ${dict}${filter} /Length ${body.length} >>`, data: body });
    return n;
  }

  /** The whole file: header, the fonts, every object, the cross-reference table and trailer. */
  save(): Uint8Array {
    const { regular } = this.fonts;
    const forms = [...this.stationery.forms].map(([name, n]) => `${pdfName(name)} ${ref(n)}`);
    const xobjects = forms.length > 0 ? ` /XObject << ${forms.join(' ')} >>` : '';
    const resources = `${fontResources(this.fonts)}${xobjects}`;
    const pagesNumber = this.allocate();
    for (const page of this.pages) {
      const contents = this.stream('', latin1Bytes(`0 g 0 G\n${page.ops.join('\n')}\n`), true);
      const annots = page.annots.length > 0 ? ` /Annots [${page.annots.map(ref).join(' ')}]` : '';
      this.bodies.set(
        page.objectNumber,
        `<< /Type /Page /Parent ${ref(pagesNumber)} /MediaBox [0 0 ${page.width} ${page.height}] /Contents ${ref(contents)} /Resources << ${resources} >>${annots} >>`,
      );
    }
    this.bodies.set(
      pagesNumber,
      `<< /Type /Pages /Kids [${this.pages.map((p) => ref(p.objectNumber)).join(' ')}] /Count ${this.pages.length} >>`,
    );
    let acroForm = '';
    if (this.hasFields) {
      const writeNode = (node: FieldNode) => {
        const parent = node.parent ? ` /Parent ${ref(node.parent.objectNumber)}` : '';
        const kids = [...node.kids.map((k) => k.objectNumber), ...node.widgets];
        this.bodies.set(
          node.objectNumber,
          `<< /T ${pdfText(node.partialName)}${parent} ${node.entries ?? ''} /Kids [${kids.map(ref).join(' ')}] >>`,
        );
        node.kids.forEach(writeNode);
      };
      this.roots.forEach(writeNode);
      const form = this.allocate();
      this.bodies.set(
        form,
        `<< /Fields [${this.roots.map((f) => ref(f.objectNumber)).join(' ')}] /DR << ${fontResources(this.fonts)} >> /DA (${pdfName(regular.name)} 12 Tf 0 g) >>`,
      );
      acroForm = ` /AcroForm ${ref(form)}`;
    }
    const catalog = this.allocate();
    this.bodies.set(catalog, `<< /Type /Catalog /Pages ${ref(pagesNumber)}${acroForm} >>`);
    const infoNumber = this.allocate();
    this.bodies.set(
      infoNumber,
      `<< /Title ${pdfText(this.info.title)} /Author ${pdfText(this.info.author)} /Creator ${pdfText(this.info.creator)} /Producer ${pdfText('Clearance')} >>`,
    );
    return this.serialise(catalog, infoNumber);
  }

  private serialise(catalog: number, info: number): Uint8Array {
    const parts: Uint8Array[] = [];
    const offsets = new Map<number, number>();
    // Everything but the fonts and compressed streams is ASCII (names and strings are escaped),
    // so a string's length is its size in bytes: runs of text are joined and encoded once.
    let text = '';
    let size = 0;
    const flushText = () => {
      if (text === '') return;
      parts.push(encoder.encode(text));
      text = '';
    };
    const pushText = (chunk: string) => {
      text += chunk;
      size += chunk.length;
    };
    const pushBytes = (bytes: Uint8Array) => {
      flushText();
      parts.push(bytes);
      size += bytes.length;
    };
    // The header pdf-lib writes: the version, then a comment of high bytes marking the file binary.
    pushBytes(new Uint8Array([...encoder.encode('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 10]));
    for (const [n, at] of this.fonts.offsets) offsets.set(n, size + at);
    pushBytes(this.fonts.objects);
    for (const [n, at] of this.stationery.offsets) offsets.set(n, size + at);
    pushBytes(this.stationery.objects);
    const numbers = [...this.bodies.keys()].sort((a, b) => a - b);
    for (const n of numbers) {
      const body = this.bodies.get(n)!;
      offsets.set(n, size);
      if (typeof body === 'string') {
        pushText(`${n} 0 obj\n${body}\nendobj\n`);
      } else {
        pushText(`${n} 0 obj\n${body.dict}\nstream\n`);
        pushBytes(body.data);
        pushText('\nendstream\nendobj\n');
      }
    }
    const count = this.nextNumber;
    const xref = ['xref', `0 ${count}`];
    for (let n = 0; n < count; n++) {
      const at = offsets.get(n);
      // 20 bytes an entry; numbers this document does not use (the fonts' scratch objects) are free.
      xref.push(
        at === undefined
          ? `0000000000 ${n === 0 ? '65535' : '00000'} f `
          : `${String(at).padStart(10, '0')} 00000 n `,
      );
    }
    xref.push(
      'trailer',
      `<< /Size ${count} /Root ${ref(catalog)} /Info ${ref(info)} >>`,
      'startxref',
      String(size),
      '%%EOF',
      '',
    );
    pushText(xref.join('\n'));
    flushText();
    const file = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      file.set(part, at);
      at += part.length;
    }
    return file;
  }
}
