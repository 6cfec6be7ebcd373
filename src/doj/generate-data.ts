/**
 * What the synthetic extract (generate.ts) is filled with: charges, dispositions, counties,
 * agencies and their case numbers (people are in generate-people.ts). All of it is fabricated.
 *
 * Tables are `|`-separated text, entries split by `;` or line ends, so they stay short to audit.
 */
import { DOJ_COLUMNS, type DojColumn } from './columns';
import { CALIFORNIA_COUNTIES } from './counties';
import { weightedPool, type Random } from './random';

export type Values = Partial<Record<DojColumn, string>>;
export type Sentence = readonly [length: number, unit: 'D' | 'M' | 'Y'];

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function table(text: string): string[][] {
  return text
    .split(/[\n;]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => entry.split('|').map((cell) => cell.trim()));
}

/** A `text|weight` table as a pool for `Random.pick`. */
export const pool = (text: string): string[] =>
  weightedPool(table(text).map(([item = '', weight = '1']) => [item, Number(weight)] as const));

export interface Charge {
  /** OFFENSE_DESCR text, `CODE SECTION-DESCRIPTION`. */
  descr: string;
  /** OFFENSE_CODE: a made-up five-digit offense code, one per charge. */
  code: string;
  /** The types of crime it can carry (a wobbler has two): F, M, I. */
  tocs: string[];
  /** The Prop 64 section it names, or '' for any other charge. */
  prop64: string;
  /** Requires PC 290 registration, so a REGISTRATION step may follow a conviction. */
  registrable: boolean;
}

