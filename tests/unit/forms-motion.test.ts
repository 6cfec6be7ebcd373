/**
 * The per-person motion PDF, read back two ways: pdf-lib for the form fields (what staff edit) and
 * pdftotext for what prints. People and their convictions come from a real run of the hand-made
 * Sacramento fixture; the long-history and special-character people are made up here.
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
import { embedFormFonts, readNodeFormFonts, type FormFonts } from '../../src/forms/fonts';
import { peopleFromProp64Results } from '../../src/forms/from-results';
import { needsMotion, type FormConviction, type FormPerson } from '../../src/forms/model';
import { motionPdf, RELIEF_LABEL, type MotionContext } from '../../src/forms/motion-pdf';
import type { OfficeSettings } from '../../src/forms/office';
import { SHORTENED_NOTE } from '../../src/forms/pleading-text';
import { TEST_OFFICE } from '../helpers/office';
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

/** Collapses runs of spaces and line breaks, so wrapped text can be searched. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

function fieldText(form: PDFForm, name: string): string | undefined {
  return form.getTextField(name).getText();
}

function displayedCodeSection(c: FormConviction): string {
  return c.counts > 1 ? `${c.codeSection} x${c.counts}` : c.codeSection;
}

function syntheticConviction(i: number): FormConviction {
  const reduce = i % 3 === 0;
  return {
    date: `0${(i % 9) + 1}/15/${1980 + i}`,
    codeSection: reduce ? '11359(B) HS' : '11357(A) HS',
    section: reduce ? '11359' : '11357',
    felony: reduce,
    caseNumber: `98F${String(1000 + i).padStart(5, '0')}`,
    relief: reduce ? 'reduce' : 'dismiss',
    determination: reduce ? 'Eligible for Reduction' : 'Eligible for Dismissal',
    reason:
      i % 5 === 0
        ? 'Conviction occurred 10 or more years ago, and the person has only 11357-60 charges on record'
        : reduce
          ? 'Reduce all HS 11359 convictions'
          : 'Dismiss all HS 11357 convictions',
    counts: (i % 4) + 1,
  };
}

const LONG: FormPerson = {
  subjectId: 'S-LONG',
  name: 'VONWINKLE, BARTHOLOMEW ALEXANDER',
  dob: '02/29/1960',
  cii: 'A01234567',
  caseNumbers: Array.from({ length: 40 }, (_, i) => syntheticConviction(i).caseNumber),
  convictions: Array.from({ length: 40 }, (_, i) => syntheticConviction(i)),
};

let run: EngineRun;
let motionPeople: FormPerson[];
/** Each fixture person's motion, fields left editable. */
const made = new Map<string, Uint8Array>();

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'clearance-motion-'));
  fonts = await readNodeFormFonts();
  context = { county: 'SACRAMENTO', office: OFFICE, flatten: false, fonts };
  run = await runSacramentoFixture();
  motionPeople = peopleFromProp64Results(await run.read('Prop64_Results.csv')).filter(needsMotion);
  for (const person of motionPeople) made.set(person.subjectId, await motionPdf(person, context));
});
afterAll(async () => {
  await run.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

describe('motions for the Sacramento fixture', () => {
  test('every eligible person gets a motion whose fields hold their values', async () => {
    expect(motionPeople.length).toBeGreaterThan(1);
    for (const person of motionPeople) {
      const form = (await PDFDocument.load(made.get(person.subjectId)!)).getForm();
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

  test("each conviction's date, section, case, relief and reason is a field", async () => {
    for (const person of motionPeople) {
      const form = (await PDFDocument.load(made.get(person.subjectId)!)).getForm();
      const listed = person.convictions.filter((c) => c.relief !== null);
      listed.forEach((c, i) => {
        const field = (key: string) => fieldText(form, `conviction.${i + 1}.${key}`) ?? '';
        expect(field('date')).toBe(c.date);
        expect(field('codeSection')).toBe(displayedCodeSection(c));
        expect(field('level')).toBe(c.felony ? 'Felony' : 'Misd./Infr.');
        expect(field('caseNumber')).toBe(c.caseNumber);
        expect(field('relief')).toBe(RELIEF_LABEL[c.relief!]);
        expect(field('reason')).toBe(c.reason);
      });
      const rows = new Set(
        form
          .getFields()
          .map((f) => /^conviction\.(\d+)\./.exec(f.getName())?.[1])
          .filter(Boolean),
      );
      expect(rows.size).toBe(listed.length);
    }
  });

  test('the order has real, unticked check boxes', async () => {
    const form = (await PDFDocument.load(made.values().next().value!)).getForm();
    for (const name of ['order.granted', 'order.denied', 'order.modified']) {
      expect(form.getCheckBox(name).isChecked()).toBe(false);
    }
  });

  test('the printed text names the person, the court, the cases and the relief', async () => {
    for (const person of motionPeople) {
      const pages = await pdfPages(made.get(person.subjectId)!);
      const text = flat(pages.join(' '));
      expect(text).toContain(person.name);
      expect(text).toContain('SUPERIOR COURT OF CALIFORNIA, COUNTY OF SACRAMENTO');
      expect(text).toContain('THE PEOPLE OF THE STATE OF CALIFORNIA');
      expect(text).toContain('MOTION AND [PROPOSED] ORDER TO');
      expect(text).toContain('11361.9');
      expect(text).toContain('IT IS SO ORDERED.');
      for (const n of person.caseNumbers) expect(text).toContain(n);
      for (const c of person.convictions) {
        expect(text).toContain(c.date);
        expect(text).toContain(RELIEF_LABEL[c.relief!]);
      }
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

  test('lists every conviction, with its count and case number', async () => {
    const text = flat(pages.join(' '));
    for (const c of LONG.convictions) expect(text).toContain(c.caseNumber);
    const form = (await PDFDocument.load(bytes)).getForm();
    LONG.convictions.forEach((c, i) => {
      expect(fieldText(form, `conviction.${i + 1}.codeSection`)).toBe(displayedCodeSection(c));
      expect(fieldText(form, `conviction.${i + 1}.reason`)).toBe(c.reason);
    });
  });

  test('the table header repeats on each page the table continues on', () => {
    // "Misd./Infr." only ever prints in a table row.
    const withRows = pages.filter((p) => p.includes('Misd./Infr.'));
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
    const person: FormPerson = {
      ...LONG,
      name: `${'VERYLONGSURNAMEWITHOUTANYSPACES'.repeat(3)}, ${'GIVEN '.repeat(20)}`.trim(),
      caseNumbers: ['X'.repeat(70), ...LONG.caseNumbers.slice(0, 3)],
      convictions: LONG.convictions.slice(0, 3).map((c, i) => ({
        ...c,
        caseNumber: i === 0 ? '1234567890'.repeat(5) : c.caseNumber,
        reason: `${c.reason} `.repeat(8).trim(),
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
    expect(flat(first!)).toContain('MOTION AND [PROPOSED] ORDER TO');
    const form = (await PDFDocument.load(long)).getForm();
    expect(fieldText(form, 'defendant.name')!.replace(/\n/g, '')).toBe(person.name);
  });
});

describe('values longer than any box', () => {
  test('are shortened with a note, and nothing is clipped or printed past the margins', async () => {
    const person: FormPerson = {
      ...LONG,
      name: Array.from({ length: 1000 }, (_, i) => `NAME${i % 10}`).join(' '),
      cii: 'C'.repeat(3000),
      convictions: LONG.convictions.slice(0, 2).map((c, i) => ({
        ...c,
        reason: i === 0 ? 'R'.repeat(3000) : `${c.reason} `.repeat(10).trim(),
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
        for (const name of ['defendant.name', 'defendant.cii', 'conviction.1.reason']) {
          // The note itself may wrap in a narrow box.
          expect(flat(fieldText(form, name)!).endsWith(SHORTENED_NOTE), name).toBe(true);
        }
        // Long enough for the box, so whole.
        expect(fieldText(form, 'conviction.2.reason')).toBe(person.convictions[1]!.reason);
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
  const person: FormPerson = {
    subjectId: 'S-1',
    name: "O'BRIEN-NÚÑEZ, JOSÉ",
    dob: '',
    cii: '',
    caseNumbers: ['19CR-001234'],
    convictions: [{ ...syntheticConviction(1), caseNumber: '19CR-001234' }],
  };

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
