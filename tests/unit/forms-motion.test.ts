/**
 * The motion PDF (one per court case, or per person), read back two ways: pdf-lib for the form
 * fields (what staff edit) and pdftotext for what prints. The fixture's motions come from the
 * court-data.csv of a real run of the hand-made Sacramento fixture; the long-history and
 * special-character motions are made up here as court-data.csv rows.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  layoutMultilineText,
  PDFDocument,
  PDFName,
  PDFTextField,
  type PDFFont,
  type PDFForm,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readCourtData, type CourtDataRow } from '../../src/forms/filing-rows';
import { embedFormFonts, readNodeFormFonts, type FormFonts } from '../../src/forms/fonts';
import { reliefKindOf, reliefLabel, routeOf } from '../../src/forms/legal-wording';
import { groupMotions, type MotionGroup } from '../../src/forms/model';
import { motionPdf, RULING_FIELD, type MotionContext } from '../../src/forms/motion-pdf';
import type { OfficeSettings } from '../../src/forms/office';
import { SHORTENED_NOTE } from '../../src/forms/pleading-text';
import { TEST_OFFICE } from '../helpers/office';
import { filingOf, type Filing } from '../helpers/filing';
import { runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

const run$ = promisify(execFile);

const OFFICE: OfficeSettings = { ...TEST_OFFICE, filingDate: '2019-11-12' };

let tmp: string;
let fonts: FormFonts;
let context: MotionContext;

/** pdftotext's output, one string per page; its warnings (a damaged file) fail the test. */
async function pdfPages(bytes: Uint8Array, layout = false): Promise<string[]> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { stdout, stderr } = await run$('pdftotext', [...(layout ? ['-layout'] : []), file, '-']);
  expect(stderr).toBe('');
  return stdout.split('\f').slice(0, -1);
}

/** Every printed word with its page and position (to a tenth of a point), in a fixed order. */
async function words(bytes: Uint8Array): Promise<string[]> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await run$('pdftotext', ['-bbox', file, '-']);
  const found: string[] = [];
  stdout.split('<page ').forEach((page, n) => {
    for (const m of page.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</g)) {
      found.push(`${n} ${Number(m[2]).toFixed(1)} ${Number(m[1]).toFixed(1)} ${m[3]}`);
    }
  });
  return found.sort();
}

/** A phrase of wrapped text as a pattern: a line number of the pleading paper may fall between words. */
const phrase = (words: string) =>
  new RegExp(
    words
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('(?: \\d{1,2})? '),
  );

/** Collapses runs of spaces and line breaks, so wrapped text can be searched. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function fieldText(form: PDFForm, name: string): string | undefined {
  return form.getTextField(name).getText();
}

function syntheticConviction(i: number): CourtDataRow {
  const reduce = i % 3 === 0;
  return {
    caseNumber: `98F${String(1000 + i).padStart(5, '0')}`,
    court: 'Superior Court of California, County of Sacramento',
    name: 'VONWINKLE, BARTHOLOMEW ALEXANDER',
    dob: '02/29/1960',
    cii: 'A01234567',
    date: `0${(i % 9) + 1}/15/${1980 + i}`,
    codeSection: reduce ? '11359(B) HS' : '11357(A) HS',
    level: reduce ? 'Felony' : 'Misdemeanor',
    relief: reduce ? 'Reduction to a misdemeanor' : 'Dismissal and sealing',
    // Every fourth sentence is still being served.
    statute: i % 4 === 0 ? 'H&S 11361.8(b)' : 'H&S 11361.8(f)',
    inputLine: String(i + 2),
  };
}

/** A motion of these rows, as groupMotions makes it per person. */
function motionOf(rows: CourtDataRow[]): MotionGroup {
  const [group, ...others] = groupMotions(rows, 'person');
  expect(others).toEqual([]);
  return group!;
}

const LONG: MotionGroup = motionOf(Array.from({ length: 40 }, (_, i) => syntheticConviction(i)));