// descr|types of crime|relative weight|R when PC 290 registrable. Prop 64 charges are ~5% of
// counts; superstrikes and registrable sections are well under 1% each, as in real extracts.
const CHARGE_TABLE = table(`
  23152(A) VC-DUI ALCOHOL/DRUGS|M|70; 23152(B) VC-DUI .08 BLOOD ALCOHOL|M|50
  14601.1(A) VC-DRIVE WHILE LICENSE SUSPENDED/ETC|M|40; 12500(A) VC-DRIVE WITHOUT LICENSE|M|25
  10851(A) VC-TAKE VEHICLE W/O OWNER'S CONSENT|FM|25; 503 VC-TAKE CAR W/OUT OWNERS CONSENT|F|5
  20001(A) VC-HIT AND RUN RESULTING IN DEATH/INJURY|F|3
  2800.2(A) VC-EVADE PEACE OFFICER:DISREGARD SAFETY|F|4; 459 PC-BURGLARY|F|40
  484(A) PC-THEFT OF PERSONAL PROPERTY|M|35; 488 PC-PETTY THEFT|M|30
  666 PC-PETTY THEFT W/PRIOR JAIL:SPECIFIED OFFENSES|FM|10
  487(A) PC-GRAND THEFT:MONEY/LABOR/PROPERTY|FM|15; 211 PC-ROBBERY|F|15
  496(A) PC-RECEIVE/ETC KNOWN STOLEN PROPERTY|FM|20; 470(A) PC-FORGERY|F|8
  530.5(A) PC-IDENTITY THEFT|FM|8; 594(A) PC-VANDALISM|FM|15; 242 PC-BATTERY|M|25
  243(E)(1) PC-BATTERY:SPOUSE/EX SPOUSE/DATE/ETC|M|20
  273.5(A) PC-INFLICT CORPORAL INJ SPOUSE/COHAB|FM|20
  245(A)(1) PC-FORCE/ADW NOT FIREARM:GBI LIKELY|FM|20
  422 PC-THREATEN CRIME WITH INTENT TO TERRORIZE|FM|8
  29800(A)(1) PC-FELON/ADDICT/ETC POSSESS/ETC FIREARM|F|10
  12025(A)(1) PC-CARRY CONCEALED WEAPON IN VEHICLE|FM|8
  25850(A) PC-CARRY LOADED FIREARM IN PUBLIC|FM|5
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE|FM|35
  11351 HS-POSSESS/PURCHASE FOR SALE NARCOTIC/CONTROLLED SUBSTANCE|F|10
  11352(A) HS-TRANSPORT/SELL NARCOTIC/CONTROLLED SUBSTANCE|F|10
  11377(A) HS-POSSESS CONTROLLED SUBSTANCE|FM|35
  11378 HS-POSSESS CONTROLLED SUBSTANCE FOR SALE|F|10
  11379(A) HS-TRANSPORT/SELL CONTROLLED SUBSTANCE|F|6; 11364 HS-POSSESS UNLAWFUL PARAPHERNALIA|M|30
  11550(A) HS-UNDER INFLUENCE CONTROLLED SUBSTANCE|M|30
  4140 BP-POSSESS HYPODERMIC NEEDLE/SYRINGE|M|5
  4060 BP-POSSESS CONTROLLED SUBSTANCE W/O PRESCRIPTION|M|5
  647(F) PC-DISORDERLY CONDUCT:INTOX DRUG/ALCOHOL|M|35
  647(B) PC-DISORDERLY CONDUCT:PROSTITUTION|M|6; 415(1) PC-FIGHT IN PUBLIC PLACE|M|8
  148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER/ETC|M|30
  148.9(A) PC-FALSE IDENTIFICATION TO PEACE OFFICER|M|8; 602 PC-TRESPASSING|M|15
  466 PC-POSSESS/ETC BURGLARY TOOLS|M|8; 853.7 PC-FAIL TO APPEAR AFTER WRITTEN PROMISE|M|15
  1320(A) PC-FAIL TO APPEAR:MISDEMEANOR|M|6; 40508(A) VC-FAIL TO APPEAR:WRITTEN PROMISE|M|10
  166(A)(4) PC-CONTEMPT:DISOBEY COURT ORDER/ETC|M|10; 1203.2 PC-PROBATION VIOLATION:REARREST|FM|20
  3056 PC-VIOLATION OF PAROLE:FELONY|F|10

  11357(A) HS-POSSESS MARIJUANA|FM|4; 11357(B) HS-POSSESS MARIJUANA 28.5 GRAMS OR LESS|MI|10
  11357(C)HS-POSSESS MARIJUANA OVER 28.5 GRAMS|M|5; 11357 HS-POSSESS MARIJUANA|M|3
  11357(D) HS-POSSESS MARIJUANA ON SCHOOL GROUNDS|M|1; 11358 HS-CULTIVATE MARIJUANA|F|5
  11358(C) HS-CULTIVATE MARIJUANA OVER 6 PLANTS|M|1; 11359 HS-POSSESS MARIJUANA FOR SALE|F|6
  11359HS-POSSESS MARIJUANA FOR SALE|F|1; 11360(A) HS-TRANSPORT/SELL MARIJUANA|F|5
  11360(B) HS-GIVE/TRANSPORT/ETC 28.5 GRAMS MARIJUANA|MI|2
  66411359 HS-ATTEMPT POSSESS MARIJUANA FOR SALE|F|1
  66411360(A) HS-ATTEMPT TRANSPORT/SELL MARIJUANA|F|1

  187 PC-MURDER|F|1; 664/187 PC-ATTEMPTED MURDER|F|1; 207(A) PC-KIDNAPPING|F|1
  220 PC-ASSAULT WITH INTENT TO COMMIT MAYHEM/RAPE/ETC|F|1
  191.5(A) PC-GROSS VEH MANSLAUGHTER WHILE INTOXICATED|F|1
  261(A)(2) PC-RAPE BY FORCE/FEAR/ETC|F|1|R; 288(A) PC-LEWD OR LASCIVIOUS ACTS WITH CHILD|F|1|R
  314(1) PC-INDECENT EXPOSURE|M|2|R; 266 PC-ENTICE MINOR FEMALE FOR PROSTITUTION|F|1|R
  243.4(A) PC-SEXUAL BATTERY|FM|1|R; 647.6(A) PC-ANNOY/MOLEST CHILD UNDER 18|M|1|R
  311.11(A) PC-POSSESS/ETC OBSCENE MATTER:MINOR IN SEX ACT|FM|1|R
`).map(([descr = '', tocs = '', weight = '', flags = ''], i) => {
  const prop64 = /11357|11358|11359|11360/.exec(descr)?.[0] ?? '';
  const code = String(20_011 + i * 379);
  const charge: Charge = { descr, code, tocs: [...tocs], prop64, registrable: flags === 'R' };
  return [charge, Number(weight)] as const;
});

export const CHARGES = weightedPool(CHARGE_TABLE);
export const PROP64_CHARGES = CHARGE_TABLE.map(([c]) => c).filter((c) => c.prop64 !== '');
export const REGISTRATION_CHARGE = '290 PC-REGISTRATION OF SEX OFFENDER';
export const REGISTRATION_CODE = '29001';

