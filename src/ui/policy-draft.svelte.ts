import type { ThresholdField } from './policy';

/** A box on the policy step whose text can be invalid while being typed. */
export type DraftField = ThresholdField | 'computeAt';

/**
 * What the policy step's boxes hold that is not (yet) a valid policy: the text as typed and what
 * is wrong with it. Kept outside the step so that "Run the review" (in the page's step bar) can
 * refuse to run while a box is wrong, instead of running with the last valid value and quietly
 * putting it back in the box (issue 18, point 1); and so that going Back and forth keeps the text.
 */
class PolicyDraft {
  texts = $state<Partial<Record<DraftField, string>>>({});
  problems = $state<Partial<Record<DraftField, string>>>({});
  /** A message shows once the person leaves the box, or tries to run. */
  shown = $state<Partial<Record<DraftField, boolean>>>({});
  /** Bumped to ask the step to show its error summary and move focus to it. */
  summaryRequests = $state(0);
  /** The policy object the draft was typed against: another one (a preset, "Clear everything") drops it. */
  basis: unknown = null;

  get blocked(): boolean {
    return Object.values(this.problems).some((p) => p !== undefined);
  }

  /** Records the box's text: a problem when it is invalid, none when it is valid. */
  set(field: DraftField, text: string, problem: string | undefined) {
    this.texts = { ...this.texts, [field]: problem === undefined ? undefined : text };
    this.problems = { ...this.problems, [field]: problem };
    if (problem === undefined) this.shown = { ...this.shown, [field]: false };
  }

  show(field: DraftField) {
    if (this.problems[field] !== undefined) this.shown = { ...this.shown, [field]: true };
  }

  clear() {
    this.texts = {};
    this.problems = {};
    this.shown = {};
  }

  /** "Run the review" pressed: true when it may run; otherwise every problem shows, summary first. */
  allowRun(): boolean {
    if (!this.blocked) return true;
    for (const field of Object.keys(this.problems) as DraftField[]) this.show(field);
    this.summaryRequests++;
    return false;
  }
}

export const policyDraft = new PolicyDraft();
