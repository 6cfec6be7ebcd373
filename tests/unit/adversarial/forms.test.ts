/**
 * Issue #16, point 5: court papers on data the run accepted. The hand-made Sacramento run's
 * Prop64_Results.csv, with four eligible people's names made hostile as a spreadsheet or the DOJ
 * could write them (quoted as the engine quotes): a quoted line break, 5,000 characters, one
 * 3,000-character word, nothing but quotes. Every person still gets papers that pdf-lib and
 * qpdf read back; a person whose papers cannot be made is listed and the rest are made.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsvLine } from '../../../src/doj/csv-line';
import { isOutOfMemory } from '../../../src/engine/errors';
import { csvRecordsOf } from '../../../src/doj/csv-records';
import {
  BUNDLE_FILES,
  writeFormsBundle,
  type BundleFileName,
  type FormsBundleOptions,
  type FormsBundleResult,
} from '../../../src/forms/bundle';
import { readNodeFormFonts } from '../../../src/forms/fonts';
import { readProp64Results } from '../../../src/forms/from-results';
import { needsMotion, type FormPerson } from '../../../src/forms/model';
import { layoutMotion } from '../../../src/forms/motion-pdf';
import { LayoutError } from '../../../src/forms/pleading';
import { SHORTENED_NOTE } from '../../../src/forms/pleading-text';
import { TEST_OFFICE } from '../../helpers/office';
import { runSacramentoFixture, type EngineRun } from '../../helpers/run-engine';

const run$ = promisify(execFile);

const HOSTILE_NAMES = {
  lineBreak: 'SMITH,\r\nJOHN\nJR',
  long: Array.from({ length: 1000 }, (_, i) => `NAME${i % 10}`).join(' '),
  oneWord: 'W'.repeat(3000),
  quotes: '"""',
} as const;

let run: EngineRun;
let tmp: string;
let people: FormPerson[];
let flags: Record<string, number>;
/** SUBJECT_ID of the person given each hostile name. */
let hostile: Record<keyof typeof HOSTILE_NAMES, string>;

/** A sink that keeps each file's bytes in memory. */
function memorySink() {
  const files = new Map<string, Uint8Array[]>();
  const sink: FormsBundleOptions['sink'] = async (name) => {
    const chunks: Uint8Array[] = [];
    files.set(name, chunks);
    return { write: async (c) => void chunks.push(c.slice()), close: async () => {} };
  };
  const bytes = (name: BundleFileName) => Buffer.concat(files.get(name) ?? []);
  return { sink, files, bytes };
}

async function bundle(options: Partial<FormsBundleOptions> = {}) {
  const out = memorySink();
  const result = await writeFormsBundle({
    people,
    county: 'SACRAMENTO',
    office: TEST_OFFICE,
    flatten: false,
    combined: true,
    fonts: await readNodeFormFonts(),
    summary: run.summary,
    manifest: run.manifest,
    flags,
    now: new Date('2019-11-12T09:30:00Z'),
    sink: out.sink,
    ...options,
  });
  return { out, result };
}

/** pdf-lib reads it back, and qpdf finds nothing wrong with its structure. */
async function expectValidPdf(bytes: Uint8Array): Promise<PDFDocument> {
  const pdf = await PDFDocument.load(bytes);
  expect(pdf.getPageCount()).toBeGreaterThan(0);
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await run$('qpdf', ['--check', file]);
  expect(stdout).toMatch(/No syntax or stream encoding errors found/);
  return pdf;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'clearance-adversarial-forms-'));
  run = await runSacramentoFixture();
  const text = await run.read('Prop64_Results.csv');
  const [header, ...rows] = text.trimEnd().split('\n');
  const columns = parseCsvLine(header!);
  const id = columns.indexOf('SUBJECT_ID');
  const name = columns.indexOf('PRI_NAME');
  const determination = columns.indexOf('Eligibility Determination');
  const eligible = [
    ...new Set(
      rows
        .map((r) => parseCsvLine(r))
        .filter((f) => f[determination]!.startsWith('Eligible for'))
        .map((f) => f[id]!),
    ),
  ];
  const keys = Object.keys(HOSTILE_NAMES) as (keyof typeof HOSTILE_NAMES)[];
  expect(eligible.length).toBeGreaterThan(keys.length);
  hostile = Object.fromEntries(keys.map((k, i) => [k, eligible[i]!.trim()])) as typeof hostile;
  const nameOf = new Map(keys.map((k) => [hostile[k], HOSTILE_NAMES[k]]));
  const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const edited = rows.map((row) => {
    const fields = parseCsvLine(row);
    const replaced = nameOf.get(fields[id]!.trim());
    if (replaced === undefined) return row;
    fields[name] = replaced;
    return fields.map(quote).join(',');
  });
  // As a spreadsheet saves it again: a BOM and CRLF endings; read in small chunks.
  const file = `\uFEFF${[header, ...edited].join('\r\n')}\r\n`;
  const chunks = Array.from({ length: Math.ceil(file.length / 1000) }, (_, i) =>
    file.slice(i * 1000, (i + 1) * 1000),
  );
  ({ people, flags } = await readProp64Results(chunks));
}, 120_000);

