/**
 * Every sentence the court papers print that makes a legal claim, in one place, each with the
 * source of its citation. NOT LEGAL ADVICE: an attorney of the filing office reviews this wording
 * before the first filing (README, "Court papers"). Subdivision letters follow the statute texts
 * named in SOURCES; where a sentence cites a section without a subdivision, the attorney checks
 * which subdivision the office's practice cites.
 *
 * Sources (shared/spec/filing-11361-9.md gathers them):
 * - H&S 11361.8: Prop 64 (2016), the relief itself; text at leginfo.legislature.ca.gov.
 * - H&S 11361.9: AB 1793 (2018) and AB 1706 (2022), the bulk review; leginfo texts of AB 1793 and
 *   AB 1706; the Attorney General's AB 1793 page (oag.ca.gov).
 * - H&S 11590: narcotics-offender registration; relief with dismissal as in San Francisco's
 *   orders (codeforamerica/autoclearance, app/assets/motions).
 * - Cal. Rules of Court, rules 2.100-2.119 (courts.ca.gov): format only, no wording.
 */

/** The route of relief 26_relief_route.sql chose for a conviction (court-data.csv "Statute"). */
export type Route = 'b' | 'f';
/** The relief court-data.csv names ("Dismissal and sealing" / "Reduction to a misdemeanor"). */
export type ReliefKind = 'dismissal' | 'reduction';

export interface Citation {
  /** As printed, e.g. "Health & Saf. Code, § 11361.8, subd. (f)". */
  cite: string;
  /** Where the cited text is, for the reviewing attorney. */
  source: string;
}

export const SOURCES = {
  hs113618: 'H&S 11361.8 (Prop 64, 2016); leginfo.legislature.ca.gov; spec filing-11361-9.md',
  hs113619:
    'H&S 11361.9 (AB 1793, 2018; AB 1706, 2022); leginfo AB 1793 and AB 1706 texts; oag.ca.gov AB 1793 page; spec filing-11361-9.md',
  hs11590:
    'H&S 11590 (registration); San Francisco order template, codeforamerica/autoclearance app/assets/motions; spec filing-11361-9.md',
} as const;

export const CITES = {
  subdB: { cite: 'Health & Saf. Code, § 11361.8, subds. (a), (b)', source: SOURCES.hs113618 },
  subdF: { cite: 'Health & Saf. Code, § 11361.8, subds. (e), (f)', source: SOURCES.hs113618 },
  review: { cite: 'Health & Saf. Code, § 11361.9, subd. (a)', source: SOURCES.hs113619 },
  unchallenged: { cite: 'Health & Saf. Code, § 11361.9', source: SOURCES.hs113619 },
  challenge: { cite: 'Health & Saf. Code, § 11361.9, subds. (c), (d)', source: SOURCES.hs113619 },
  registration: { cite: 'Health & Saf. Code, § 11590', source: SOURCES.hs11590 },
} as const satisfies Record<string, Citation>;

/** The route of a court-data.csv "Statute" value ("H&S 11361.8(b)"). */
export function routeOf(statute: string): Route {
  return /11361\.8\(b\)/.test(statute) ? 'b' : 'f';
}

export function reliefKindOf(relief: string): ReliefKind {
  return /^reduc/i.test(relief.trim()) ? 'reduction' : 'dismissal';
}

/** The relief a conviction row asks for, in the motion's table: route and relief together. */
export function reliefLabel(route: Route, kind: ReliefKind): string {
  if (route === 'b') {
    return kind === 'reduction'
      ? 'Recall sentence; resentence as misdemeanor'
      : 'Recall and dismiss sentence';
  }
  return kind === 'reduction' ? 'Redesignate as misdemeanor' : 'Dismiss and seal';
}

/** The subdivision cell of a row: "11361.8(b)" or "11361.8(f)". */
export const routeCell = (route: Route) => `H&S 11361.8(${route})`;

/** One paragraph per route-and-relief the motion's rows need, and nothing for the others. */
export function reliefParagraph(route: Route, kind: ReliefKind): string {
  const label = `“${reliefLabel(route, kind)}” (${routeCell(route)})`;
  if (route === 'b') {
    return kind === 'reduction'
      ? `For each conviction marked ${label}, the defendant is still serving the sentence. The ` +
          'People ask the Court to recall the sentence and resentence the defendant as for a ' +
          `misdemeanor (${CITES.subdB.cite}).`
      : `For each conviction marked ${label}, the defendant is still serving the sentence. The ` +
          `People ask the Court to recall or dismiss the sentence (${CITES.subdB.cite}).`;
  }
  return kind === 'reduction'
    ? `For each conviction marked ${label}, the sentence has been completed. The People ask the ` +
        `Court to redesignate the conviction as a misdemeanor (${CITES.subdF.cite}).`
    : `For each conviction marked ${label}, the sentence has been completed. The People ask the ` +
        `Court to dismiss and seal the conviction as legally invalid (${CITES.subdF.cite}).`;
}

/** The opening sentence of a motion for one court case or one person. */
export function motionOpening(): string {
  return (
    'The People of the State of California move the Court, under Health and Safety Code ' +
    'sections 11361.8 and 11361.9, for an order granting the relief stated below for each ' +
    "of the defendant's convictions listed in this motion."
  );
}

/** Why the People ask: the DOJ's review and the People's decision not to challenge. */
export const BASIS_PARAGRAPHS = [
  'The Department of Justice reviewed the records in the state summary criminal history ' +
    'information database, identified each conviction listed in this motion as potentially ' +
    'eligible for recall or dismissal of sentence, dismissal and sealing, or redesignation under ' +
    `Health and Safety Code section 11361.8, and notified the People (${CITES.review.cite}).`,
  'The People have reviewed each of these convictions and do not challenge the relief ' +
    'requested. When the prosecution does not challenge the recall or dismissal of sentence, ' +
    'dismissal and sealing, or redesignation, the court shall reduce or dismiss the conviction ' +
    `pursuant to section 11361.8 (${CITES.unchallenged.cite}).`,
];

