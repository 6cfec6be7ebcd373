import type { CourtDataRow } from './filing-rows';
import { reliefKindOf, routeOf, type ReliefKind, type Route } from './legal-wording';

/**
 * People as the summary report reads them from a run's Prop64_Results.csv (from-results.ts): its
 * breakdowns by section and by reason. The motions are made from court-data.csv instead
 * (MotionGroup), so they can only list what the filing grants.
 */
export type Relief = 'dismiss' | 'reduce';

export interface FormConviction {
  /** mm/dd/yyyy as in the results' "Date of Conviction"; '' when unknown. */
  date: string;
  /** The code section as the extract writes it, e.g. "11359 HS". */
  codeSection: string;
  /** 11357..11360 */
  section: string;
  felony: boolean;
  caseNumber: string;
  /** 'dismiss' | 'reduce' | null when the conviction gets no relief. */
  relief: Relief | null;
  determination: string;
  reason: string;
  /** How many identical rows (same case, date and code section: one per count) this stands for. */
  counts: number;
}

export interface FormPerson {
  subjectId: string;
  name: string;
  /** mm/dd/yyyy, or '' when the extract has none. */
  dob: string;
  cii: string;
  caseNumbers: string[];
  convictions: FormConviction[];
}

/** How forms.zip is split: one motion per court case (the court's files), or per person. */
export type MotionsPer = 'case' | 'person';

/** What one motion and proposed order is for: granted rows of court-data.csv. */
export interface MotionGroup {
  /** Its court case numbers, each once, in file order (one when per case). */
  caseNumbers: string[];
  name: string;
  dob: string;
  cii: string;
  court: string;
  rows: CourtDataRow[];
}

/**
 * The person a row is about: the CII number, or (the extract sometimes has none) the name and
 * date of birth, so two co-defendants without CII numbers never share a motion.
 */
function personKey(row: CourtDataRow): string {
  const cii = row.cii.trim();
  return cii !== '' ? `cii\u0000${cii}` : `name\u0000${row.name.trim()}\u0000${row.dob.trim()}`;
}

/**
 * The motions of court-data.csv: per court case, one per case number and person (co-defendants
 * may share a case number, and each gets a motion of their own); per person, one each with all
 * their granted convictions. In order of each group's first row.
 */
export function groupMotions(rows: readonly CourtDataRow[], per: MotionsPer): MotionGroup[] {
  const groups = new Map<string, MotionGroup>();
  for (const row of rows) {
    const key = per === 'case' ? `${row.caseNumber.trim()}\u0001${personKey(row)}` : personKey(row);
    let group = groups.get(key);
    if (!group) {
      group = {
        caseNumbers: [],
        name: row.name,
        dob: row.dob,
        cii: row.cii,
        court: row.court,
        rows: [],
      };
      groups.set(key, group);
    }
    const caseNumber = row.caseNumber.trim();
    if (!group.caseNumbers.includes(caseNumber)) group.caseNumbers.push(caseNumber);
    group.rows.push(row);
  }
  return [...groups.values()];
}

/** The routes and reliefs a set of rows asks for, each once, in a fixed order. */
export function reliefsOf(rows: readonly CourtDataRow[]): { route: Route; kind: ReliefKind }[] {
  const found = new Set(rows.map((r) => `${routeOf(r.statute)}:${reliefKindOf(r.relief)}`));
  const all: { route: Route; kind: ReliefKind }[] = [
    { route: 'f', kind: 'dismissal' },
    { route: 'f', kind: 'reduction' },
    { route: 'b', kind: 'dismissal' },
    { route: 'b', kind: 'reduction' },
  ];
  return all.filter((r) => found.has(`${r.route}:${r.kind}`));
}

export function routesOf(rows: readonly CourtDataRow[]): Route[] {
  const found = new Set(rows.map((r) => routeOf(r.statute)));
  return (['b', 'f'] as const).filter((r) => found.has(r));
}
