import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { EligibilityOptions } from '../rules/prop64/options';
import type { RulePack } from '../rules/prop64/pack';
import type { Summary } from './summary';

/**
 * /2 records every output file's SHA-256 (replay compares them); /1, before it, recorded only the
 * output files' names.
 */
export const MANIFEST_FORMAT = 'clearance-run-manifest/2';
export const MANIFEST_FORMAT_WITHOUT_HASHES = 'clearance-run-manifest/1';

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

/** One file the run wrote, as it was written: replay compares these, and can check a folder's. */
export interface ManifestOutput {
  name: string;
  /** In bytes. */
  size: number;
  sha256: string;
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
  /** Every file of the run but manifest.json itself, which cannot hold its own hash. */
  outputs: ManifestOutput[];
  /**
   * summary.json's SHA-256 with processingTimeInSeconds at 0: the time is the one thing in a
   * run's files that differs when the same input, rules and choices are run again, so this is
   * what a replay compares for summary.json (its bytes are in `outputs`, for checking the file).
   */
  summaryResultsSha256: string;
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
  outputs: ManifestOutput[];
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
    summaryResultsSha256: summaryResultsSha256(parts.summary),
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt.toISOString(),
  };
}

/** summary.json's text: one function, so the file and its hash below cannot drift apart. */
export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** The SHA-256 of summary.json as it would be written had the run taken no time at all. */
export function summaryResultsSha256(summary: Summary): string {
  const timeless = summaryJson({ ...summary, processingTimeInSeconds: 0 });
  return bytesToHex(sha256(new TextEncoder().encode(timeless)));
}
