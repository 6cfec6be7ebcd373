import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildRulePack, type RulePack } from '../../rules/prop64/pack';

const RULES_DIR = new URL('../../rules/prop64/', import.meta.url);

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

let cached: Promise<RulePack> | undefined;

/** The rule pack as stored on disk, read once per process. */
export function loadRulePack(): Promise<RulePack> {
  cached ??= buildRulePack(
    (name) => readFile(new URL(name, RULES_DIR), 'utf8'),
    async (text) => sha256Text(text),
  );
  return cached;
}
