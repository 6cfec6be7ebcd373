/**
 * The motions as a PDF viewer sees them: pdf.js, the engine of Firefox's viewer, reads every field
 * of a motion as editable, with its value, its font and size, and an appearance of its own (so it
 * prints as laid out before anyone edits it); the ruling as one radio group, GRANTED or DENIED,
chosen neither way.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readNodeFormFonts, type FormFonts } from '../../src/forms/fonts';
import type { CourtDataRow } from '../../src/forms/filing-rows';
import { groupMotions } from '../../src/forms/model';
import { motionPdf } from '../../src/forms/motion-pdf';
import { TEST_OFFICE } from '../helpers/office';

const conviction = (i: number): CourtDataRow => ({
  caseNumber: `98F0${1000 + i}`,
  court: 'Superior Court of California, County of Sacramento',
  name: "O'BRIEN-NÚÑEZ, JOSÉ",
  dob: '02/29/1960',
  cii: 'A01234567',
  date: `03/0${i + 1}/1999`,
  codeSection: i % 2 ? '11359 HS' : '11357(A) HS',
  level: i % 2 ? 'Felony' : 'Misdemeanor',
  relief: i % 2 ? 'Reduction to a misdemeanor' : 'Dismissal and sealing',
  statute: 'H&S 11361.8(f)',
  inputLine: String(i + 2),
});

const PERSON = groupMotions([conviction(0), conviction(1)], 'person')[0]!;

interface ViewerField {
  value?: string;
  type: string;
  editable?: boolean;
}

let fonts: FormFonts;
beforeAll(async () => {
  fonts = await readNodeFormFonts();
});

async function open(bytes: Uint8Array) {
  // pdf.js takes ownership of the buffer it is given.
  return getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
}

describe('an editable motion in pdf.js (Firefox)', () => {
  test('every value is an editable text field holding what the motion prints', async () => {
    const doc = await open(
      await motionPdf(PERSON, { county: 'SACRAMENTO', office: TEST_OFFICE, flatten: false, fonts }),
    );
    const fields = (await doc.getFieldObjects()) as Record<string, ViewerField[]>;
    const values = (name: string) =>
      (fields[name] ?? []).filter((f) => f.type === 'text').map((f) => [f.value, f.editable]);
    expect(values('defendant.name')[0]).toEqual([PERSON.name, true]);
    expect(values('defendant.dob')).toEqual([[PERSON.dob, true]]);
    expect(values('case.numbers')).toEqual([['98F01000; 98F01001', true]]);
    expect(values('conviction.2.codeSection')).toEqual([['11359 HS', true]]);
    expect(values('conviction.2.relief')).toEqual([['Redesignate as misdemeanor', true]]);
    expect(values('attorney.barNumber')).toEqual([[TEST_OFFICE.barNumber, true]]);

    const page = await doc.getPage(1);
    const widgets = (await page.getAnnotations()).filter((a) => a.subtype === 'Widget');
    expect(widgets.length).toBeGreaterThan(10);
    for (const widget of widgets) {
      expect(widget.hasAppearance, widget.fieldName).toBe(true);
      expect(widget.defaultAppearanceData.fontName, widget.fieldName).toMatch(/^LiberationSerif/);
      expect(widget.defaultAppearanceData.fontSize, widget.fieldName).toBeGreaterThanOrEqual(8);
    }
    const lastPage = await doc.getPage(doc.numPages);
    const annotations = await lastPage.getAnnotations();
    expect(annotations.filter((a) => a.checkBox)).toEqual([]);
    const radios = annotations.filter((a) => a.radioButton);
    expect(radios.map((b) => [b.fieldName, b.fieldValue, b.buttonValue])).toEqual([
      ['order.ruling', 'Off', 'granted'],
      ['order.ruling', 'Off', 'denied'],
    ]);
    await doc.destroy();
  });

  test('the printed text reads back in order, accents included', async () => {
    const doc = await open(
      await motionPdf(PERSON, { county: 'SACRAMENTO', office: TEST_OFFICE, flatten: true, fonts }),
    );
    const page = await doc.getPage(1);
    const text = (await page.getTextContent()).items
      .map((item) => ('str' in item ? item.str : ''))
      .join(' ');
    expect(text).toContain('SUPERIOR COURT OF CALIFORNIA, COUNTY OF SACRAMENTO');
    expect(text).toContain(PERSON.name);
    expect(await doc.getFieldObjects()).toBeNull();
    await doc.destroy();
  });
});
