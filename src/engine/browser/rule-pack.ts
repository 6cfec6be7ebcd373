import { buildRulePack, type RuleFileName, type RulePack } from '../../rules/prop64/pack';

// The rule files, bundled as text: the browser runs exactly what the CLI reads from disk.
const SOURCES = import.meta.glob<string>('../../rules/prop64/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

let cached: Promise<RulePack> | undefined;

export function loadBrowserRulePack(): Promise<RulePack> {
  cached ??= buildRulePack(async (name: RuleFileName) => {
    const text = SOURCES[`../../rules/prop64/${name}`];
    if (text === undefined) throw new Error(`The rule file ${name} is missing from the build.`);
    return text;
  }, sha256Hex);
  return cached;
}
