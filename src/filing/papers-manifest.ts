import type { Manifest } from '../engine/manifest';
import { APP_VERSION } from '../engine/version';
import type { FilingCounts } from './filing-outputs';

export const PAPERS_MANIFEST = 'papers-manifest.json';

/** What the filing data was chosen from: the counts, the review file and the filing rule. */
export interface FilingBasis {
  counts: FilingCounts;
  /** The review file's SHA-256, or null when the defaults were used (no attorney decision). */
  reviewSha256: string | null;
  filingRule: { name: string; sha256: string };
}

export interface PapersFile {
  name: string;
  size: number;
  sha256: string;
}

/**
 * papers-manifest.json: what the court papers were chosen from, so an auditor can tie every paper
 * to one run (its input's SHA-256), one review file (its SHA-256, or none: the defaults) and the
 * exact filing rule that chose them, and match a filed copy by its SHA-256. The same text in the
 * CLI and the browser.
 */
export function papersManifestText(parts: {
  manifest: Manifest;
  filing: FilingBasis;
  files: readonly PapersFile[];
  madeAt: Date;
}): string {
  const { manifest, filing } = parts;
  const papers = {
    format: 'clearance-papers-manifest/1',
    app: { name: 'Clearance', version: APP_VERSION },
    run: {
      county: manifest.county,
      computeAt: manifest.computeAt,
      input: manifest.inputs.map((i) => ({ name: i.name, sha256: i.sha256 })),
      ruleSet: `${manifest.rulePack.id} ${manifest.rulePack.version}`,
    },
    review: filing.reviewSha256
      ? { sha256: filing.reviewSha256 }
      : { sha256: null, note: 'No review file: the default decisions were used.' },
    filingRule: filing.filingRule,
    counts: filing.counts,
    files: parts.files,
    madeAt: parts.madeAt.toISOString(),
  };
  return `${JSON.stringify(papers, null, 2)}\n`;
}