afterAll(async () => {
  await run.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

describe('court papers for hostile names', () => {
  let made: { out: ReturnType<typeof memorySink>; result: FormsBundleResult };
  beforeAll(async () => {
    made = await bundle();
  }, 300_000);

  test('the names are read whole, each as written', () => {
    for (const [key, subjectId] of Object.entries(hostile)) {
      const person = people.find((p) => p.subjectId === subjectId)!;
      expect(person.name).toBe(HOSTILE_NAMES[key as keyof typeof HOSTILE_NAMES]);
    }
  });

  test('every eligible person gets a motion that pdf-lib and qpdf read back', async () => {
    const { result, out } = made;
    expect(result.notMade).toEqual([]);
    expect(result.files).not.toContain(BUNDLE_FILES.notMade);
    const motionPeople = people.filter(needsMotion);
    expect(result.motions).toBe(motionPeople.length);
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    expect(Object.keys(entries)).toHaveLength(motionPeople.length);
    for (const bytes of Object.values(entries)) await expectValidPdf(bytes);
    for (const name of [
      BUNDLE_FILES.combined,
      BUNDLE_FILES.courtListPdf,
      BUNDLE_FILES.summaryReport,
    ] as const) {
      await expectValidPdf(out.bytes(name));
    }
  }, 300_000);

  test('a name too long for its box is shortened with a note; a short one is kept whole', async () => {
    const { result, out } = made;
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    const nameField = async (subjectId: string) => {
      const file = result.entries.find((e) => e.subjectId === subjectId)!.file;
      const pdf = await PDFDocument.load(entries[file]!);
      return pdf.getForm().getTextField('defendant.name').getText() ?? '';
    };
    for (const key of ['long', 'oneWord'] as const) {
      const shown = await nameField(hostile[key]);
      expect(shown.endsWith(SHORTENED_NOTE)).toBe(true);
      // What is shown is the start of the name, as pdf-lib lays it out line by line.
      const start = shown.slice(0, -SHORTENED_NOTE.length).replace(/\s+/g, '');
      expect(start.length).toBeGreaterThan(100);
      expect(HOSTILE_NAMES[key].replace(/\s+/g, '').startsWith(start)).toBe(true);
    }
    expect(await nameField(hostile.quotes)).toBe(HOSTILE_NAMES.quotes);
    expect(await nameField(hostile.lineBreak)).toBe(HOSTILE_NAMES.lineBreak);
  });

  test('the court list CSV gives every name whole, quoted', () => {
    const records = csvRecordsOf(made.out.bytes(BUNDLE_FILES.courtListCsv).toString('utf8'));
    const names = records.slice(1).map((r) => r.fields[0]);
    for (const name of Object.values(HOSTILE_NAMES)) expect(names).toContain(name);
  });
});

describe('a person whose papers cannot be made', () => {
  test('is listed in not-made.csv with the reason, and everyone else is made', async () => {
    const failing = hostile.long;
    const { out, result } = await bundle({
      layout: (doc, person, context) => {
        if (person.subjectId === failing) throw new LayoutError('the test says this one fails');
        layoutMotion(doc, person, context);
      },
    });
    const motionPeople = people.filter(needsMotion);
    expect(result.notMade).toHaveLength(1);
    expect(result.notMade[0]!.subjectId).toBe(failing);
    expect(result.motions).toBe(motionPeople.length - 1);
    expect(result.entries.map((e) => e.subjectId)).not.toContain(failing);
    expect(result.files).toContain(BUNDLE_FILES.notMade);
    const listed = csvRecordsOf(out.bytes(BUNDLE_FILES.notMade).toString('utf8'));
    expect(listed.map((r) => r.fields)).toEqual([
      ['SUBJECT_ID', 'CII Number', 'Why the papers could not be made'],
      [
        failing,
        people.find((p) => p.subjectId === failing)!.cii,
        'The motion could not be laid out: the test says this one fails.',
      ],
    ]);
    // The court list names only the people whose motions were made.
    const courtList = csvRecordsOf(out.bytes(BUNDLE_FILES.courtListCsv).toString('utf8'));
    expect(courtList).toHaveLength(motionPeople.length);
    const combined = await expectValidPdf(out.bytes(BUNDLE_FILES.combined));
    expect(combined.getPageCount()).toBeGreaterThan(0);
  }, 300_000);

  test('an error that is not ours is named by its kind only', async () => {
    const failing = hostile.quotes;
    const { result } = await bundle({
      combined: false,
      layout: (doc, person, context) => {
        if (person.subjectId === failing) throw new TypeError(`cannot read ${person.name}`);
        layoutMotion(doc, person, context);
      },
    });
    expect(result.notMade.map((n) => n.reason)).toEqual([
      'The motion could not be made (an unexpected TypeError); make this one by hand.',
    ]);
  }, 300_000);
});

describe('how the browser names a failure', () => {
  test('a stack overflow is not called running out of memory; a failed allocation is', () => {
    const deeper = (n: number): number => deeper(n + 1) + 1;
    let overflow: unknown;
    try {
      deeper(0);
    } catch (error) {
      overflow = error;
    }
    expect(overflow).toBeInstanceOf(RangeError);
    expect(isOutOfMemory(overflow)).toBe(false);
    let allocation: unknown;
    try {
      new ArrayBuffer(Number.MAX_SAFE_INTEGER);
    } catch (error) {
      allocation = error;
    }
    expect(isOutOfMemory(allocation)).toBe(true);
  });
});
