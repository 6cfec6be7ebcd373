import { zlibSync } from 'fflate';
import type { FontSet, SubsetFont } from './subset-fonts';
import { PdfOutput, type DocumentInfo, type ObjectNumbers, type Stream } from './pdf-output';
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
export type { DocumentInfo, ObjectNumbers, Rect };
export type Alignment = 0 | 1 | 2;

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
  /** All of them serialised ("n 0 obj ... endobj"), fonts first, and their offsets in that run. */
  objects: Uint8Array;
  offsets: ReadonlyMap<number, number>;
  forms: ReadonlyMap<string, number>;
  firstFreeObjectNumber: number;
}

export function stationeryOf(fonts: FontSet): Stationery {
  return {
    fonts,
    objects: fonts.objects,
    offsets: fonts.offsets,
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
  const dict = formXObject(size, fontResources(base.fonts));
  const out = new PdfOutput();
  out.copy(base.objects, base.offsets);
  out.object(n, { dict: `<< ${dict} /Filter /FlateDecode /Length ${data.length} >>`, data });
  return {
    fonts: base.fonts,
    objects: out.take(),
    offsets: out.offsets,
    forms: new Map([...base.forms, [name, n]]),
    firstFreeObjectNumber: n + 1,
  };
}

/** A Form XObject's dictionary entries (a drawing of its own: shared paper, a field's look). */
function formXObject(size: { width: number; height: number }, resources: string): string {
  return `/Type /XObject /Subtype /Form /BBox [0 0 ${pdfNumber(size.width)} ${pdfNumber(size.height)}] /Resources << ${resources} >>`;
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
const NO_TOGGLE_TO_OFF = 1 << 14;
const RADIO = 1 << 15;

/** A circle as four Bezier curves, for a radio button's look. */
function circlePath(cx: number, cy: number, r: number): string {
  const k = r * 0.5523;
  const n = pdfNumber;
  return [
    `${n(cx + r)} ${n(cy)} m`,
    `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`,
    `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c`,
    `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`,
    `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c`,
  ].join(' ');
}

export class PdfBuilder {
  private readonly bodies = new Map<number, string | Stream>();
  readonly pages: PdfPage[] = [];
  private readonly roots: FieldNode[] = [];
  private readonly fields = new Map<string, FieldNode>();

  readonly fonts: FontSet;

  /**
   * `numbers` is given when the document's pages go into a larger file (CombinedPdf) whose
   * numbering they continue; a document of its own numbers from after its stationery.
   */
  constructor(
    private readonly stationery: Stationery,
    private readonly numbers: ObjectNumbers = { next: stationery.firstFreeObjectNumber },
  ) {
    this.fonts = stationery.fonts;
  }

  private allocate(): number {
    return this.numbers.next++;
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
    const resources = `/Font << ${pdfName(spec.font.name)} ${ref(spec.font.objectNumber)} >>`;
    const appearance = this.stream(formXObject(rect, resources), latin1Bytes(content), false);
    this.widget(field, page, rect, `/MK << >> /BS << /W 0 >> /AP << /N ${ref(appearance)} >>`);
  }

  /** An unticked check box with a black border: /Yes shows a tick, /Off only the border. */
  checkBox(name: string, page: PdfPage, rect: Rect): void {
    const field = this.field(name, '/FT /Btn /Ff 0 /V /Off');
    const bbox = formXObject(rect, '');
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

  /**
   * One button of a radio group `name` (PDF 32000 12.7.4.2.4): the group is one field whose value
   * is the chosen button's `option` (or /Off), so ticking one button clears the others. The first
   * button of a name creates the field; each button draws a circle, filled when chosen.
   */
  radioButton(name: string, option: string, page: PdfPage, rect: Rect): void {
    const field = this.field(name, `/FT /Btn /Ff ${RADIO | NO_TOGGLE_TO_OFF} /V /Off`);
    const bbox = formXObject(rect, '');
    const r = Math.min(rect.width, rect.height) / 2;
    const circle = (radius: number) => circlePath(rect.width / 2, rect.height / 2, radius);
    const ring = `0 G 1 w ${circle(r - 0.5)} S`;
    const on = this.stream(bbox, latin1Bytes(`q ${ring} 0 g ${circle(r * 0.45)} f Q`), false);
    const off = this.stream(bbox, latin1Bytes(`q ${ring} Q`), false);
    this.widget(
      field,
      page,
      rect,
      `/MK << /BC [0 0 0] >> /BS << /W 1 /S /S >> /AS /Off /AP << /N << ${pdfName(option)} ${ref(on)} /Off ${ref(off)} >> >>`,
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

  /** The whole file: header, the stationery, every object, the cross-reference table, trailer. */
  save(info: DocumentInfo): Uint8Array {
    const out = new PdfOutput();
    out.header();
    out.copy(this.stationery.objects, this.stationery.offsets);
    const pagesNumber = this.allocate();
    this.writePages(pagesNumber, out);
    out.close(this.numbers, {
      pagesNumber,
      pageNumbers: this.pages.map((p) => p.objectNumber),
      acroForm: this.hasFields ? this.writeForm(out) : undefined,
      info,
    });
    return out.take();
  }

  /**
   * Writes the pages, their contents and everything placed on them (not the stationery, nor a
   * page tree: their /Parent is `pagesNumber`), in object-number order.
   */
  writePages(pagesNumber: number, out: PdfOutput): void {
    const forms = [...this.stationery.forms].map(([name, n]) => `${pdfName(name)} ${ref(n)}`);
    const xobjects = forms.length > 0 ? ` /XObject << ${forms.join(' ')} >>` : '';
    const resources = `${fontResources(this.fonts)}${xobjects}`;
    for (const page of this.pages) {
      const contents = this.stream('', latin1Bytes(`0 g 0 G\n${page.ops.join('\n')}\n`), true);
      const annots = page.annots.length > 0 ? ` /Annots [${page.annots.map(ref).join(' ')}]` : '';
      this.bodies.set(
        page.objectNumber,
        `<< /Type /Page /Parent ${ref(pagesNumber)} /MediaBox [0 0 ${page.width} ${page.height}] /Contents ${ref(contents)} /Resources << ${resources} >>${annots} >>`,
      );
    }
    for (const n of [...this.bodies.keys()].sort((a, b) => a - b))
      out.object(n, this.bodies.get(n)!);
    this.bodies.clear();
  }

  /** The field tree and the AcroForm dictionary; returns the latter's number. */
  private writeForm(out: PdfOutput): number {
    const writeNode = (node: FieldNode) => {
      const parent = node.parent ? ` /Parent ${ref(node.parent.objectNumber)}` : '';
      const kids = [...node.kids.map((k) => k.objectNumber), ...node.widgets];
      out.object(
        node.objectNumber,
        `<< /T ${pdfText(node.partialName)}${parent} ${node.entries ?? ''} /Kids [${kids.map(ref).join(' ')}] >>`,
      );
      node.kids.forEach(writeNode);
    };
    this.roots.forEach(writeNode);
    const form = this.allocate();
    out.object(
      form,
      `<< /Fields [${this.roots.map((f) => ref(f.objectNumber)).join(' ')}] /DR << ${fontResources(this.fonts)} >> /DA (${pdfName(this.fonts.regular.name)} 12 Tf 0 g) >>`,
    );
    return form;
  }
}