/** Court remarks that name no charge; some need CSV quoting (comma, embedded quotes). */
const COMMENTS = pool(`AMENDED CHARGE; PER PLEA AGREEMENT; SENTENCE STAYED, 3 YRS PROBATION;
  REDUCED TO MISD PER 17(B) PC; DEFT AKA "LEFTY"; FINE $250, PENALTY ASSESSMENT;
  DEFT FTA, BENCH WARRANT ISSUED; DEFERRED ENTRY OF JUDGMENT 1000 PC; CONCURRENT`);

const NON_CONVICTIONS = pool(`DISMISSED/CHARGE DROPPED|12; DISMISSED-FURTHERANCE OF JUSTICE|3;
  PROS REL-INSUFFICIENT EVIDENCE|2; ACQUITTED|1`);

// CONV_STAT_DESCR by type of crime. Blank is common, and blank with type F still means felony.
const STATUS: Readonly<Record<string, string[]>> = {
  F: pool('FELONY|14; MISDEMEANOR|3; |3'),
  M: pool('MISDEMEANOR|7; |1'),
  I: pool('INFRACTION|7; |1'),
};

// DISP_DESCR suffix | SENT_LOC_CODE | SENT_LOC_DESCR | units a single-part sentence is given in.
const FELONY_SENTENCES = table('PRISON|S|PRISON|YYM; JAIL|J|JAIL|DDM; PROBATION|P|PROBATION|YM');
const FINE = table('FINE|||');
const OTHER_SENTENCES = [...table('JAIL|J|JAIL|DDM; PROBATION|P|PROBATION|YM'), ...FINE];
const MAX_LENGTH = { D: 365, M: 36, Y: 10 } as const;

/** A court's outcome for one count: DISP_DESCR through SENT_LOC_DESCR, and sentence parts. */
export function disposition(rnd: Random, toc: string, convicted: boolean): [Values, Sentence[]] {
  if (!convicted) {
    const descr = rnd.pick(NON_CONVICTIONS);
    const code = descr.startsWith('PROS') ? 'PREL' : descr.startsWith('ACQ') ? 'ACQ' : 'DISM';
    return [{ DISP_ORDER: '1', DISP_CODE: code, DISP_DESCR: descr, SENT_SEG_SEP: '#' }, []];
  }
  const stat = rnd.pick(STATUS[toc] ?? ['']);
  const felony = stat === 'FELONY' || (stat === '' && toc === 'F');
  const [kind, locCode, loc, units = ''] = rnd.pick(
    felony ? FELONY_SENTENCES : toc === 'I' ? FINE : OTHER_SENTENCES,
  );
  // Some sentences come in two or three parts (e.g. 90 days and 3 years), each in its own unit.
  let unitList = units && rnd.pick([...units]);
  if (units !== '' && rnd.chance(0.12)) {
    const start = rnd.int(0, 2);
    unitList = 'DMYDM'.slice(start, start + rnd.int(2, 3));
  }
  const parts = [...unitList].map((u) => {
    const unit = u as Sentence[1];
    return [rnd.int(1, MAX_LENGTH[unit]), unit] as const;
  });
  const values: Values = {
    DISP_ORDER: '1',
    DISP_CODE: 'CONV',
    DISP_DESCR: `CONVICTED-${kind}`,
    CONV_STAT_CODE: rnd.chance(0.5) ? ' '.repeat(rnd.int(5, 24)) : '',
    CONV_STAT_DESCR: stat,
    SENT_SEG_SEP: '#',
    SENT_ORDER: parts.length > 0 ? '1' : '',
    SENT_LOC_CODE: locCode,
    SENT_LOC_DESCR: loc,
  };
  return [values, parts];
}

/** OFFENSE_DESCR and COMMENT_TEXT for a charge, with the oddities the rules must cope with. */
export function chargeText(rnd: Random, charge: Charge): [string, string] {
  const r = rnd.next();
  if (r < 0.015) return ['SEE COMMENT FOR CHARGE', charge.descr];
  if (r < 0.025) return ['', charge.descr];
  if (charge.prop64 !== '' && rnd.chance(0.08)) {
    // The comment names another Prop 64 section than the offense ("Possible Other P64 Charges").
    let other = rnd.pick(PROP64_CHARGES);
    while (other.prop64 === charge.prop64) other = rnd.pick(PROP64_CHARGES);
    return [charge.descr, other.descr];
  }
  return [charge.descr, rnd.chance(0.03) ? rnd.pick(COMMENTS) : ''];
}

