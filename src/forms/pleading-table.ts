/**
 * Tables on pleading paper whose every cell is a form field (the motion's list of convictions),
 * drawn through a Pleading so that page breaks are decided in one place.
 */
import { DESCENT, LEFT, type Pleading } from './pleading';
import { fitFieldText, lineHeight, SIZE, wrap } from './pleading-text';

export interface FieldColumn {
  header: string;
  width: number;
}

export interface FieldCell {
  name: string;
  value: string;
}

/** Inside a table cell: room between the rules and the text. */
const CELL_PAD = { x: 3, y: 2 } as const;

/**
 * A ruled table whose every cell is a text field. A row grows to its tallest wrapped cell and
 * never splits; when it does not fit, the table continues on a new page under a repeated header.
 */
export function fieldTable(p: Pleading, columns: FieldColumn[], rows: FieldCell[][]): void {
  const xs = columnEdges(columns);
  const header = () => tableHeader(p, columns, xs);
  p.ensure(tableLeadHeight(p, columns, rows));
  header();
  for (const row of rows) {
    const height = rowHeight(p, columns, row);
    if (p.ensure(height)) header();
    const top = p.y;
    row.forEach((cell, i) => {
      p.field({
        ...cell,
        x: xs[i]! + CELL_PAD.x,
        width: columns[i]!.width - 2 * CELL_PAD.x,
        baseline: top - CELL_PAD.y - (p.single - DESCENT),
        maxHeight: maxCellHeight(p),
      });
    });
    p.y = top - height;
    tableRules(p, xs, top, p.y);
  }
}

/** The header and first row: what must fit under a heading so the heading is not left alone. */
export function tableLeadHeight(p: Pleading, columns: FieldColumn[], rows: FieldCell[][]): number {
  return headerHeight(p, columns) + (rows[0] ? rowHeight(p, columns, rows[0]) : 0);
}

function columnEdges(columns: FieldColumn[]): number[] {
  const xs = [LEFT];
  for (const c of columns) xs.push(xs[xs.length - 1]! + c.width);
  return xs;
}

function headerLines(p: Pleading, columns: FieldColumn[]): string[][] {
  return columns.map((c) => wrap(c.header, p.fonts.bold, SIZE, c.width - 2 * CELL_PAD.x));
}

function headerHeight(p: Pleading, columns: FieldColumn[]): number {
  return Math.max(...headerLines(p, columns).map((l) => l.length)) * p.single + 2 * CELL_PAD.y;
}

function tableHeader(p: Pleading, columns: FieldColumn[], xs: number[]): void {
  const top = p.y;
  const height = headerHeight(p, columns);
  p.shade(LEFT, top - height, xs[xs.length - 1]! - LEFT, height);
  headerLines(p, columns).forEach((lines, i) => {
    lines.forEach((line, k) => {
      const baseline = top - CELL_PAD.y - (p.single - DESCENT) - k * p.single;
      p.text(line, { x: xs[i]! + CELL_PAD.x, baseline }, p.fonts.bold);
    });
  });
  p.y = top - height;
  p.line(LEFT, top, xs[xs.length - 1]!, top);
  tableRules(p, xs, top, p.y);
}

/**
 * A row never splits, so a cell's text may take at most three quarters of a page (under the repeated
 * header and a continuation page's heading); longer text is set smaller instead.
 */
function maxCellHeight(p: Pleading): number {
  return p.bodyHeight * 0.75;
}

function rowHeight(p: Pleading, columns: FieldColumn[], row: FieldCell[]): number {
  const heights = row.map((cell, i) => {
    const width = columns[i]!.width - 2 * CELL_PAD.x;
    const fit = fitFieldText(cell.value, p.fonts.regular, width, maxCellHeight(p));
    return fit.lines * lineHeight(p.fonts.regular, fit.size);
  });
  return Math.max(...heights) + 2 * CELL_PAD.y;
}

/** The bottom rule of a row and the column rules beside it. */
function tableRules(p: Pleading, xs: number[], top: number, bottom: number): void {
  p.line(xs[0]!, bottom, xs[xs.length - 1]!, bottom, 0.5);
  for (const x of xs) p.line(x, top, x, bottom, 0.5);
}
