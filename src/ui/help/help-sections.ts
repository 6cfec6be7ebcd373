/**
 * The Help page's sections, in the order they appear, and how a section is addressed.
 *
 * `#/help` is itself a route of the hash router, so an ordinary in-page anchor (`#privacy`) would
 * leave the Help page. Each section has a route of its own instead (`#/help/privacy`): the table of
 * contents is plain links, Back returns to where the reader was, and a step can link straight to
 * the part of the page about it.
 */
export const HELP_SECTIONS = [
  { id: 'what-it-does', title: 'What Clearance does, and what it does not' },
  { id: 'steps', title: 'The steps, one by one' },
  { id: 'determinations', title: 'What each result means' },
  { id: 'reasons', title: 'Reasons: which rule decided' },
  { id: 'flags', title: 'Flags for the reviewing attorney' },
  { id: 'holds', title: 'Holds: what must be looked at before filing' },
  { id: 'filing', title: 'What your office files, and when (H&S 11361.9)' },
  { id: 'privacy', title: 'Privacy: where your data goes' },
  { id: 'reproduce', title: 'Reproducing a run' },
  { id: 'large-files', title: 'Very large files' },
] as const;

export type HelpSectionId = (typeof HELP_SECTIONS)[number]['id'];

/** The quick guide is a page of its own, so that printing it prints nothing else. */
export const QUICK_GUIDE = 'quick-guide';

/** The route of a section, or of a step's part of "The steps" (`step-policy`). */
export function helpHref(section?: string): string {
  return section ? `#/help/${section}` : '#/help';
}

/** What a Help route asks for: `#/help` → '', `#/help/privacy` → 'privacy'; undefined if not Help. */
export function helpTarget(hash: string): string | undefined {
  const match = /^#\/help(?:\/([a-z0-9-]*))?$/.exec(hash);
  return match ? (match[1] ?? '') : undefined;
}
