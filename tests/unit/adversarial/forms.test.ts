/**
 * Issue #16, point 5, and issue #15: court papers on data the run accepted. The hand-made
 * Sacramento run's filing data (court-data.csv and challenges.csv as "clearance forms" writes
 * them), with four granted people's names made hostile as a spreadsheet or the DOJ could write
 * them (quoted as the engine quotes, saved again with a BOM and CRLF endings): a quoted line
 * break, 5,000 characters, one 3,000-character word, nothing but quotes; and a challenged
 * conviction with the same. Every motion, the bulk motion and the notice of challenge are still
 * made and read back by pdf-lib and qpdf; a motion that cannot be made is listed and the rest are
 * made.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { csvRecordsOf } from '../../../src/doj/csv-records';
import { isOutOfMemory } from '../../../src/engine/errors';
import {
  BUNDLE_FILES,
  writeFormsBundle,
  type BundleFileName,
  type FormsBundleOptions,
  type FormsBundleResult,
} from '../../../src/forms/bundle';
import { SHORTENED_CELL } from '../../../src/forms/attachment-table';
import { csvLine } from '../../../src/forms/csv-cell';
import { readNodeFormFonts } from '../../../src/forms/fonts';
import { layoutMotion } from '../../../src/forms/motion-pdf';
import { LayoutError } from '../../../src/forms/pleading';
import { SHORTENED_NOTE } from '../../../src/forms/pleading-text';
import { filingOf, fixtureReview, pdfText, type Filing } from '../../helpers/filing';
import { TEST_OFFICE } from '../../helpers/office';
import { runSacramentoFixture, type EngineRun } from '../../helpers/run-engine';

const run$ = promisify(execFile);

const HOSTILE_NAMES = {
  lineBreak: 'SMITH,\r\nJOHN\nJR',
  long: Array.from({ length: 1000 }, (_, i) => `NAME${i % 10}`).join(' '),
  oneWord: 'W'.repeat(3000),
  quotes: '"""',
} as const;
type Hostile = keyof typeof HOSTILE_NAMES;

let run: EngineRun;
let filing: Filing;
let tmp: string;
/** The edited files' text, as a spreadsheet saves it again. */
let courtData: string;
let challenges: string;
/** Court case number of the motion given each hostile name. */
let hostile: Record<Hostile, string>;

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

/** In chunks of 1,000 characters, as a file stream hands them over. */
const chunks = (text: string) =>
  Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) =>
    text.slice(i * 1000, (i + 1) * 1000),
  );

async function bundle(options: Partial<FormsBundleOptions> = {}) {
  const out = memorySink();
  const result = await writeFormsBundle({
    courtData: chunks(courtData),
    challenges: chunks(challenges),
    filingCounts: filing.counts,
    county: 'SACRAMENTO',
    office: TEST_OFFICE,
    flatten: false,
    combined: true,
    fonts: await readNodeFormFonts(),
    summary: run.summary,
    manifest: run.manifest,
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

/** The file with each row's Name changed by `rename`, quoted as the engine quotes, BOM and CRLF. */
function edited(text: string, rename: (name: string, row: string[]) => string): string {
  const [header, ...rows] = csvRecordsOf(text).map((r) => r.fields);
  const column = header!.indexOf('Name');
  const lines = rows.map((row) => {
    row[column] = rename(row[column]!, row);
    return csvLine(row);
  });
  return `\uFEFF${[csvLine(header!), ...lines].join('\r\n')}\r\n`;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'clearance-adversarial-forms-'));
  run = await runSacramentoFixture();
  filing = await filingOf(run, await fixtureReview(run));
  const original = await filing.text('court-data.csv');
  const names = [
    ...new Set(
      csvRecordsOf(original)
        .slice(1)
        .map((r) => r.fields[2]!),
    ),
  ];
  const keys = Object.keys(HOSTILE_NAMES) as Hostile[];
  expect(names.length).toBeGreaterThanOrEqual(keys.length);
  const renamed = new Map(keys.map((k, i) => [names[i]!, HOSTILE_NAMES[k]]));
  hostile = {} as Record<Hostile, string>;
  courtData = edited(original, (name, row) => {
    const key = keys.find((k) => HOSTILE_NAMES[k] === renamed.get(name));
    if (key) hostile[key] = row[0]!;
    return renamed.get(name) ?? name;
  });
  challenges = edited(await filing.text('challenges.csv'), () => HOSTILE_NAMES.lineBreak);
}, 120_000);

