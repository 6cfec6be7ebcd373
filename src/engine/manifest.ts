import type { EligibilityOptions } from '../rules/prop64/options';
import type { RulePack } from '../rules/prop64/pack';
import type { Summary } from './summary';

export const MANIFEST_FORMAT = 'clearance-run-manifest/1';

export interface ManifestInput {
  name: string;
  size: number;
  sha256: string;
  rowCount: number;
  rejectedRowCount: number;
  hasHeader: boolean;
  encoding: string;
  /**
   * Who read the file: Clearance's fast reader (holding heldRowCount rows for the rules) or
   * DuckDB's own CSV reader (every row). The files are the same either way.
   */
  reader: 'fast' | 'duckdb';
  heldRowCount: number;
}

/** manifest.json: everything needed to say what produced a run's files and to replay it exactly. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  app: { name: 'Clearance'; version: string };
  engine: string;
  rulePack: { id: string; version: string; files: { name: string; id: string; sha256: string }[] };
  county: string;
  computeAt: string;
  options: EligibilityOptions;
  skipBadRows: boolean;
  inputs: ManifestInput[];
  determinations: { dismissal: number; reduction: number; none: number; needsReview: number };
  outputs: string[];
  startedAt: string;
  finishedAt: string;
}

export function buildManifest(parts: {
  appVersion: string;
  engine: string;
  pack: RulePack;
  county: string;
  computeAt: string;
  options: EligibilityOptions;
  skipBadRows: boolean;
  input: ManifestInput;
  summary: Summary;
  outputs: string[];
  startedAt: Date;
  finishedAt: Date;
}): Manifest {
  return {
    format: MANIFEST_FORMAT,
    app: { name: 'Clearance', version: parts.appVersion },
    engine: parts.engine,
    rulePack: {
      id: parts.pack.id,
      version: parts.pack.version,
      files: parts.pack.files.map((f) => ({ name: f.name, id: f.id, sha256: f.sha256 })),
    },
    county: parts.county,
    computeAt: parts.computeAt,
    options: parts.options,
    skipBadRows: parts.skipBadRows,
    inputs: [parts.input],
    determinations: {
      dismissal: parts.summary.convictionDismissalCount,
      reduction: parts.summary.convictionReductionCount,
      none: parts.summary.convictionNoReliefCount,
      needsReview: parts.summary.needsReviewCount,
    },
    outputs: parts.outputs,
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt.toISOString(),
  };
}
