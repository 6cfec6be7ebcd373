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
