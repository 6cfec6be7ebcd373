/**
 * The court papers for the hand-made Sacramento run: one motion per eligible person in the ZIP,
 * the court list (CSV and PDF) and the summary report, read back with fflate, pdf-lib and
 * pdftotext. Expected people are counted from the fixture's expected CSV, never hard-coded.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CSV_FORMAT_SQL } from '../../src/engine/csv-format';
import type { Database } from '../../src/engine/database';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';
import { RunCancelledError } from '../../src/engine/errors';
import {
  BUNDLE_FILES,
  writeFormsBundle,
  type BundleFileName,
  type FormsBundleOptions,
  type FormsProgress,
} from '../../src/forms/bundle';
import { COURT_LIST_COLUMNS, csvCell } from '../../src/forms/court-list';
import { readNodeFormFonts } from '../../src/forms/fonts';
import { peopleFromProp64Results } from '../../src/forms/from-results';
import type { OfficeSettings } from '../../src/forms/office';
import { convictionsByReason, flagCountsFromResults } from '../../src/forms/summary-report';
import { parseCsv } from '../helpers/csv';
import { TEST_OFFICE } from '../helpers/office';
import { FIXTURES, runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

const fixture = (name: string) => path.join(FIXTURES, name);
const expectedRows = parseCsv(readFileSync(fixture('sacramento-handmade.expected.csv'), 'utf8'));
const ELIGIBLE = new Set(['Eligible for Dismissal', 'Eligible for Reduction']);
const eligibleSubjects = new Map(
  expectedRows
    .filter((r) => ELIGIBLE.has(r['Eligibility Determination'] ?? ''))
    .map((r) => [r.SUBJECT_ID ?? '', r.PRI_NAME ?? '']),
);

const OFFICE: OfficeSettings = TEST_OFFICE;
const NOW = new Date('2019-11-12T09:30:00Z');

/** A sink that keeps each file's bytes in memory and records how it ended. */
function memorySink() {
  const files = new Map<string, { chunks: Uint8Array[]; state: 'open' | 'closed' | 'aborted' }>();
  const sink: FormsBundleOptions['sink'] = async (name) => {
    const file = { chunks: [] as Uint8Array[], state: 'open' as 'open' | 'closed' | 'aborted' };
    files.set(name, file);
    return {
      write: async (chunk) => void file.chunks.push(chunk.slice()),
      close: async () => void (file.state = 'closed'),
      abort: async () => void (file.state = 'aborted'),
    };
  };
  const bytes = (name: BundleFileName) => Buffer.concat(files.get(name)?.chunks ?? []);
  return { sink, files, bytes };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clearance-pdf-'));
  try {
    const file = path.join(dir, 'f.pdf');
    await writeFile(file, bytes);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let run: EngineRun;
let base: Omit<FormsBundleOptions, 'sink'>;
let out: ReturnType<typeof memorySink>;
let progress: FormsProgress[];
let result: Awaited<ReturnType<typeof writeFormsBundle>>;

beforeAll(async () => {
  run = await runSacramentoFixture();
  base = {
    people: peopleFromProp64Results(await run.read('Prop64_Results.csv')),
    county: 'SACRAMENTO',
    office: OFFICE,
    flatten: false,
    combined: true,
    fonts: await readNodeFormFonts(),
    summary: run.summary,
    manifest: run.manifest,
    flags: flagCountsFromResults(await run.read('Prop64_Results.csv')),
    now: NOW,
  };
  out = memorySink();
  progress = [];
  result = await writeFormsBundle({ ...base, sink: out.sink, onProgress: (p) => progress.push(p) });
});
afterAll(() => run.cleanup());

describe('the forms bundle for the hand-made fixture', () => {
  test('writes every file, each closed, in order', () => {
    expect(result.files).toEqual([
      BUNDLE_FILES.zip,
      BUNDLE_FILES.courtListCsv,
      BUNDLE_FILES.courtListPdf,
      BUNDLE_FILES.summaryReport,
      BUNDLE_FILES.combined,
    ]);
    for (const file of out.files.values()) expect(file.state).toBe('closed');
    // Everyone's papers were made, so there is no list of those that were not.
    expect(result.notMade).toEqual([]);
    expect(out.files.has(BUNDLE_FILES.notMade)).toBe(false);
  });

  test('the ZIP holds exactly one PDF per eligible person', async () => {
    expect(eligibleSubjects.size).toBeGreaterThan(0);
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    const names = Object.keys(entries);
    expect(names).toHaveLength(eligibleSubjects.size);
    expect(result.motions).toBe(eligibleSubjects.size);
    expect(new Set(result.entries.map((e) => e.subjectId))).toEqual(
      new Set(eligibleSubjects.keys()),
    );
    expect(result.entries.map((e) => e.file).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_.-]{1,100}$/);
      expect(name.endsWith('.pdf')).toBe(true);
      const pdf = await PDFDocument.load(entries[name]!);
      expect(pdf.getPageCount()).toBeGreaterThan(0);
    }
  });

  test("every motion in the ZIP is its person's, by name", async () => {
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    for (const { subjectId, file } of result.entries) {
      const text = await pdfText(entries[file]!);
      const surname = (eligibleSubjects.get(subjectId) ?? '').split(',')[0]!.trim();
      expect(text, file).toContain(surname);
    }
  });

  test('the court list CSV has one row per motion, in the ZIP order, with the relief', () => {
    const text = out.bytes(BUNDLE_FILES.courtListCsv).toString('utf8');
    expect(text.split('\n')[0]).toBe(COURT_LIST_COLUMNS.join(','));
    const rows = parseCsv(text);
    expect(rows).toHaveLength(eligibleSubjects.size);
    expect(new Set(rows.map((r) => r.Name))).toEqual(new Set(eligibleSubjects.values()));
    const byName = new Map(rows.map((r) => [r.Name, r]));
    // COUNT,COUNT VON has dismissals and a reduction: both are named, each with its sections.
    expect(byName.get('COUNT,COUNT VON')?.['Relief Requested']).toMatch(
      /^Dismiss and seal \(.+\); Reduce to misdemeanor \(.*11359.*\)$/,
    );
    expect(byName.get('REN,KYLO')?.Reason).toBe('Individual is deceased');
    for (const row of rows) {
      expect(row['Relief Requested']).not.toBe('');
      expect(row['Code Section(s)']).toMatch(/1135[789]|11360/);
    }
  });

  test('the court list PDF is landscape, numbered, and lists every person', async () => {
    const bytes = out.bytes(BUNDLE_FILES.courtListPdf);
    const pdf = await PDFDocument.load(bytes);
    const [page] = pdf.getPages();
    expect(page!.getWidth()).toBeGreaterThan(page!.getHeight());
    const text = await pdfText(bytes);
    expect(text).toContain(`Page 1 of ${pdf.getPageCount()}`);
    for (const header of COURT_LIST_COLUMNS) {
      expect(text.replace(/\s+/g, ' ')).toContain(header.split(' ')[0]!);
    }
    const flat = text.replace(/\s+/g, ' ');
    for (const name of eligibleSubjects.values()) {
      expect(flat).toContain(name.split(',')[0]!.trim());
    }
  });

  test('the summary report carries the county, versions, input hash and figures', async () => {
    const text = (await pdfText(out.bytes(BUNDLE_FILES.summaryReport))).replace(/[ \t]+/g, ' ');
    const s = run.summary;
    expect(text).toContain('SACRAMENTO');
    expect(text).toContain(run.manifest.inputs[0]!.sha256);
    expect(text).toContain(`${run.manifest.rulePack.id} ${run.manifest.rulePack.version}`);
    expect(text).toContain(`Clearance ${run.manifest.app.version}`);
    expect(text).toMatch(new RegExp(`Rows read ${s.lineCount}\\b`));
    expect(text).toMatch(
      new RegExp(`Prop 64 convictions in the county ${s.prop64ConvictionsCountInCounty}\\b`),
    );
    const impact = (label: string, key: keyof typeof s.reliefWithCurrentEligibilityChoices) =>
      expect(text).toMatch(
        new RegExp(
          `${label} ${s.reliefWithCurrentEligibilityChoices[key]} ${s.reliefWithDismissAllProp64[key]} ${s.reliefWithDismissAllProp64AndRelatedCharges[key]}\\b`,
        ),
      );
    impact('no felony conviction left', 'CountSubjectsNoFelony');
    impact('no conviction left at all', 'CountSubjectsNoConviction');
    impact('no conviction in the last 7 years', 'CountSubjectsNoConvictionLast7Years');
    expect(text).toContain('06/01/1979'); // earliest conviction
    for (const [reason, n] of Object.entries(s.convictionDismissalCountByAdditionalRelief)) {
      expect(text).toMatch(new RegExp(`${reason} ${n}\\b`));
    }
  });

  test('the by-reason counts agree with summary.json and add up to every conviction', () => {
    const reasons = convictionsByReason(base.people);
    const total = reasons.reduce((n, r) => n + r.count, 0);
    expect(total).toBe(run.summary.prop64ConvictionsCountInCounty);
    for (const [reason, n] of Object.entries(
      run.summary.convictionDismissalCountByAdditionalRelief,
    )) {
      expect(reasons.find((r) => r.reason === reason)?.count).toBe(n);
    }
    for (const [section, n] of Object.entries(run.summary.convictionDismissalCountByCodeSection)) {
      const found = reasons.find((r) => r.reason === `Dismiss all HS ${section} convictions`);
      expect(found?.count ?? 0).toBe(n);
    }
  });

  test('the flags are counted per conviction row and printed', async () => {
    const rows = parseCsv(await run.read('Prop64_Results.csv'));
    const flags = base.flags!;
    expect(flags['Person is deceased']).toBe(rows.filter((r) => r.Deceased === 'Deceased').length);
    expect(flags['Person is registered under PC 290']).toBe(
      rows.filter((r) => r['PC290 Registration'] === 'Yes').length,
    );
    expect(Object.keys(flags)).toHaveLength(6);
    const text = (await pdfText(out.bytes(BUNDLE_FILES.summaryReport))).replace(/\s+/g, ' ');
    expect(text).toContain('Convictions by flag');
    expect(text).toContain(`Person is deceased ${flags['Person is deceased']}`);
  });

  test("the combined PDF holds every motion's pages", async () => {
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    let pages = 0;
    for (const bytes of Object.values(entries)) {
      pages += (await PDFDocument.load(bytes)).getPageCount();
    }
    const bytes = out.bytes(BUNDLE_FILES.combined);
    const combined = await PDFDocument.load(bytes);
    expect(combined.getPageCount()).toBe(pages);
    // Written in pieces, so check what a strict reader relies on: every offset in the
    // cross-reference table points at its object, and startxref points at the table.
    const text = bytes.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.startsWith('xref\n', startxref)).toBe(true);
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref)) ?? [];
    expect(Number(first)).toBe(0);
    const table = text
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + Number(count));
    table.forEach((entry, n) => {
      if (entry.endsWith(' f ')) return;
      const offset = Number(entry.slice(0, 10));
      expect(text.startsWith(`${n} 0 obj\n`, offset), `object ${n}`).toBe(true);
    });
    expect(table.filter((e) => e.endsWith(' n ')).length).toBeGreaterThan(pages);
    // The motions share one copy of each font (regular and bold), however many there are.
    expect(Object.keys(entries).length).toBeGreaterThan(1);
    expect(text.match(/\/FontFile2 /g)).toHaveLength(2);
  });

  test('progress rises to 1 and counts the motions', () => {
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(progress.at(-1)?.motionsDone).toBe(eligibleSubjects.size);
    expect(progress.every((p) => p.motionsTotal === eligibleSubjects.size)).toBe(true);
  });

  test('the same inputs and time give the same court list and report, byte for byte', async () => {
    const again = memorySink();
    await writeFormsBundle({ ...base, combined: false, sink: again.sink });
    for (const name of [
      BUNDLE_FILES.courtListCsv,
      BUNDLE_FILES.courtListPdf,
      BUNDLE_FILES.summaryReport,
    ]) {
      expect(again.bytes(name).equals(out.bytes(name)), name).toBe(true);
    }
    const names = (zip: Buffer) => Object.keys(unzipSync(zip));
    expect(names(again.bytes(BUNDLE_FILES.zip))).toEqual(names(out.bytes(BUNDLE_FILES.zip)));
  });

  test('Cancel stops the bundle and aborts the file being written', async () => {
    const cancelled = memorySink();
    const controller = new AbortController();
    const promise = writeFormsBundle({
      ...base,
      sink: cancelled.sink,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.motionsDone === 2) controller.abort();
      },
    });
    await expect(promise).rejects.toBeInstanceOf(RunCancelledError);
    expect(cancelled.files.get(BUNDLE_FILES.zip)?.state).toBe('aborted');
    expect(cancelled.files.has(BUNDLE_FILES.summaryReport)).toBe(false);
  });
});

describe('court list CSV cells', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openWasmDatabase();
    await db.exec(CSV_FORMAT_SQL);
  });
  afterAll(() => db.close());

  test("follow the engine's csv_cell exactly (formulas, DOJ values, quoting)", async () => {
    const values = [
      '=HYPERLINK("http://x","y")',
      '@SUM(A1)',
      '+cmd|calc',
      '-2+3',
      '\t=1+1',
      '\r\n-1',
      '  -  ',
      '-',
      '--',
      '-1.0',
      '+5',
      '.5',
      '-.5',
      '1.',
      "O'BRIEN-NUÑEZ,JOSÉ",
      'MAUL, DARTH',
      'x       ',
      '\t\t\t',
      '\\.',
      'a "quoted" word',
      'line\nbreak',
      '',
    ];
    for (const value of values) {
      const [row] = await db.query<{ v: string }>('SELECT csv_cell(?::VARCHAR) AS v', [value]);
      expect(csvCell(value), JSON.stringify(value)).toBe(row?.v);
    }
  });
});