let run: EngineRun;
let filing: Filing;
let motionPeople: MotionGroup[];
/** Each fixture motion, fields left editable, by its position. */
const made = new Map<MotionGroup, Uint8Array>();

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'clearance-motion-'));
  fonts = await readNodeFormFonts();
  context = { county: 'SACRAMENTO', office: OFFICE, flatten: false, fonts };
  run = await runSacramentoFixture();
  filing = await filingOf(run);
  motionPeople = groupMotions(await readCourtData([await filing.text('court-data.csv')]), 'case');
  for (const group of motionPeople) made.set(group, await motionPdf(group, context));
});
afterAll(async () => {
  await run.cleanup();
  await filing.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

describe('motions for the Sacramento fixture', () => {
  test('every motion has fields that hold its values', async () => {
    expect(motionPeople.length).toBeGreaterThan(1);
    for (const person of motionPeople) {
      const form = (await PDFDocument.load(made.get(person)!)).getForm();
      expect(fieldText(form, 'defendant.name')).toBe(person.name);
      expect(fieldText(form, 'defendant.cii') ?? '').toBe(person.cii);
      expect(fieldText(form, 'defendant.dob')).toBe(person.dob);
      expect(fieldText(form, 'case.numbers') ?? '').toBe(person.caseNumbers.join('; '));
      expect(fieldText(form, 'court.name')).toBe(
        'SUPERIOR COURT OF CALIFORNIA, COUNTY OF SACRAMENTO',
      );
      expect(fieldText(form, 'attorney.barNumber')).toBe(OFFICE.barNumber);
      expect(fieldText(form, 'filing.date')).toBe('11/12/2019');
    }
  });

  test("each conviction's case, date, section, level, relief and statute is a field", async () => {
    for (const person of motionPeople) {
      const form = (await PDFDocument.load(made.get(person)!)).getForm();
      person.rows.forEach((c, i) => {
        const field = (key: string) => fieldText(form, `conviction.${i + 1}.${key}`) ?? '';
        expect(field('caseNumber')).toBe(c.caseNumber);
        expect(field('date')).toBe(c.date);
        expect(field('codeSection')).toBe(c.codeSection);
        expect(field('level')).toBe(c.level);
        expect(field('relief')).toBe(reliefLabel(routeOf(c.statute), reliefKindOf(c.relief)));
        expect(field('statute')).toBe(c.statute);
      });
      const rows = new Set(
        form
          .getFields()
          .map((f) => /^conviction\.(\d+)\./.exec(f.getName())?.[1])
          .filter(Boolean),
      );
      expect(rows.size).toBe(person.rows.length);
    }
  });

  test('the order is one choice: GRANTED or DENIED, a radio group chosen neither way', async () => {
    const form = (await PDFDocument.load(made.values().next().value!)).getForm();
    const ruling = form.getRadioGroup(RULING_FIELD);
    expect(ruling.getOptions()).toEqual(['granted', 'denied']);
    expect(ruling.getSelected()).toBeUndefined();
    ruling.select('granted');
    expect(ruling.getSelected()).toBe('granted');
    ruling.select('denied');
    expect(ruling.getSelected()).toBe('denied');
  });

  test('the printed text names the person, the court, the cases and the relief', async () => {
    for (const person of motionPeople) {
      const pages = await pdfPages(made.get(person)!);
      const text = flat(pages.join(' '));
      expect(text).toContain(person.name);
      expect(text).toContain('SUPERIOR COURT OF CALIFORNIA, COUNTY OF SACRAMENTO');
      expect(text).toContain('THE PEOPLE OF THE STATE OF CALIFORNIA');
      expect(text).toContain('MOTION AND [PROPOSED] ORDER:');
      expect(text).toContain('11361.9');
      expect(text).toContain('IT IS SO ORDERED.');
      for (const n of person.caseNumbers) expect(text).toContain(n);
      for (const c of person.rows) expect(text).toContain(c.date);
      pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    }
  });
});

/** The value of every text-field widget, laid out as pdf-lib lays it out, fits its rectangle. */
async function expectNothingClipped(bytes: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(bytes);
  const scratch = await PDFDocument.create();
  const embedded = await embedFormFonts(scratch, fonts);
  const fontByName = new Map<string, PDFFont>([
    [embedded.regular.name, embedded.regular],
    [embedded.bold.name, embedded.bold],
  ]);
  let widgets = 0;
  for (const field of doc.getForm().getFields()) {
    if (!(field instanceof PDFTextField)) continue;
    const [, fontName, size] = /\/(\S+) ([\d.]+) Tf/.exec(field.acroField.getDefaultAppearance()!)!;
    const font = fontByName.get(fontName!)!;
    for (const widget of field.acroField.getWidgets()) {
      const rect = widget.getRectangle();
      // Above the footer: numbered line 28's descenders end at 67 points.
      expect(rect.y, field.getName()).toBeGreaterThanOrEqual(66);
      const bounds = { x: 1, y: 1, width: rect.width - 2, height: rect.height - 2 };
      const layout = layoutMultilineText(field.getText() ?? '', {
        alignment: field.getAlignment(),
        fontSize: Number(size),
        font,
        bounds,
      });
      for (const line of layout.lines) {
        expect(line.width, `${field.getName()}: "${line.text}"`).toBeLessThan(bounds.width);
        // The line's descenders stay inside the clip rectangle.
        expect(line.y - font.heightAtSize(Number(size)) * 0.2, field.getName()).toBeGreaterThan(0);
      }
      widgets += 1;
    }
  }
  return widgets;
}

describe('a long history', () => {
  let bytes: Uint8Array;
  let pages: string[];
  beforeAll(async () => {
    bytes = await motionPdf(LONG, context);
    pages = await pdfPages(bytes);
  });

  test('continues on numbered pages, each naming the case it belongs to', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      if (i > 0) {
        expect(flat(page)).toContain('People v. VONWINKLE, BARTHOLOMEW ALEXANDER');
        expect(page).toContain('(continued)');
      }
    });
  });

  test('lists every conviction with its own case number and route', async () => {
    const text = flat(pages.join(' '));
    for (const c of LONG.rows) expect(text).toContain(c.caseNumber);
    const form = (await PDFDocument.load(bytes)).getForm();
    LONG.rows.forEach((c, i) => {
      expect(fieldText(form, `conviction.${i + 1}.caseNumber`)).toBe(c.caseNumber);
      expect(fieldText(form, `conviction.${i + 1}.statute`)).toBe(c.statute);
    });
  });

  test('cites each route its rows need, and only those', async () => {
    const text = flat(pages.join(' '));
    // Still serving: recall under (a)-(b); completed: dismissal or redesignation under (e)-(f).
    expect(text).toMatch(phrase('§ 11361.8, subds. (b), (f); 11361.9'));
    expect(text).toMatch(phrase('the defendant is still serving the sentence'));
    expect(text).toMatch(phrase('the sentence has been completed'));
    expect(text).toMatch(phrase('subds. (a), (b)'));
    expect(text).toMatch(phrase('subds. (e), (f)'));
    const completedOnly = motionOf(LONG.rows.filter((r) => r.statute.endsWith('(f)')));
    const only = flat((await pdfPages(await motionPdf(completedOnly, context))).join(' '));
    expect(only).toMatch(phrase('§ 11361.8, subd. (f); 11361.9'));
    expect(only).not.toContain('11361.8(b)');
    expect(only).not.toContain('subds. (a), (b)');
    expect(only).not.toContain('still serving');
  });

  test('the table header repeats on each page the table continues on', () => {
    // "Misdemeanor" only ever prints in a table row.
    const withRows = pages.filter((p) => p.includes('Misdemeanor'));
    expect(withRows.length).toBeGreaterThan(1);
    // "Level" is only ever a column heading.
    for (const page of withRows) expect(page).toMatch(/\bLevel\b/);
  });

  test('no field clips its text, and no word prints outside the margins', async () => {
    expect(await expectNothingClipped(bytes)).toBeGreaterThan(40 * 6);
    const file = path.join(tmp, 'bbox.pdf');
    await writeFile(file, bytes);
    const { stdout } = await run$('pdftotext', ['-bbox', file, '-']);
    const words = [
      ...stdout.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g),
    ];
    expect(words.length).toBeGreaterThan(500);
    for (const [, xMin, yMin, xMax, yMax] of words) {
      // Letter page; the text column ends at the right-hand rule, 36 points from the edge.
      expect(Number(xMin)).toBeGreaterThanOrEqual(36);
      expect(Number(xMax)).toBeLessThanOrEqual(576);
      expect(Number(yMin)).toBeGreaterThanOrEqual(36);
      expect(Number(yMax)).toBeLessThanOrEqual(792 - 18);
    }
  });

  test('long unbroken values wrap or shrink instead of being cut off', async () => {
    const person: MotionGroup = {
      ...LONG,
      name: `${'VERYLONGSURNAMEWITHOUTANYSPACES'.repeat(3)}, ${'GIVEN '.repeat(20)}`.trim(),
      caseNumbers: ['X'.repeat(70), ...LONG.caseNumbers.slice(0, 3)],
      rows: LONG.rows.slice(0, 3).map((c, i) => ({
        ...c,
        caseNumber: i === 0 ? '1234567890'.repeat(5) : c.caseNumber,
        codeSection: `${c.codeSection} `.repeat(8).trim(),
      })),
    };
    const long = await motionPdf(person, context);
    await expectNothingClipped(long);
    const manyCases = {
      ...person,
      caseNumbers: Array.from({ length: 100 }, (_, i) => `98F0${1000 + i}`),
    };
    const crowded = await motionPdf(manyCases, context);
    await expectNothingClipped(crowded);
    const [first] = await pdfPages(crowded);
    expect(flat(first!)).toContain('MOTION AND [PROPOSED] ORDER:');
    const form = (await PDFDocument.load(long)).getForm();
    expect(fieldText(form, 'defendant.name')!.replace(/\n/g, '')).toBe(person.name);
  });
});

