/** The wizard's screens, in order. Each has a heading that receives focus when it opens. */
export const STEPS = [
  { id: 'start', title: 'Start' },
  { id: 'files', title: 'Files' },
  { id: 'county', title: 'County' },
  { id: 'policy', title: 'Policy' },
  { id: 'run', title: 'Run' },
  { id: 'results', title: 'Results' },
  { id: 'review', title: 'Review' },
  { id: 'forms', title: 'Court papers' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export function stepIndex(id: StepId): number {
  return STEPS.findIndex((s) => s.id === id);
}
