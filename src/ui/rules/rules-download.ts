import { strToU8, zipSync } from 'fflate';
import type { RulePack } from '../../rules/prop64/pack';
import packReadme from '../../rules/prop64/README.md?raw';

/**
 * "Download the rules": the rule pack's .sql files exactly as they run, with the pack's README and
 * a list of SHA-256 hashes to check them against a run's manifest.json. Small: built in memory.
 */
export function rulesZip(pack: RulePack): Blob {
  const folder = `${pack.id}-rules-${pack.version}`;
  const entries: Record<string, Uint8Array> = {
    [`${folder}/README.md`]: strToU8(packReadme),
    [`${folder}/SHA256SUMS`]: strToU8(pack.files.map((f) => `${f.sha256}  ${f.name}\n`).join('')),
  };
  for (const file of pack.files) entries[`${folder}/${file.name}`] = strToU8(file.text);
  const bytes = zipSync(entries, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
  return new Blob([bytes], { type: 'application/zip' });
}
