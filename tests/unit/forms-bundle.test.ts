/**
 * The papers of the filing package for the hand-made Sacramento run, made from its filing data
 * (court-data.csv and challenges.csv as "clearance forms" writes them, with a review that
 * challenges two convictions): one motion per court case and person in the ZIP, the bulk motion
 * with Exhibit A, the notice of challenge and the summary report, read back with fflate, pdf-lib,
 * pdftotext, pdffonts and qpdf. Expected rows are read from the data files, never hard-coded.
 */
import { unzipSync } from 'fflate';
import { PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CSV_FORMAT_SQL } from '../../src/engine/csv-format';
import type { Database } from '../../src/engine/database';
import { openWasmDatabase } from '../../src/engine/duckdb/node-wasm';
import { InputError, RunCancelledError } from '../../src/engine/errors';
import {
  BUNDLE_FILES,
  writeFormsBundle,
  type BundleFileName,
  type FormsBundleOptions,
  type FormsProgress,
} from '../../src/forms/bundle';
import { writeBulkMotion } from '../../src/forms/bulk-motion';
import { csvCell, csvLine } from '../../src/forms/csv-cell';
import { readNodeFormFonts } from '../../src/forms/fonts';
import { peopleFromProp64Results } from '../../src/forms/from-results';
import type { OfficeSettings } from '../../src/forms/office';
import { allWording, BASIS_PARAGRAPHS } from '../../src/forms/legal-wording';
import { flagCountsFromResults, summaryReportPdf } from '../../src/forms/summary-report';
import { undatedWarning } from '../../src/forms/undated-warning';
import { parseCsv } from '../helpers/csv';
import { filingOf, fixtureReview, pdfText, pdfTool, type Filing } from '../helpers/filing';
import { TEST_OFFICE } from '../helpers/office';
import { runSacramentoFixture, type EngineRun } from '../helpers/run-engine';

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

const flat = (text: string) => text.replace(/\s+/g, ' ');

let run: EngineRun;
let filing: Filing;
let courtData: Record<string, string>[];
let challenges: Record<string, string>[];
let held: Record<string, string>[];
let base: Omit<FormsBundleOptions, 'sink' | 'courtData' | 'challenges'>;
let texts: { courtData: string; challenges: string };
let out: ReturnType<typeof memorySink>;
let progress: FormsProgress[];
let result: Awaited<ReturnType<typeof writeFormsBundle>>;

/** The text of a file in chunks of a few bytes, as a stream would hand it over. */
function* chunked(text: string, size = 7): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const bundle = (extra: Partial<FormsBundleOptions> & Pick<FormsBundleOptions, 'sink'>) =>
  writeFormsBundle({
    ...base,
    courtData: chunked(texts.courtData),
    challenges: chunked(texts.challenges),
    ...extra,
  });

beforeAll(async () => {
  run = await runSacramentoFixture();
  filing = await filingOf(run, await fixtureReview(run));
  texts = {
    courtData: await filing.text('court-data.csv'),
    challenges: await filing.text('challenges.csv'),
  };
  courtData = parseCsv(texts.courtData);
  challenges = parseCsv(texts.challenges);
  held = parseCsv(await filing.text('held.csv'));
  const results = await run.read('Prop64_Results.csv');
  base = {
    filingCounts: filing.counts,
    people: peopleFromProp64Results(results),
    flags: flagCountsFromResults(results),
    county: 'SACRAMENTO',
    office: OFFICE,
    flatten: false,
    combined: true,
    fonts: await readNodeFormFonts(),
    summary: run.summary,
    manifest: run.manifest,
    now: NOW,
  };
  out = memorySink();
  progress = [];
  result = await bundle({ sink: out.sink, onProgress: (p) => progress.push(p) });
});
afterAll(async () => {
  await run.cleanup();
  await filing.cleanup();
});

/** (case, person) of a data-file row, as the motions are grouped. */
const caseAndPerson = (r: Record<string, string>) =>
  `${r['Court Case Number']}|${r['CII Number'] || `${r.Name}|${r['Date of Birth']}`}`;

