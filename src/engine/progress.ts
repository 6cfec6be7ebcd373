/** What the engine reports while it works; the UI shows `label` and a bar from `fraction`. */
export interface Progress {
  stage: 'read' | 'decide' | 'write';
  label: string;
  /** 0..1 over the whole run. */
  fraction: number;
}

export type ProgressListener = (progress: Progress) => void;

/** Maps a phase's own 0..1 onto its share of the whole run. */
export function phase(
  listener: ProgressListener | undefined,
  stage: Progress['stage'],
  from: number,
  to: number,
): (label: string, done: number) => void {
  return (label, done) => listener?.({ stage, label, fraction: from + (to - from) * done });
}

/** Each stage's share of a whole CLI run (read, decide, then write the files). */
export const STAGE_SPANS: Readonly<Record<Progress['stage'], readonly [number, number]>> = {
  read: [0, 0.55],
  decide: [0.55, 0.75],
  write: [0.75, 1],
};

/** How far along its own stage a report is, 0..1: the browser shows each stage as its own bar. */
export function stageFraction(progress: Progress): number {
  const [from, to] = STAGE_SPANS[progress.stage];
  return Math.min(1, Math.max(0, (progress.fraction - from) / (to - from)));
}
