/**
 * What the synthetic extract (generate.ts) is filled with: charges, dispositions, people. All of it
 * is fabricated; names are common surnames and given names combined at random.
 *
 * Tables are `|`-separated text, entries split by `;` or line ends, so they stay short to audit.
 */
import type { DojColumn } from './columns';
import { weightedPool, type Random } from './random';

export type Values = Partial<Record<DojColumn, string>>;
export type Sentence = readonly [length: number, unit: 'D' | 'M' | 'Y'];

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function table(text: string): string[][] {
  return text
    .split(/[\n;]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => entry.split('|').map((cell) => cell.trim()));
}

/** A `text|weight` table as a pool for `Random.pick`. */
const pool = (text: string): string[] =>
  weightedPool(table(text).map(([item = '', weight = '1']) => [item, Number(weight)] as const));

export interface Charge {
  /** OFFENSE_DESCR text, `CODE SECTION-DESCRIPTION`. */
  descr: string;
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
`).map(([descr = '', tocs = '', weight = '', flags = '']) => {
  const prop64 = /11357|11358|11359|11360/.exec(descr)?.[0] ?? '';
  const charge: Charge = { descr, tocs: [...tocs], prop64, registrable: flags === 'R' };
  return [charge, Number(weight)] as const;
});

export const CHARGES = weightedPool(CHARGE_TABLE);
export const PROP64_CHARGES = CHARGE_TABLE.map(([c]) => c).filter((c) => c.prop64 !== '');
export const REGISTRATION_CHARGE = '290 PC-REGISTRATION OF SEX OFFENDER';

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
  if (!convicted) return [{ DISP_DESCR: rnd.pick(NON_CONVICTIONS), SENT_SEG_SEP: '#' }, []];
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
export const COUNTIES = table(`ALAMEDA; ALPINE; AMADOR; BUTTE; CALAVERAS; COLUSA; CONTRA COSTA;
  DEL NORTE; EL DORADO; FRESNO; GLENN; HUMBOLDT; IMPERIAL; INYO; KERN; KINGS; LAKE; LASSEN;
  LOS ANGELES; MADERA; MARIN; MARIPOSA; MENDOCINO; MERCED; MODOC; MONO; MONTEREY; NAPA; NEVADA;
  ORANGE; PLACER; PLUMAS; RIVERSIDE; SACRAMENTO; SAN BENITO; SAN BERNARDINO; SAN DIEGO;
  SAN FRANCISCO; SAN JOAQUIN; SAN LUIS OBISPO; SAN MATEO; SANTA BARBARA; SANTA CLARA; SANTA CRUZ;
  SHASTA; SIERRA; SISKIYOU; SOLANO; SONOMA; STANISLAUS; SUTTER; TEHAMA; TRINITY; TULARE;
  TUOLUMNE; VENTURA; YOLO; YUBA`).map(([name = '']) => name);

/** Populous counties turn up more often as "somewhere else" in a person's record. */
export const COUNTY_WEIGHTS = new Map(
  table(`LOS ANGELES|12; SAN DIEGO|5; ORANGE|5; RIVERSIDE|4; SAN BERNARDINO|4; SANTA CLARA|3;
    ALAMEDA|3; SACRAMENTO|3; CONTRA COSTA|2; FRESNO|2; KERN|2; SAN FRANCISCO|2; SAN JOAQUIN|2;
    VENTURA|2`).map(([name = '', weight = '']) => [name, Number(weight)]),
);

const LAST_NAMES = pool(`SMITH; JOHNSON; WILLIAMS; BROWN; JONES; GARCIA; MILLER; DAVIS; RODRIGUEZ;
  MARTINEZ; HERNANDEZ; LOPEZ; GONZALEZ; WILSON; ANDERSON; THOMAS; TAYLOR; MOORE; JACKSON; MARTIN;
  LEE; PEREZ; THOMPSON; WHITE; HARRIS; SANCHEZ; CLARK; RAMIREZ; LEWIS; ROBINSON; WALKER; YOUNG;
  ALLEN; KING; WRIGHT; SCOTT; TORRES; NGUYEN; HILL; FLORES; GREEN; ADAMS; NELSON; BAKER; HALL;
  RIVERA; CAMPBELL; MITCHELL; CARTER; ROBERTS; TRAN; PHAM; KIM; PATEL; SINGH; CHEN; WONG; SOTO;
  VARGAS; CASTILLO; JIMENEZ; MORENO; ROMERO; HERRERA; MEDINA; AGUILAR; NUÑEZ; PEÑA; MUÑOZ;
  IBÁÑEZ; O'BRIEN; O'CONNOR; D'ANGELO; O'NEIL; GARCIA-LOPEZ; SMITH-JONES; LOPEZ-RIVERA;
  VON HOLT; VONRUDEN; VAN DYKE; DE LA CRUZ; MC DANIEL; ST CLAIR`);
const MALE_NAMES = pool(`JAMES; JOHN; ROBERT; MICHAEL; WILLIAM; DAVID; RICHARD; JOSEPH; THOMAS;
  CHARLES; CHRISTOPHER; DANIEL; MATTHEW; ANTHONY; MARK; DONALD; STEVEN; PAUL; ANDREW; KEVIN;
  BRIAN; JOSÉ; JOSE; JUAN; LUIS; CARLOS; JESÚS; ANDRÉS; RENÉ; MIGUEL; ERIC; TYRONE; DEANDRE;
  DUY; MINH; RAJ; JAMAL; DARNELL; SEAN; PATRICK; EDUARDO; FRANCISCO`);
const FEMALE_NAMES = pool(`MARY; PATRICIA; JENNIFER; LINDA; ELIZABETH; BARBARA; SUSAN; JESSICA;
  SARAH; KAREN; LISA; NANCY; MARÍA; MARIA; ANA; GUADALUPE; ROSA; ZOË; RENÉE; CHLOÉ; KEISHA;
  TANISHA; LATOYA; LINH; MAI; PRIYA; SHANNON; KELLY; ANGELA; MONIQUE; YOLANDA`);
const SUFFIXES = pool('JR; SR; II; III; IV');

// code|description(|birthplace type); commoner entries repeat.
const RACES = table(`W|WHITE; W|WHITE; H|HISPANIC; H|HISPANIC; B|BLACK; A|OTHER ASIAN; F|FILIPINO;
  C|CHINESE; V|VIETNAMESE; I|AMERICAN INDIAN; O|OTHER; X|UNKNOWN`);
const EYES = table('BRO|BROWN; BRO|BROWN; BLU|BLUE; GRN|GREEN; HAZ|HAZEL; BLK|BLACK');
const HAIR = table('BLK|BLACK; BRO|BROWN; BRO|BROWN; BLN|BLOND; RED|RED; GRY|GRAY; BAL|BALD');
const BIRTHPLACES = table(`CA|CALIFORNIA|S; CA|CALIFORNIA|S; CA|CALIFORNIA|S; MX|MEXICO|C;
  TX|TEXAS|S; NY|NEW YORK|S; AZ|ARIZONA|S; VN|VIETNAM|C; PH|PHILIPPINES|C; XX|UNKNOWN|`);

export interface Person {
  /** SUBJECT_STATUS..CITIZENSHIP_LIST. */
  values: Values;
  /** PRI_DOB as a number (YYYYMMDD, YYYY0000 when partial, 0 when blank), for CYC_AGE. */
  dob: number;
  /** The real birth date (UTC day number), known even when PRI_DOB shows less of it. */
  bornDay: number;
  /** This record's placeholder for unused columns: `x` on most records, blank on some. */
  ph: string;
}

/** A fabricated person; `index` (0, 1, 2, ...) keeps SUBJECT_ID and CII_NUMBER unique. */
export function makePerson(rnd: Random, index: number): Person {
  const male = rnd.chance(0.8);
  let name = `${rnd.pick(LAST_NAMES)},${rnd.chance(0.02) ? ' ' : ''}`;
  name += rnd.pick(male ? MALE_NAMES : FEMALE_NAMES);
  if (rnd.chance(0.8)) name += ` ${String.fromCharCode(65 + rnd.int(0, 25))}`;
  if (rnd.chance(0.04)) name += ` ${rnd.pick(SUFFIXES)}`;
  const year = rnd.int(1935, 2004);
  const leapDay = year % 4 === 0 && rnd.chance(0.03);
  const month = leapDay ? 2 : rnd.int(1, 12);
  const day = leapDay ? 29 : rnd.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const r = rnd.next();
  const dob = r < 0.005 ? '' : r < 0.01 ? `${year}0000` : `${year}${pad(month, 2)}${pad(day, 2)}`;
  const ph = rnd.chance(0.8) ? 'x' : '';
  // Each index owns a block of numbers, so ids are unique (CII up to 100 million subjects).
  const cii = `${rnd.chance(0.1) ? 'A' : rnd.int(1, 9)}${((index * 9 + rnd.int(0, 8)) % 9e8) + 1e8}`;
  const [raceCode, race] = rnd.pick(RACES);
  const [eyeCode, eye] = rnd.pick(EYES);
  const [hairCode, hair] = rnd.pick(HAIR);
  const [pobCode, pob, pobType] = rnd.pick(BIRTHPLACES);
  const values: Values = {
    SUBJECT_STATUS: ph,
    SUBJECT_ID: String(10_000_000 + index * 37 + rnd.int(0, 36)),
    REQ_SEG_SEP: '#',
    REQ_CII_NUMBER: cii,
    PII_SEG_SEP: ph,
    CII_NUMBER: cii,
    PRI_NAME: name,
    GENDER: male ? 'M' : 'F',
    PRI_DOB: dob,
    PRI_CDL: ph && 'x       ',
    PRI_IDN: ph,
    PRI_INN: ph,
    FBI_NUMBER: ph,
    PDR_SEG_SEP: ph,
    RACE_CODE: raceCode,
    RACE_DESCR: race,
    EYE_COLOR_CODE: eyeCode,
    EYE_COLOR_DESCR: eye,
    HAIR_COLOR_CODE: hairCode,
    HAIR_COLOR_DESCR: hair,
    HEIGHT: `${male ? rnd.int(5, 6) : rnd.int(4, 5)}${pad(rnd.int(0, 11), 2)}`,
    WEIGHT: String(rnd.int(male ? 130 : 100, male ? 280 : 220)),
    SINGLE_SOURCE: ph,
    MULTI_SOURCE: ph,
    POB_CODE: pobCode,
    POB_NAME: pob,
    POB_TYPE: pobType,
    CITIZENSHIP_LIST: ph,
  };
  return { values, dob: Number(dob), bornDay: Date.UTC(year, month - 1, day) / 86_400_000, ph };
}
