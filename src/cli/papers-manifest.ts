import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../engine/manifest';
import { APP_VERSION } from '../engine/version';
import type { FilingDataResult } from './filing-data';

export const PAPERS_MANIFEST = 'papers-manifest.json';

/**
 * papers-manifest.json: what the court papers were chosen from, so an auditor can tie every paper
 * to one run (its input's SHA-256), one review file (its SHA-256, or none: the defaults) and the
 * exact filing rule that chose them.
 */
export async function writePapersManifest(
  dir: string,
  parts: { manifest: Manifest; filing: FilingDataResult; files: readonly string[] },
): Promise<void> {
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
    // Every file of the package with its size and SHA-256, so a filed copy can be matched.
    files: await Promise.all(
      [...filing.files, ...parts.files].map(async (name) => ({
        name,
        size: (await stat(path.join(dir, name))).size,
        sha256: await fileSha256(path.join(dir, name)),
      })),
    ),
    madeAt: new Date().toISOString(),
  };
  await writeFile(path.join(dir, PAPERS_MANIFEST), `${JSON.stringify(papers, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** A file's SHA-256, read as a stream (forms.zip may be large). */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