describe('the papers for the hand-made fixture', () => {
  test('the review leaves something granted, challenged and held', () => {
    expect(courtData.length).toBeGreaterThan(1);
    expect(challenges.length).toBe(2);
    expect(held.length).toBeGreaterThan(0);
  });

  test('writes every paper, each closed, in order', () => {
    expect(result.files).toEqual([
      BUNDLE_FILES.zip,
      BUNDLE_FILES.bulkMotion,
      BUNDLE_FILES.noticeOfChallenge,
      BUNDLE_FILES.summaryReport,
      BUNDLE_FILES.combined,
    ]);
    for (const file of out.files.values()) expect(file.state).toBe('closed');
    expect(result.notMade).toEqual([]);
    expect(out.files.has(BUNDLE_FILES.notMade)).toBe(false);
  });

  test('the ZIP holds one motion per court case and person, named by case and name', async () => {
    const groups = new Set(courtData.map(caseAndPerson));
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    const names = Object.keys(entries);
    expect(names).toHaveLength(groups.size);
    // Co-defendants share a case number in the fixture: each gets a motion of their own.
    expect(new Set(courtData.map((r) => r['Court Case Number'])).size).toBeLessThan(groups.size);
    expect(result.entries.map((e) => e.file).sort()).toEqual([...names].sort());
    for (const { caseNumbers, name, file } of result.entries) {
      expect(caseNumbers).toHaveLength(1);
      expect(file).toMatch(/^[A-Za-z0-9_.-]{1,100}\.pdf$/);
      expect(file.startsWith(`${caseNumbers[0]}_`)).toBe(true);
      expect(file).toContain(name.split(',')[0]!.trim().replace(/\W+/g, '_'));
      const text = flat(await pdfText(entries[file]!));
      const rows = courtData.filter(
        (r) => r['Court Case Number'] === caseNumbers[0] && r.Name === name,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(text).toContain(row['Date of Conviction']);
        // Each row cites its own route, and the motion cites that subdivision.
        expect(text).toContain(row.Statute);
      }
      // Nobody else's case number is in it.
      for (const other of new Set(courtData.map((r) => r['Court Case Number']))) {
        if (other !== caseNumbers[0]) expect(text).not.toContain(other);
      }
    }
  });

  test('GRANTED / DENIED is one radio group, chosen neither way yet', async () => {
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    for (const bytes of Object.values(entries)) {
      const form = (await PDFDocument.load(bytes)).getForm();
      const ruling = form.getRadioGroup('order.ruling');
      expect(ruling.getOptions()).toEqual(['granted', 'denied']);
      expect(ruling.getSelected()).toBeUndefined();
      expect(form.getFields().filter((f) => /^order\.(granted|denied)/.test(f.getName()))).toEqual(
        [],
      );
    }
  });

  test('every case number of court-data.csv is in the bulk motion, with the header on every exhibit page', async () => {
    const bytes = out.bytes(BUNDLE_FILES.bulkMotion);
    const pages = (await pdfText(bytes)).split('\f').slice(0, -1);
    const text = flat(pages.join(' '));
    for (const row of courtData) expect(text).toContain(row['Court Case Number']);
    expect(text).toContain('[PROPOSED] ORDER');
    expect(text).toContain('11590');
    expect(text).toContain('Department of Justice');
    const exhibit = pages.filter((p) => /^\s*EXHIBIT A/.test(p));
    expect(exhibit.length).toBeGreaterThan(0);
    for (const page of exhibit) expect(flat(page)).toContain('Court Case Number');
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  test('challenged convictions are in the notice of challenge only, with their grounds and a proof of service', async () => {
    const notice = flat(await pdfText(out.bytes(BUNDLE_FILES.noticeOfChallenge)));
    expect(notice).toContain('PUBLIC DEFENDER');
    expect(notice).toContain('PROOF OF SERVICE');
    const grantedCases = new Set(courtData.map((r) => r['Court Case Number']));
    const motions = Object.values(unzipSync(out.bytes(BUNDLE_FILES.zip)));
    const motionTexts = await Promise.all(motions.map(async (m) => flat(await pdfText(m))));
    const bulk = flat(await pdfText(out.bytes(BUNDLE_FILES.bulkMotion)));
    for (const c of challenges) {
      expect(notice).toContain(c['Court Case Number']);
      expect(notice).toContain(c.Ground);
      if (c.Note) expect(notice).toContain(c.Note);
      if (grantedCases.has(c['Court Case Number'])) continue;
      for (const text of [...motionTexts, bulk]) expect(text).not.toContain(c['Court Case Number']);
    }
  });

  test('held convictions are in no paper', async () => {
    const filed = new Set(
      [...courtData, ...challenges].map((r) => r['Court Case Number']).filter(Boolean),
    );
    const onlyHeld = held.map((h) => h['Court Case Number']).filter((n) => n && !filed.has(n));
    expect(onlyHeld.length).toBeGreaterThan(0);
    const pdfs = [
      ...Object.values(unzipSync(out.bytes(BUNDLE_FILES.zip))),
      out.bytes(BUNDLE_FILES.bulkMotion),
      out.bytes(BUNDLE_FILES.noticeOfChallenge),
      out.bytes(BUNDLE_FILES.combined),
    ];
    for (const pdf of pdfs) {
      const text = flat(await pdfText(pdf));
      for (const n of onlyHeld) expect(text).not.toContain(n);
    }
  });

  test('every PDF passes qpdf, embeds tagged subset fonts, and sets its language and shown title', async () => {
    const pdfs: [string, Uint8Array][] = [
      ...Object.entries(unzipSync(out.bytes(BUNDLE_FILES.zip))),
      ...(
        [
          BUNDLE_FILES.bulkMotion,
          BUNDLE_FILES.noticeOfChallenge,
          BUNDLE_FILES.summaryReport,
          BUNDLE_FILES.combined,
        ] as const
      ).map((n): [string, Uint8Array] => [n, out.bytes(n)]),
    ];
    for (const [name, bytes] of pdfs) {
      expect((await pdfTool('qpdf', ['--check'], bytes)).code, name).toBe(0);
      const fonts = (await pdfTool('pdffonts', [], bytes)).stdout.split('\n').slice(2, -1);
      expect(fonts.length, name).toBe(2);
      for (const line of fonts)
        expect(line, name).toMatch(/^[A-Z]{6}\+LiberationSerif\S* .* yes yes yes /);
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(doc.catalog.get(PDFName.of('Lang'))?.toString(), name).toBe('(en-US)');
      expect(doc.getTitle(), name).toBeTruthy();
      const prefs = doc.catalog.lookup(PDFName.of('ViewerPreferences'));
      expect(prefs?.toString(), name).toMatch(/\/DisplayDocTitle true/);
    }
    // The same subset always gets the same tag.
    const again = memorySink();
    await bundle({ sink: again.sink, combined: false });
    const fontsOf = async (b: Uint8Array) => (await pdfTool('pdffonts', [], b)).stdout;
    expect(await fontsOf(again.bytes(BUNDLE_FILES.bulkMotion))).toBe(
      await fontsOf(out.bytes(BUNDLE_FILES.bulkMotion)),
    );
  });

  test('the summary report gives the filing counts and the run', async () => {
    const text = flat(await pdfText(out.bytes(BUNDLE_FILES.summaryReport)));
    const f = filing.counts;
    expect(text).toMatch(new RegExp(`Granted: in court-data.csv.* ${f.granted}\\b`));
    expect(text).toMatch(new RegExp(`Challenged: in the notice of challenge.* ${f.challenged}\\b`));
    expect(text).toMatch(new RegExp(`Still held: in held.csv, not in any paper ${f.held}\\b`));
    expect(text).toContain(run.manifest.inputs[0]!.sha256);
    expect(text).toMatch(new RegExp(`Rows read ${run.summary.lineCount}\\b`));
    expect(text).toContain('Convictions by flag');
  });

  test("the combined PDF holds every motion's pages, the fonts once", async () => {
    const entries = unzipSync(out.bytes(BUNDLE_FILES.zip));
    let pages = 0;
    for (const bytes of Object.values(entries)) {
      pages += (await PDFDocument.load(bytes)).getPageCount();
    }
    const bytes = out.bytes(BUNDLE_FILES.combined);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(pages);
    expect(bytes.toString('latin1').match(/\/FontFile2 /g)).toHaveLength(2);
  });

  test('--per=person: one motion per person, each with all their case numbers', async () => {
    const perPerson = memorySink();
    const made = await bundle({ sink: perPerson.sink, per: 'person', combined: false });
    const people = new Set(
      courtData.map((r) => r['CII Number'] || `${r.Name}|${r['Date of Birth']}`),
    );
    expect(made.entries).toHaveLength(people.size);
    const entries = unzipSync(perPerson.bytes(BUNDLE_FILES.zip));
    for (const { name, caseNumbers, file } of made.entries) {
      const own = [
        ...new Set(courtData.filter((r) => r.Name === name).map((r) => r['Court Case Number'])),
      ];
      expect(caseNumbers).toEqual(own);
      const text = flat(await pdfText(entries[file]!));
      for (const n of own) expect(text).toContain(n);
    }
  });

  test('a granted conviction without a date of conviction is counted, for the attorney to be told', async () => {
    const dated = courtData.filter((r) => (r['Date of Conviction'] ?? '').trim() !== '');
    expect(result.undated).toBe(courtData.length - dated.length);
    // The first granted row's date blanked, as a DOJ record without one would leave it.
    const header = Object.keys(courtData[0]!);
    const blanked = courtData.map((r, i) => (i === 0 ? { ...r, 'Date of Conviction': '' } : r));
    const text = [header, ...blanked.map((r) => header.map((h) => r[h] ?? ''))]
      .map((cells) => csvLine(cells))
      .join('\n');
    const undated = await bundle({
      sink: memorySink().sink,
      combined: false,
      courtData: chunked(`${text}\n`),
    });
    expect(undated.undated).toBe(result.undated + (courtData[0]!['Date of Conviction'] ? 1 : 0));
    expect(undated.motions).toBe(result.motions);
    expect(undatedWarning(2, false)).toBe(
      '2 granted convictions have no date of conviction in the DOJ record, so the papers leave ' +
        'that date blank: find it and fill it in (it stays editable in each motion), or hold the ' +
        'conviction, before anything is filed.',
    );
    expect(undatedWarning(1, true)).toContain('1 granted conviction has no date');
    expect(undatedWarning(1, true)).toContain('by hand (these copies are flattened)');
  });

  test('progress rises to 1 and counts the motions', () => {
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(progress.at(-1)?.motionsDone).toBe(result.motions);
  });

  test('the same inputs and time give the same papers, byte for byte', async () => {
    const again = memorySink();
    await bundle({ sink: again.sink, combined: false });
    for (const name of [
      BUNDLE_FILES.zip,
      BUNDLE_FILES.bulkMotion,
      BUNDLE_FILES.noticeOfChallenge,
      BUNDLE_FILES.summaryReport,
    ] as const) {
      expect(again.bytes(name).equals(out.bytes(name)), name).toBe(true);
    }
  });

  test('Cancel stops the bundle and aborts the file being written', async () => {
    const cancelled = memorySink();
    const controller = new AbortController();
    const promise = bundle({
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

  test('counts of another filing are refused before anything is written', async () => {
    const sink = memorySink();
    await expect(
      bundle({ sink: sink.sink, filingCounts: { ...filing.counts, granted: 0 } }),
    ).rejects.toThrow(/not those of court-data.csv/);
    expect(sink.files.size).toBe(0);
  });
});

describe('the summary report on its own (the Results step)', () => {
  test('is made without office details, the people or a filing, and says the filing is not made', async () => {
    const bytes = await summaryReportPdf(
      { summary: run.summary, manifest: run.manifest, generatedAt: NOW },
      base.fonts,
    );
    expect((await pdfTool('qpdf', ['--check'], bytes)).code).toBe(0);
    const text = flat(await pdfText(bytes));
    expect(text).toContain('The filing package is not made yet');
    expect(text).not.toContain('Granted: in court-data.csv');
    expect(text).toContain(run.manifest.inputs[0]!.sha256);
  });
});

describe('the legal wording', () => {
  test('every sentence cites its sources, and the papers print it as written there', async () => {
    const wording = allWording();
    expect(wording.length).toBeGreaterThan(10);
    for (const { text, cites } of wording) {
      expect(cites.length, text).toBeGreaterThan(0);
      for (const c of cites) {
        expect(c.source, c.cite).toMatch(/H&S 1(1361\.[89]|1590)/);
        expect(text.includes(c.cite) || wording.some((w) => w.text.includes(c.cite))).toBe(true);
      }
    }
    const bulk = flat(await pdfText(out.bytes(BUNDLE_FILES.bulkMotion)));
    const plain = (t: string) => flat(t).replace(/\s\d{1,2}\s/g, ' ');
    expect(plain(bulk)).toContain(plain(BASIS_PARAGRAPHS[1]!));
  });
});

describe('Exhibit A of a county-sized filing', () => {
  test('continues across pages, the title and header repeated, every row once, in order', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      caseNumber: `19F${String(i).padStart(5, '0')}`,
      court: 'Superior Court of California, County of Sacramento',
      name: i % 7 ? `PERSON ${i}, GIVEN` : `A MUCH LONGER NAME THAT WRAPS ${i}, GIVEN NAMES HERE`,
      dob: '01/02/1970',
      cii: `A${String(i).padStart(8, '0')}`,
      date: '03/04/1990',
      codeSection: '11357 HS',
      level: 'Misdemeanor',
      relief: 'Dismissal and sealing',
      statute: i % 10 ? 'H&S 11361.8(f)' : 'H&S 11361.8(b)',
      inputLine: String(i + 2),
    }));
    const chunks: Uint8Array[] = [];
    const { pages } = await writeBulkMotion(
      rows,
      { county: 'SACRAMENTO', office: OFFICE, fonts: base.fonts, now: NOW },
      async (c) => void chunks.push(c),
    );
    const bytes = Buffer.concat(chunks);
    expect((await pdfTool('qpdf', ['--check'], bytes)).code).toBe(0);
    const texts = (await pdfText(bytes)).split('\f').slice(0, -1);
    expect(texts).toHaveLength(pages);
    const exhibit = texts.filter((p) => /^\s*EXHIBIT A/.test(p));
    expect(exhibit.length).toBeGreaterThan(3);
    exhibit.forEach((page, i) => {
      expect(page).toMatch(i === 0 ? /EXHIBIT A\n/ : /EXHIBIT A \(continued\)/);
      expect(flat(page)).toContain('Court Case Number');
    });
    const found = exhibit.flatMap((p) => [...p.matchAll(/19F\d{5}/g)].map((m) => m[0]));
    expect(found).toEqual(rows.map((r) => r.caseNumber));
    // Both routes are in the order, and only because both are in the exhibit.
    const order = flat(texts.join(' '));
    expect(order).toContain('under subdivision (b)');
    expect(order).toContain('under subdivision (f)');
  });
});

describe('filing data files that are not what they should be', () => {
  const attempt = (courtDataText: string, challengesText = 'x') =>
    writeFormsBundle({
      ...base,
      courtData: [courtDataText],
      challenges: [challengesText],
      sink: memorySink().sink,
    });

  test('another CSV is refused, naming the file and the missing columns, not the values', async () => {
    const error = await attempt('Name,Secret\nA,"HIDDEN VALUE"\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /^court-data\.csv, line 1: .*"Court Case Number"/,
    );
    expect((error as InputError).message).not.toContain('HIDDEN');
  });

  test('a row without a case number, or with a broken quote, is refused with its line', async () => {
    const header = texts.courtData.split('\n')[0]!;
    const row = texts.courtData.split('\n')[1]!;
    const blank = `${header}\n${row}\n,${row.slice(row.indexOf(',') + 1)}\n`;
    await expect(attempt(blank)).rejects.toThrow(
      /^court-data\.csv, line 3: has no court case number/,
    );
    await expect(attempt(`${header}\n"unclosed,1\n`)).rejects.toThrow(/^court-data\.csv, line 2/);
    await expect(attempt(texts.courtData, 'a,b\n')).rejects.toThrow(/^challenges\.csv, line 1/);
  });
});

describe('CSV cells the papers write', () => {
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
