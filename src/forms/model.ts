/**
 * What the forms print, taken from a run's Prop64_Results.csv: the county's Prop 64 conviction
 * rows with their determinations. Reading the run's own output (in the CLI and the browser alike)
 * means a motion can only ever say what the results say.
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

/** A person gets a motion when at least one of their convictions is dismissed or reduced. */
export function needsMotion(person: FormPerson): boolean {
  return person.convictions.some((c) => c.relief !== null);
}
