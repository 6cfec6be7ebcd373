import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../engine/manifest';
import { PAPERS_MANIFEST, papersManifestText } from '../filing/papers-manifest';
import type { FilingDataResult } from './filing-data';

export { PAPERS_MANIFEST };

/** Writes papers-manifest.json into `dir`, beside the files it lists (each hashed from disk). */
export async function writePapersManifest(
  dir: string,
  parts: { manifest: Manifest; filing: FilingDataResult; files: readonly string[] },
): Promise<void> {
  const files = await Promise.all(
    [...parts.filing.files, ...parts.files].map(async (name) => ({
      name,
      size: (await stat(path.join(dir, name))).size,
      sha256: await fileSha256(path.join(dir, name)),
    })),
  );
  const text = papersManifestText({
    manifest: parts.manifest,
    filing: parts.filing,
    files,
    madeAt: new Date(),
  });
  await writeFile(path.join(dir, PAPERS_MANIFEST), text, { mode: 0o600 });
}

/** A file's SHA-256, read as a stream (forms.zip may be large). */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