/** The order's one choice (a radio button group): granted, or denied. */
export function orderGranted(routes: readonly Route[]): string {
  const subds = routes.map((r) => `(${r})`).join(', ');
  const cite = routes.length === 1 ? `subd. ${subds}` : `subds. ${subds}`;
  return (
    'GRANTED. Each conviction listed in the motion is granted the relief stated for it in the ' +
    `motion (Health & Saf. Code, § 11361.8, ${cite}).`
  );
}
export const ORDER_DENIED = 'DENIED.';
export const ORDER_INTRO =
  "Having read and considered the People's motion, and good cause appearing, the Court rules " +
  'on the motion as follows:';

// --- The bulk motion: every uncontested conviction in the county ---------------------------

export function bulkNotice(court: string): string {
  return (
    `TO THE COURT: The People of the State of California move the ${court} for an order ` +
    'granting relief under Health and Safety Code section 11361.8 for every conviction listed ' +
    'in Exhibit A, which the Department of Justice identified as potentially eligible and which ' +
    `the People do not challenge (${CITES.unchallenged.cite}). Exhibit A gives, for each ` +
    'conviction, its court case number, the person, the date of conviction, the code section, ' +
    'the relief requested and the subdivision under which it is requested. The same rows are ' +
    'delivered to the Court as the data file court-data.csv, for its case management system.'
  );
}

export const BULK_ORDER_PARAGRAPHS = (routes: readonly Route[]) => [
  ...(routes.includes('f')
    ? [
        'Each conviction in Exhibit A marked “Dismissal and sealing” under subdivision (f) is ' +
          'dismissed and sealed as legally invalid; each marked “Reduction to a misdemeanor” ' +
          `under subdivision (f) is redesignated as a misdemeanor (${CITES.subdF.cite}).`,
      ]
    : []),
  ...(routes.includes('b')
    ? [
        'For each conviction in Exhibit A under subdivision (b), whose sentence is still being ' +
          'served, the sentence is recalled and dismissed or, where a reduction is listed, the ' +
          `person is resentenced as for a misdemeanor (${CITES.subdB.cite}).`,
      ]
    : []),
  'Each person whose conviction is dismissed is relieved of any duty to register under Health ' +
    'and Safety Code section 11590 arising from that conviction, where such a duty applies ' +
    `(${CITES.registration.cite}).`,
  'The clerk shall notify the Department of Justice of the relief granted for each conviction ' +
    `in Exhibit A, so that the state summary criminal history information is updated (${CITES.unchallenged.cite}).`,
];

// --- The notice of challenge ---------------------------------------------------------------

export function challengeNotice(court: string, count: number): string {
  return count === 0
    ? `TO THE ${court.toUpperCase()} AND TO THE PUBLIC DEFENDER: The People of the State of ` +
        'California have reviewed every conviction the Department of Justice identified as ' +
        'potentially eligible for relief under Health and Safety Code section 11361.8 and ' +
        `challenge none of them (${CITES.challenge.cite}).`
    : `TO THE ${court.toUpperCase()} AND TO THE PUBLIC DEFENDER: The People of the State of ` +
        'California give notice that they challenge the recall or dismissal of sentence, ' +
        'dismissal and sealing, or redesignation of each conviction listed in Attachment A, on ' +
        `the ground stated for it (${CITES.challenge.cite}).`;
}

export const CHALLENGE_DEFENDER_PARAGRAPH =
  'The public defender is asked to make a reasonable effort to notify each person whose ' +
  `conviction is challenged (${CITES.challenge.cite}).`;

export function proofOfService(attachment: boolean): string {
  return (
    'I am over the age of 18 and not a party to this action. I served the foregoing NOTICE OF ' +
    `CHALLENGE (Health & Safety Code § 11361.9)${attachment ? ', with its Attachment A,' : ''} ` +
    'on the Public Defender of the county named below, by the method checked:'
  );
}

export const PERJURY_DECLARATION =
  'I declare under penalty of perjury under the laws of the State of California that the ' +
  'foregoing is true and correct.';

/** Every legal sentence with its citations, for the README and the reviewing attorney. */
export function allWording(): { text: string; cites: Citation[] }[] {
  const routes: Route[] = ['b', 'f'];
  const kinds: ReliefKind[] = ['dismissal', 'reduction'];
  return [
    { text: motionOpening(), cites: [CITES.subdB, CITES.subdF, CITES.unchallenged] },
    ...routes.flatMap((r) =>
      kinds.map((k) => ({
        text: reliefParagraph(r, k),
        cites: [r === 'b' ? CITES.subdB : CITES.subdF],
      })),
    ),
    ...BASIS_PARAGRAPHS.map((text, i) => ({
      text,
      cites: [i === 0 ? CITES.review : CITES.unchallenged],
    })),
    { text: orderGranted(routes), cites: [CITES.subdB, CITES.subdF] },
    { text: bulkNotice('Court'), cites: [CITES.unchallenged] },
    ...BULK_ORDER_PARAGRAPHS(routes).map((text) => ({
      text,
      cites: [CITES.subdB, CITES.subdF, CITES.registration, CITES.unchallenged],
    })),
    { text: challengeNotice('Court', 1), cites: [CITES.challenge] },
    { text: challengeNotice('Court', 0), cites: [CITES.challenge] },
    { text: CHALLENGE_DEFENDER_PARAGRAPH, cites: [CITES.challenge] },
  ];
}