/** A court case number (OFN) in one of a few county styles, sometimes blank or NULL. */
export function caseNumber(rnd: Random, year: number, felony: boolean): string {
  const r = rnd.next();
  if (r < 0.08) return '';
  if (r < 0.1) return 'NULL  ';
  if (r < 0.55) return `${pad(year % 100, 2)}${felony ? 'F' : 'M'}${pad(rnd.int(0, 99999), 5)}`;
  if (r < 0.8) return `CR${pad(rnd.int(0, 999999), 6)}`;
  return String(rnd.int(100000, 999999));
}

/** California's 58 counties in DOJ county-code order (alphabetical: 01 ALAMEDA ... 58 YUBA). */
export const COUNTIES: readonly string[] = CALIFORNIA_COUNTIES;

/** Populous counties turn up more often as "somewhere else" in a person's record. */
export const COUNTY_WEIGHTS = new Map(
  table(`LOS ANGELES|12; SAN DIEGO|5; ORANGE|5; RIVERSIDE|4; SAN BERNARDINO|4; SANTA CLARA|3;
    ALAMEDA|3; SACRAMENTO|3; CONTRA COSTA|2; FRESNO|2; KERN|2; SAN FRANCISCO|2; SAN JOAQUIN|2;
    VENTURA|2`).map(([name = '', weight = '']) => [name, Number(weight)]),
);

/** Agency code (the start of STP_ORI_DESCR) -> STP_ORI_TYPE, STP_ORI_TYPE_DESCR. */
export const AGENCY_TYPES: ReadonlyMap<string, readonly string[]> = new Map(
  table(`CASO|SO|SHERIFF'S OFFICE; CAPD|PD|POLICE DEPARTMENT; CAHP|HP|HIGHWAY PATROL;
    CASC|SC|SUPERIOR COURT; CAMC|MC|MUNICIPAL COURT; CACO|CO|CORONER`).map(
    ([code = '', ...rest]) => [code, rest],
  ),
);

// Number fields are fixed width: padded with trailing spaces, and on some steps DOJ sends the
// blank ones as spaces too.
const NUMBER_WIDTH = 20;
const BLANK_NUMBERS = 0.85;
const NUMBER_COLUMNS = DOJ_COLUMNS.slice(
  DOJ_COLUMNS.indexOf('FE_NUM_ARR_AGY'),
  DOJ_COLUMNS.indexOf('FE_NUM_WARRANT') + 1,
);

/**
 * FE_NUM_ORDER..FE_NUM_WARRANT: the other numbers a step is filed under (booking, incident,
 * citation, docket, court case). `caseNo` is the court's case number, as in OFN.
 */
export function stepNumbers(
  fill: Random,
  type: string,
  year: number,
  agency: string,
  caseNo = '',
): Values {
  const yy = pad(year % 100, 2);
  const num = (p: number, digits: number, prefix = yy) =>
    fill.chance(p) ? `${prefix}${pad(fill.int(0, 10 ** digits - 1), digits)}` : '';
  let values: Values;
  if (type === 'ARREST/DETAINED/CITED') {
    values = {
      FE_NUM_ARR_AGY: num(0.8, 6, `${agency}${yy}`),
      FE_NUM_BNCH_WARR: num(0.03, 6, `BW${yy}`),
      FE_NUM_CITE: num(agency === 'CAHP' ? 0.9 : 0.1, 6, `${yy}C`),
      FE_NUM_INCIDENT: num(0.7, 7),
      FE_NUM_BOOKING: num(0.85, 8),
      FE_NUM_WARRANT: num(0.03, 6, `W${yy}`),
    };
  } else if (type === 'COURT ACTION') {
    values = {
      FE_NUM_DOCKET: num(0.9, 6),
      FE_NUM_REMAND: num(0.01, 6, 'RM'),
      FE_NUM_CRT_CASE: caseNo.trim() === 'NULL' ? '' : caseNo.trim(),
    };
  } else if (type === 'REGISTRATION') {
    values = { FE_NUM_NUMBER: num(1, 7, 'R') };
  } else {
    return {};
  }
  const blank = fill.chance(BLANK_NUMBERS) ? ' '.repeat(NUMBER_WIDTH) : '';
  for (const c of NUMBER_COLUMNS) values[c] = values[c] ? values[c].padEnd(NUMBER_WIDTH) : blank;
  return { FE_NUM_ORDER: '1', ...values };
}