describe('values longer than any box', () => {
  test('are shortened with a note, and nothing is clipped or printed past the margins', async () => {
    const person: MotionGroup = {
      ...LONG,
      name: Array.from({ length: 1000 }, (_, i) => `NAME${i % 10}`).join(' '),
      cii: 'C'.repeat(3000),
      rows: LONG.rows.slice(0, 2).map((c, i) => ({
        ...c,
        codeSection: i === 0 ? 'R'.repeat(3000) : `${c.codeSection} `.repeat(3).trim(),
      })),
    };
    for (const flatten of [false, true]) {
      const bytes = await motionPdf(person, { ...context, flatten });
      const pages = await pdfPages(bytes);
      expect(pages.length).toBeLessThan(10);
      expect(flat(pages.join(' '))).toContain('(shortened: see the court data file)');
      if (!flatten) {
        await expectNothingClipped(bytes);
        const form = (await PDFDocument.load(bytes)).getForm();
        for (const name of ['defendant.name', 'defendant.cii', 'conviction.1.codeSection']) {
          // The note itself may wrap in a narrow box.
          expect(flat(fieldText(form, name)!).endsWith(SHORTENED_NOTE), name).toBe(true);
        }
        // Long enough for the box, so whole.
        expect(fieldText(form, 'conviction.2.codeSection')).toBe(person.rows[1]!.codeSection);
      }
      const file = path.join(tmp, `shortened-${flatten}.pdf`);
      await writeFile(file, bytes);
      const { stdout } = await run$('pdftotext', ['-bbox', file, '-']);
      for (const [, xMin, yMin, xMax, yMax] of stdout.matchAll(
        /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g,
      )) {
        expect(Number(xMin)).toBeGreaterThanOrEqual(36);
        expect(Number(xMax)).toBeLessThanOrEqual(576);
        expect(Number(yMin)).toBeGreaterThanOrEqual(36);
        expect(Number(yMax)).toBeLessThanOrEqual(792 - 18);
      }
    }
  });
});

