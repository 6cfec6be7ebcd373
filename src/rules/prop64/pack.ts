/**
 * The Prop 64 rule pack: plain SQL files, run in this order, each starting with a header an
 * auditor can read (id, title, kind, statute, summary). The engine runs the exact text of these
 * files and records each file's SHA-256 in the run's manifest.
 */
export const RULE_PACK_ID = 'prop64';
export const RULE_PACK_VERSION = '1.1.0';

/** Files that read the input; run once per loaded extract. */
export const LOAD_FILES = ['01_definitions.sql', '02_rows.sql'] as const;

/** Files that depend on the county and policy; run again whenever those change. */
export const DECISION_FILES = [
  '03_convictions.sql',
  '04_flags.sql',
  '05_subjects.sql',
  '06_relevant.sql',
  '10_rule_not_felony.sql',
  '11_rule_dismiss_section.sql',
  '12_rule_under_21.sql',
  '13_rule_age_threshold.sql',
  '14_rule_years_since_conviction.sql',
  '15_rule_crime_free.sql',
  '16_rule_only_prop64.sql',
  '17_rule_deceased.sql',
  '18_rule_reduce_section.sql',
  '20_decide.sql',
  '25_holds.sql',
  '26_relief_route.sql',
  '30_row_results.sql',
  '31_determination_report.sql',
  '40_summary.sql',
  '50_filing.sql',
] as const;

/** Files that choose what is filed; run again when the attorney's review changes. */
export const FILING_FILES = ['50_filing.sql'] as const;

export const RULE_FILE_NAMES = [...LOAD_FILES, ...DECISION_FILES] as const;
export type RuleFileName = (typeof RULE_FILE_NAMES)[number];

export interface RuleFileHeader {
  id: string;
  title: string;
  kind: 'stage' | 'rule';
  statute: string;
  summary: string;
}

export interface RuleFile extends RuleFileHeader {
  name: RuleFileName;
  text: string;
  sha256: string;
}

export interface RulePack {
  id: string;
  version: string;
  files: RuleFile[];
}

/** Reads the `-- key: value` lines at the top of a rule file. */
export function parseRuleHeader(name: string, text: string): RuleFileHeader {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^--\s*(\w+):\s*(.*)$/.exec(line);
    if (!match) break;
    fields.set(match[1] ?? '', (match[2] ?? '').trim());
  }
  const get = (key: string): string => {
    const value = fields.get(key);
    if (!value) throw new Error(`Rule file ${name} has no "-- ${key}:" header line.`);
    return value;
  };
  const kind = get('kind');
  if (kind !== 'stage' && kind !== 'rule')
    throw new Error(`Rule file ${name}: kind must be stage or rule.`);
  return {
    id: get('id'),
    title: get('title'),
    kind,
    statute: get('statute'),
    summary: get('summary'),
  };
}

export async function buildRulePack(
  readText: (name: RuleFileName) => Promise<string>,
  sha256Hex: (text: string) => Promise<string>,
): Promise<RulePack> {
  const files = await Promise.all(
    RULE_FILE_NAMES.map(async (name) => {
      const text = await readText(name);
      return { name, text, sha256: await sha256Hex(text), ...parseRuleHeader(name, text) };
    }),
  );
  return { id: RULE_PACK_ID, version: RULE_PACK_VERSION, files };
}
