/**
 * The earlier tool's own command-line tests (codeforamerica/gogen, gogen_test.go), run against
 * `clearance run` as a county's script would call it, with gogen's fixtures (tests/fixtures/gogen/,
 * MIT: licenses/gogen-MIT.txt). Each `It` of gogen_test.go is one test here, in its order; where
 * Clearance differs on purpose the test says so.
 *
 * configurable_flow.input.csv is the input sheet of configurable_flow.xlsx as gogen's
 * ExtractFullCSVFixtures wrote it before each of these tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, ROOT } from '../helpers/cli';

const FIXTURES = path.join(ROOT, 'tests/fixtures/gogen');
const fixture = (name: string) => path.join(FIXTURES, name);
const eligibilityOptions = fixture('eligibility_options.json');
const configurableFlow = fixture('configurable_flow.input.csv');

let dir: string;
let count = 0;
/** gogen's ioutil.TempDir("/tmp", "gogen"): a fresh folder per test. */
const outputDir = () => path.join(dir, `gogen${++count}`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-gogen-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function gogenRun(outputs: string, ...flags: string[]) {
  return cli('run', `--outputs=${outputs}`, ...flags, '--quiet');
}

const readJson = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** gogen's GetOutputSummary. */
const outputSummary = (outputs: string, name = 'gogen.json') => readJson(path.join(outputs, name));

// 2 minutes a test: each runs the tool as a process, and the machine may be shared.
const SLOW = 120_000;

describe('gogen', () => {
  // DOJ files came with a trailing comma after END_OF_REC in the header: 96 names, the last empty.
  test(
    'can handle a csv with extra comma at the end of headers',
    async () => {
      const outputs = outputDir();
      const session = await gogenRun(
        outputs,
        `--input-doj=${fixture('extra_comma.csv')}`,
        '--county=SAN JOAQUIN',
        '--compute-at=2019-11-11',
        `--eligibility-options=${eligibilityOptions}`,
      );
      expect(session.code).toBe(0);
      expect(session.stderr).not.toContain('required');
      expect(outputSummary(outputs).lineCount).toBe(38);
    },
    SLOW,
  );

  test(
    'can handle an input file without headers',
    async () => {
      const outputs = outputDir();
      const session = await gogenRun(
        outputs,
        `--input-doj=${fixture('no_headers.csv')}`,
        '--county=SAN JOAQUIN',
        '--compute-at=2019-11-11',
        `--eligibility-options=${eligibilityOptions}`,
      );
      expect(session.code).toBe(0);
      expect(outputSummary(outputs).lineCount).toBe(38);
    },
    SLOW,
  );

  // gogen's "can accept a compute-at option" and "can accept path to eligibility options file"
  // run the same command; it is run once here and both checks are made on it.
  describe('the configurable flow, one input file', () => {
    let outputs: string;
    let session: Awaited<ReturnType<typeof cli>>;
    beforeAll(async () => {
      outputs = outputDir();
      session = await gogenRun(
        outputs,
        `--input-doj=${configurableFlow}`,
        '--county=SACRAMENTO',
        '--compute-at=2019-11-11',
        `--eligibility-options=${eligibilityOptions}`,
      );
    }, SLOW);

    test('can accept a compute-at option for determining eligibility', () => {
      expect(session.code).toBe(0);
      expect(session.stderr).not.toContain('required');
      expect(outputSummary(outputs).lineCount).toBe(38);
    });

    test('can accept path to eligibility options file', () => {
      expect(session.code).toBe(0);
      const summary = outputSummary(outputs);
      expect(summary.processingTimeInSeconds).toBeGreaterThan(0);
      // gogen's MatchAllFields: exactly these fields, no more.
      expect({ ...summary, processingTimeInSeconds: 'checked above' }).toEqual({
        county: 'SACRAMENTO',
        lineCount: 38,
        processingTimeInSeconds: 'checked above',
        earliestConviction: '1979-06-01T00:00:00Z',
        reliefWithCurrentEligibilityChoices: {
          CountSubjectsNoFelony: 5,
          CountSubjectsNoConviction: 4,
          CountSubjectsNoConvictionLast7Years: 2,
        },
        reliefWithDismissAllProp64: {
          CountSubjectsNoFelony: 5,
          CountSubjectsNoConviction: 4,
          CountSubjectsNoConvictionLast7Years: 2,
        },
        prop64ConvictionsCountInCountyByCodeSection: { '11357': 3, '11358': 7, '11359': 8 },
        subjectsWithProp64ConvictionCountInCounty: 12,
        prop64FelonyConvictionsCountInCounty: 15,
        prop64NonFelonyConvictionsCountInCounty: 3,
        subjectsWithSomeReliefCount: 12,
        convictionDismissalCountByCodeSection: { '11357': 2, '11358': 6 },
        convictionReductionCountByCodeSection: { '11359': 1, '11360': 0 },
        convictionDismissalCountByAdditionalRelief: {
          '21 years or younger': 1,
          '57 years or older': 2,
          'Conviction occurred 10 or more years ago': 1,
          'Individual is deceased': 1,
          'Only has 11357-60 charges': 1,
        },
      });
      // Written as Go's encoding/json writes it: compact, the struct's field order.
      const text = readFileSync(path.join(outputs, 'gogen.json'), 'utf8');
      expect(text).toMatch(/^\{"county":"SACRAMENTO","earliestConviction":"1979-06-01T00:00:00Z",/);
      // And Clearance's own files beside it, unchanged.
      expect(existsSync(path.join(outputs, 'All_Results.csv'))).toBe(true);
      expect(readJson(path.join(outputs, 'summary.json')).lineCount).toBe(38);
    });
  });

  test(
    'can accept a suffix for the output file names',
    async () => {
      const outputs = outputDir();
      const dateSuffix = 'Feb_8_2019_3.32.43.PM';
      const session = await gogenRun(
        outputs,
        `--input-doj=${fixture('extra_comma.csv')}`,
        '--county=SAN JOAQUIN',
        '--compute-at=2019-11-11',
        `--file-name-suffix=${dateSuffix}`,
        `--eligibility-options=${eligibilityOptions}`,
      );
      expect(session.code).toBe(0);
      for (const name of [
        `All_Results_${dateSuffix}.csv`,
        `All_Results_Condensed_${dateSuffix}.csv`,
        `Prop64_Results_${dateSuffix}.csv`,
        `gogen_${dateSuffix}.json`,
      ]) {
        expect(existsSync(path.join(outputs, name)), name).toBe(true);
      }
      expect(outputSummary(outputs, `gogen_${dateSuffix}.json`).lineCount).toBe(38);
      expect(existsSync(path.join(outputs, 'All_Results.csv'))).toBe(false);
    },
    SLOW,
  );

  test(
    'validates required options',
    async () => {
      const outputs = await mkdtemp(path.join(dir, 'gogen-required-'));
      const session = await gogenRun(
        outputs,
        `--input-doj=${fixture('extra_comma.csv')}`,
        '--compute-at=2019-11-11',
        `--eligibility-options=${eligibilityOptions}`,
      );
      // gogen exited 1 here; Clearance keeps its exit code 2 for a command called wrongly
      // (scripts test for "not 0"), and says which flag is missing.
      expect(session.code).toBe(2);
      expect(session.stderr).toContain('--county is required.');
      const errorFile = path.join(outputs, 'gogen.err');
      expect(existsSync(errorFile)).toBe(true);
      expect(readJson(errorFile)).toEqual({
        '': { errorType: 'OTHER', errorMessage: '--county is required.' },
      });
    },
    SLOW,
  );

  test(
    'fails and reports errors for missing input files',
    async () => {
      const outputs = outputDir();
      const pathToDOJ = fixture('missing.csv');
      const session = await gogenRun(
        outputs,
        `--input-doj=${pathToDOJ}`,
        '--county=SAN JOAQUIN',
        '--compute-at=2019-11-11',
        '--file-name-suffix=a_suffix',
        `--eligibility-options=${eligibilityOptions}`,
      );
      expect(session.code).toBe(1);
      expect(session.stderr).toMatch(/missing\.csv: the file does not exist/);
      const errors = readJson(path.join(outputs, 'gogen_a_suffix.err'));
      expect(Object.keys(errors)).toEqual([pathToDOJ]);
      expect(errors[pathToDOJ]).toEqual({
        errorType: 'OTHER',
        errorMessage: expect.stringMatching(/^missing\.csv: the file does not exist.*missing\.csv/),
      });
    },
    SLOW,
  );

  test(
    'fails and reports errors for invalid input files',
    async () => {
      const outputs = outputDir();
      const pathToDOJ = fixture('bad.csv');
      const session = await gogenRun(
        outputs,
        `--input-doj=${pathToDOJ}`,
        '--county=SAN JOAQUIN',
        '--compute-at=2019-11-11',
        '--file-name-suffix=a_suffix',
        `--eligibility-options=${eligibilityOptions}`,
      );
      expect(session.code).toBe(1);
      // gogen: "record on line 1: wrong number of fields"; Clearance names the file, line and problem.
      expect(session.stderr).toContain('bad.csv, line 1: the header row has 94 column names');
      expect(readJson(path.join(outputs, 'gogen_a_suffix.err'))).toEqual({
        [pathToDOJ]: {
          errorType: 'PARSING',
          errorMessage: expect.stringContaining('bad.csv, line 1: the header row has 94'),
        },
      });
      expect(existsSync(path.join(outputs, 'All_Results_a_suffix.csv'))).toBe(false);
    },
    SLOW,
  );

  describe('Processing multiple input files', () => {
    test(
      'nests and indexes the names of the results files for each input file',
      async () => {
        const outputs = outputDir();
        // Clearance's own default puts each input's files in a folder of its own (its users'
        // scripts read them there); --layout=gogen (or --file-name-suffix) is gogen's layout.
        const session = await gogenRun(
          outputs,
          `--input-doj=${configurableFlow},${configurableFlow}`,
          '--county=SACRAMENTO',
          '--compute-at=2019-11-11',
          `--eligibility-options=${eligibilityOptions}`,
          '--layout=gogen',
        );
        expect(session.code).toBe(0);
        for (const name of [
          'All_Results_1.csv',
          'All_Results_2.csv',
          'All_Results_Condensed_1.csv',
          'All_Results_Condensed_2.csv',
          'Prop64_Results_1.csv',
          'Prop64_Results_2.csv',
          'gogen.json',
        ]) {
          expect(existsSync(path.join(outputs, name)), name).toBe(true);
        }
        expect(outputSummary(outputs).lineCount).toBe(76);
      },
      SLOW,
    );

    test(
      'can aggregate statistics for multiple input files',
      async () => {
        const outputs = outputDir();
        // As gogen's test calls it (no layout flag): the default layout writes the same gogen.json.
        const second = path.join(dir, 'configurable_flow_again.csv');
        await copyFile(configurableFlow, second);
        const session = await gogenRun(
          outputs,
          `--input-doj=${configurableFlow},${second}`,
          '--county=SACRAMENTO',
          '--compute-at=2019-11-11',
          `--eligibility-options=${eligibilityOptions}`,
        );
        expect(session.code).toBe(0);
        const summary = outputSummary(outputs);
        expect(summary.processingTimeInSeconds).toBeGreaterThan(0);
        expect({ ...summary, processingTimeInSeconds: 'checked above' }).toEqual({
          county: 'SACRAMENTO',
          lineCount: 76,
          earliestConviction: '1979-06-01T00:00:00Z',
          processingTimeInSeconds: 'checked above',
          reliefWithCurrentEligibilityChoices: {
            CountSubjectsNoFelony: 10,
            CountSubjectsNoConviction: 8,
            CountSubjectsNoConvictionLast7Years: 4,
          },
          reliefWithDismissAllProp64: {
            CountSubjectsNoFelony: 10,
            CountSubjectsNoConviction: 8,
            CountSubjectsNoConvictionLast7Years: 4,
          },
          prop64ConvictionsCountInCountyByCodeSection: { '11357': 6, '11358': 14, '11359': 16 },
          subjectsWithProp64ConvictionCountInCounty: 24,
          prop64FelonyConvictionsCountInCounty: 30,
          prop64NonFelonyConvictionsCountInCounty: 6,
          subjectsWithSomeReliefCount: 24,
          convictionDismissalCountByCodeSection: { '11357': 4, '11358': 12 },
          convictionReductionCountByCodeSection: { '11359': 2, '11360': 0 },
          convictionDismissalCountByAdditionalRelief: {
            '21 years or younger': 2,
            '57 years or older': 4,
            'Conviction occurred 10 or more years ago': 2,
            'Individual is deceased': 2,
            'Only has 11357-60 charges': 2,
          },
        });
        // Each file's own results in its own folder, as Clearance's users find them.
        expect(existsSync(path.join(outputs, 'configurable_flow.input', 'All_Results.csv'))).toBe(
          true,
        );
        expect(existsSync(path.join(outputs, 'configurable_flow_again', 'All_Results.csv'))).toBe(
          true,
        );
      },
      SLOW,
    );

    test(
      'can return errors for multiple input files',
      async () => {
        const outputs = outputDir();
        const pathToBadDOJ = fixture('bad.csv');
        const pathToMissingDOJ = fixture('missing.csv');
        const session = await gogenRun(
          outputs,
          `--input-doj=${configurableFlow},${pathToBadDOJ},${pathToMissingDOJ}`,
          '--county=SACRAMENTO',
          '--compute-at=2019-11-11',
          '--file-name-suffix=a_suffix',
          `--eligibility-options=${eligibilityOptions}`,
        );
        expect(session.code).toBe(1);
        expect(session.stderr).toContain('bad.csv, line 1: the header row has 94 column names');
        expect(session.stderr).toMatch(/missing\.csv: the file does not exist/);
        expect(readJson(path.join(outputs, 'gogen_a_suffix.err'))).toEqual({
          [pathToMissingDOJ]: {
            errorType: 'OTHER',
            errorMessage: expect.stringMatching(/^missing\.csv: the file does not exist/),
          },
          [pathToBadDOJ]: {
            errorType: 'PARSING',
            errorMessage: expect.stringContaining('bad.csv, line 1: the header row has 94'),
          },
        });
        // Unlike gogen, the valid file's results are not left behind either: a failed run
        // writes no result files, only gogen.err.
        expect(existsSync(path.join(outputs, 'All_Results_1_a_suffix.csv'))).toBe(false);
      },
      SLOW,
    );
  });
});
