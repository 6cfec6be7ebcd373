/**
 * The people in the synthetic extract (generate.ts): names, descriptions, identifiers. All of it
 * is fabricated; names are common surnames and given names combined at random, and identifier
 * numbers are in ranges that are never issued (SSNs from 900), so none can be anyone's.
 */
import { pad, pool, table, type Values } from './generate-data';
import type { Random } from './random';

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

// Fixed-width identifier fields arrive padded with trailing spaces.
const NAME_WIDTH = 40;
const ID_WIDTH = 10;

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

/**
 * How often a person's birth date is odd. A DOJ-shape file has a tenth as many people as a mixed
 * one of the same size (generate.ts), so it makes them more often to show each several times.
 */
export interface PersonOdds {
  /** Chance of a blank PRI_DOB, and again of a partial one (YYYY0000). */
  unknownDob: number;
  /** Chance, in a leap year, of being born on 29 February. */
  leapDay: number;
}
export const MIXED_ODDS: PersonOdds = { unknownDob: 0.005, leapDay: 0.03 };

/**
 * A fabricated person; `index` (0, 1, 2, ...) keeps SUBJECT_ID and CII_NUMBER unique. What the
 * rules read comes from `rnd`; the columns they do not read (identifiers, the request segment)
 * come from `fill`, so filling those never changes what a seed decides.
 */
export function makePerson(
  rnd: Random,
  fill: Random,
  index: number,
  odds: PersonOdds = MIXED_ODDS,
): Person {
  const male = rnd.chance(0.8);
  let name = `${rnd.pick(LAST_NAMES)},${rnd.chance(0.02) ? ' ' : ''}`;
  name += rnd.pick(male ? MALE_NAMES : FEMALE_NAMES);
  if (rnd.chance(0.8)) name += ` ${String.fromCharCode(65 + rnd.int(0, 25))}`;
  if (rnd.chance(0.04)) name += ` ${rnd.pick(SUFFIXES)}`;
  const year = rnd.int(1935, 2004);
  const leapDay = year % 4 === 0 && rnd.chance(odds.leapDay);
  const month = leapDay ? 2 : rnd.int(1, 12);
  const day = leapDay ? 29 : rnd.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const r = rnd.next();
  const full = `${year}${pad(month, 2)}${pad(day, 2)}`;
  const dob = r < odds.unknownDob ? '' : r < 2 * odds.unknownDob ? `${year}0000` : full;
  const ph = rnd.chance(0.8) ? 'x' : '';
  // Each index owns a block of numbers, so ids are unique (CII up to 100 million subjects).
  const cii = `${rnd.chance(0.1) ? 'A' : rnd.int(1, 9)}${((index * 9 + rnd.int(0, 8)) % 9e8) + 1e8}`;
  const [raceCode, race] = rnd.pick(RACES);
  const [eyeCode, eye] = rnd.pick(EYES);
  const [hairCode, hair] = rnd.pick(HAIR);
  const [pobCode, pob, pobType] = rnd.pick(BIRTHPLACES);
  const gender = male ? 'M' : 'F';
  const ids = identifiers(fill, ph);
  const values: Values = {
    SUBJECT_STATUS: ph,
    SUBJECT_ID: String(10_000_000 + index * 37 + rnd.int(0, 36)),
    REQ_SEG_SEP: '#',
    REQ_CII_NUMBER: cii,
    // The request segment repeats what the record was asked for by: this subject, mostly.
    REQ_NAME: fill.chance(0.95) ? name.padEnd(NAME_WIDTH) : '',
    REQ_GENDER: gender,
    REQ_DOB: dob,
    REQ_CDL: ids.cdl,
    REQ_SSN: fill.chance(0.7) ? ids.ssn : '',
    PII_SEG_SEP: ph,
    CII_NUMBER: cii,
    PRI_NAME: name,
    GENDER: gender,
    PRI_DOB: dob,
    PRI_SSN: ids.ssn,
    PRI_CDL: ids.cdl,
    PRI_IDN: ph,
    PRI_INN: ph,
    FBI_NUMBER: ids.fbi,
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
    CITIZENSHIP_LIST: pobType === 'S' ? 'US' : ph,
  };
  return { values, dob: Number(dob), bornDay: Date.UTC(year, month - 1, day) / 86_400_000, ph };
}

const letter = (fill: Random) => String.fromCharCode(65 + fill.int(0, 25));

/** Fabricated SSN (area 900-999, never issued), driver licence and FBI numbers, padded. */
function identifiers(fill: Random, ph: string): { ssn: string; cdl: string; fbi: string } {
  const ssn = fill.chance(0.75)
    ? `${fill.int(900, 999)}-${pad(fill.int(1, 99), 2)}-${pad(fill.int(1, 9999), 4)}`
    : '';
  const cdl = fill.chance(0.65)
    ? `${letter(fill)}9${pad(fill.int(0, 999999), 6)}`.padEnd(ID_WIDTH)
    : ph && 'x       ';
  const fbi = fill.chance(0.6)
    ? `9${pad(fill.int(0, 99999), 5)}${letter(fill)}${letter(fill)}${fill.int(0, 9)}`
    : ph;
  return { ssn, cdl, fbi };
}