afterAll(async () => {
  await run.cleanup();
  await filing.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

describe('court papers for hostile names', () => {
  let made: { out: ReturnType<typeof memorySink>; result: FormsBundleResult };
  beforeAll(async () => {
    made = await bundle();
  }, 300_000);

  test('every motion, the bulk motion and the notice are made, and pdf-lib and qpdf read them', async () => {
    const { result, out } = made;
    expect(result.notMade).toEqual([]);
    expect(result.files).not.toContain(BUNDLE_FILES.notMade);
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    expect(Object.keys(entries)).toHaveLength(result.motions);
    for (const key of Object.keys(HOSTILE_NAMES) as Hostile[]) {
      expect(
        result.entries.some((e) => e.name === HOSTILE_NAMES[key]),
        key,
      ).toBe(true);
    }
    for (const bytes of Object.values(entries)) await expectValidPdf(bytes);
    for (const name of [
      BUNDLE_FILES.combined,
      BUNDLE_FILES.bulkMotion,
      BUNDLE_FILES.noticeOfChallenge,
      BUNDLE_FILES.summaryReport,
    ] as const) {
      await expectValidPdf(out.bytes(name));
    }
  }, 300_000);

  test('the exhibit and the notice print every case number, whatever the names', async () => {
    const pages = (await pdfText(made.out.bytes(BUNDLE_FILES.bulkMotion))).split('\f');
    const bulk = pages.join(' ').replace(/\s+/g, ' ');
    for (const n of Object.values(hostile)) expect(bulk).toContain(n);
    // A name of 5,000 characters is cut in its cell, which says so, and the exhibit stays short.
    expect(bulk).toContain(SHORTENED_CELL);
    expect(pages.length).toBeLessThan(8);
    const notice = await pdfText(made.out.bytes(BUNDLE_FILES.noticeOfChallenge));
    for (const r of csvRecordsOf(challenges).slice(1)) expect(notice).toContain(r.fields[0]!);
    expect(notice).toContain('SMITH,');
  });

  test('a name too long for its box is shortened with a note; a short one is kept whole', async () => {
    const { result, out } = made;
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    const nameField = async (key: Hostile) => {
      const file = result.entries.find((e) => e.name === HOSTILE_NAMES[key])!.file;
      const pdf = await PDFDocument.load(entries[file]!);
      return pdf.getForm().getTextField('defendant.name').getText() ?? '';
    };
    for (const key of ['long', 'oneWord'] as const) {
      const shown = await nameField(key);
      expect(shown.endsWith(SHORTENED_NOTE)).toBe(true);
      // What is shown is the start of the name, as pdf-lib lays it out line by line.
      const start = shown.slice(0, -SHORTENED_NOTE.length).replace(/\s+/g, '');
      expect(start.length).toBeGreaterThan(100);
      expect(HOSTILE_NAMES[key].replace(/\s+/g, '').startsWith(start)).toBe(true);
    }
    expect(await nameField('quotes')).toBe(HOSTILE_NAMES.quotes);
    expect(await nameField('lineBreak')).toBe(HOSTILE_NAMES.lineBreak);
  });
});

describe('a motion whose papers cannot be made', () => {
  test('is listed in not-made.csv with the reason, and every other paper is made', async () => {
    const failing = HOSTILE_NAMES.long;
    const { out, result } = await bundle({
      layout: (doc, group, context) => {
        if (group.name === failing) throw new LayoutError('the test says this one fails');
        layoutMotion(doc, group, context);
      },
    });
    const all = (await bundle({ combined: false })).result.motions;
    expect(result.notMade).toHaveLength(1);
    expect(result.notMade[0]!.caseNumbers).toBe(hostile.long);
    expect(result.motions).toBe(all - 1);
    expect(result.entries.map((e) => e.name)).not.toContain(failing);
    expect(result.files).toContain(BUNDLE_FILES.notMade);
    const rows = csvRecordsOf(courtData)
      .slice(1)
      .filter((r) => r.fields[2] === failing);
    const listed = csvRecordsOf(out.bytes(BUNDLE_FILES.notMade).toString('utf8'));
    expect(listed.map((r) => r.fields)).toEqual([
      ['Court Case Number(s)', 'Input Line(s)', 'Why the papers could not be made'],
      [
        hostile.long,
        rows.map((r) => r.fields[10]).join('; '),
        'The motion could not be laid out: the test says this one fails.',
      ],
    ]);
    // The bulk motion still lists it: the court's exhibit does not depend on one motion's layout.
    expect(result.files).toContain(BUNDLE_FILES.bulkMotion);
    const combined = await expectValidPdf(out.bytes(BUNDLE_FILES.combined));
    expect(combined.getPageCount()).toBeGreaterThan(0);
  }, 300_000);

  test('an error that is not ours is named by its kind only', async () => {
    const failing = HOSTILE_NAMES.quotes;
    const { result } = await bundle({
      combined: false,
      layout: (doc, group, context) => {
        if (group.name === failing) throw new TypeError(`cannot read ${group.name}`);
        layoutMotion(doc, group, context);
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