describe('names with apostrophes, accents, hyphens and commas', () => {
  const person: MotionGroup = motionOf([
    {
      ...syntheticConviction(1),
      name: "O'BRIEN-NÚÑEZ, JOSÉ",
      dob: '',
      cii: '',
      caseNumber: '19CR-001234',
    },
  ]);

  test('print and fill as written', async () => {
    const bytes = await motionPdf(person, context);
    const form = (await PDFDocument.load(bytes)).getForm();
    expect(fieldText(form, 'defendant.name')).toBe(person.name);
    const text = flat((await pdfPages(bytes)).join(' '));
    expect(text).toContain("O'BRIEN-NÚÑEZ, JOSÉ");
    expect(text).toContain('People v. O');
  });

  test('letters outside Latin-1 print and fill, in a name and in the court name', async () => {
    const named = { ...person, name: 'ŁUKASIEWICZ-ȘTEFĂNESCU, ĐORĐE' };
    const office = { ...OFFICE, courtName: 'Superior Court of California, County of Łódź' };
    const bytes = await motionPdf(named, { ...context, office });
    const form = (await PDFDocument.load(bytes)).getForm();
    expect(fieldText(form, 'defendant.name')).toBe(named.name);
    const text = flat((await pdfPages(bytes)).join(' '));
    expect(text).toContain(named.name);
    expect(text).toContain('SUPERIOR COURT OF CALIFORNIA, COUNTY OF ŁÓDŹ');
    // The next person, in Latin-1 only, is printed with the usual fonts again.
    const plain = flat((await pdfPages(await motionPdf(person, context))).join(' '));
    expect(plain).toContain("O'BRIEN-NÚÑEZ, JOSÉ");
  });

  test('decomposed accents are composed before printing', async () => {
    const decomposed = { ...person, name: person.name.normalize('NFD') };
    expect(decomposed.name).not.toBe(person.name);
    const form = (await PDFDocument.load(await motionPdf(decomposed, context))).getForm();
    expect(fieldText(form, 'defendant.name')).toBe(person.name);
  });

  test('an office and county with accents print too', async () => {
    const office = {
      ...OFFICE,
      officeName: 'Oficina del Fiscal — Condado de Doña Ana',
      filingDate: undefined,
    };
    const bytes = await motionPdf(person, { ...context, county: 'SAN LUIS OBISPO', office });
    const form = (await PDFDocument.load(bytes)).getForm();
    expect(fieldText(form, 'filing.date') ?? '').toBe('');
    const text = flat((await pdfPages(bytes)).join(' '));
    expect(text).toContain('Oficina del Fiscal — Condado de Doña Ana');
    expect(text).toContain('SUPERIOR COURT OF CALIFORNIA, COUNTY OF SAN LUIS OBISPO');
  });
});

describe('flattened copies', () => {
  test('have no form fields or widgets left, and print the same text', async () => {
    for (const person of [...motionPeople.slice(0, 3), LONG]) {
      const editable = await motionPdf(person, context);
      const final = await motionPdf(person, { ...context, flatten: true });
      const doc = await PDFDocument.load(final);
      // Before getForm(), which would add an empty form.
      expect(doc.catalog.get(PDFName.of('AcroForm'))).toBeUndefined();
      expect(doc.getForm().getFields()).toHaveLength(0);
      for (const page of doc.getPages()) expect(page.node.Annots()?.size() ?? 0).toBe(0);
      expect(await words(final)).toEqual(await words(editable));
      const b = await pdfPages(final);
      expect(flat(b.join(' '))).toContain(person.name);
    }
  });
});
