/** File names inside the forms ZIP: safe on every file system, never empty, never repeated. */
import { describe, expect, test } from 'vitest';
import {
  MAX_FILE_NAME_LENGTH,
  createUniqueNamer,
  safeFileName,
  uniqueNames,
} from '../../src/forms/file-names';

const SAFE = /^[A-Za-z0-9_.-]+$/;

describe('safeFileName', () => {
  test.each([
    ['A12345678', "O'BRIEN-NUÑEZ,JOSÉ", 'A12345678_OBRIEN-NUNEZ_JOSE.pdf'],
    ['A12345678', 'O’BRIEN-NUÑEZ, JOSÉ', 'A12345678_OBRIEN-NUNEZ_JOSE.pdf'],
    ['1008675309', 'SKYWALKER,LUKE S', '1008675309_SKYWALKER_LUKE_S.pdf'],
    ['313456', 'MAUL, DARTH', '313456_MAUL_DARTH.pdf'],
    ['A1', 'Çelik-Müller,Zoë', 'A1_CELIK-MULLER_ZOE.pdf'],
    ['A1', 'STRAßE,ØYVIND ÆSIR', 'A1_STRASSE_OYVIND_AESIR.pdf'],
    ['A1', 'SMITH JR., JOHN', 'A1_SMITH_JR_JOHN.pdf'],
    ['A1', 'DE LA CRUZ -- ANA', 'A1_DE_LA_CRUZ-ANA.pdf'],
    ['', 'GROUCH,OSCAR THE', 'GROUCH_OSCAR_THE.pdf'],
    ['A/1:2', '', 'A_1_2.pdf'],
    ['', '', 'PERSON.pdf'],
    ['', '李小龍', 'PERSON.pdf'],
    ['', ' ../..\\etc/passwd ', 'ETC_PASSWD.pdf'],
  ])('%j + %j -> %s', (cii, name, expected) => {
    expect(safeFileName(cii, name)).toBe(expected);
  });

  test.each(['CON', 'prn', 'Aux', 'NUL', 'COM1', 'lpt9'])(
    'never a name Windows reserves: %s',
    (name) => {
      const file = safeFileName('', name);
      expect(file.toLowerCase()).not.toBe(`${name.toLowerCase()}.pdf`);
      expect(file).toMatch(SAFE);
    },
  );

  test('a reserved word inside a longer name is fine', () => {
    expect(safeFileName('A1', 'CON,AUX')).toBe('A1_CON_AUX.pdf');
  });

  test('at most 100 characters, cut without a trailing separator', () => {
    const file = safeFileName('A12345678', `${'WOLFESCHLEGELSTEINHAUSEN '.repeat(8)},HUBERT`);
    expect(file.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(file).toMatch(SAFE);
    expect(file).toMatch(/[A-Z0-9]\.pdf$/);
  });
});

describe('uniqueNames', () => {
  test('repeats get _2, _3 before the extension; the first keeps its name', () => {
    expect(uniqueNames(['A.pdf', 'B.pdf', 'A.pdf', 'A.pdf'])).toEqual([
      'A.pdf',
      'B.pdf',
      'A_2.pdf',
      'A_3.pdf',
    ]);
  });

  test('names differing only in case collide (Windows, macOS)', () => {
    expect(uniqueNames(['Ann.pdf', 'ANN.pdf'])).toEqual(['Ann.pdf', 'ANN_2.pdf']);
  });

  test('a suffix never takes a name that is already used', () => {
    expect(uniqueNames(['A.pdf', 'A_2.pdf', 'A.pdf'])).toEqual(['A.pdf', 'A_2.pdf', 'A_3.pdf']);
  });

  test('two people with the same CII-less name get two files', () => {
    const name = () => safeFileName('', 'DOE,JANE');
    const unique = createUniqueNamer();
    expect([unique(name()), unique(name())]).toEqual(['DOE_JANE.pdf', 'DOE_JANE_2.pdf']);
  });

  test('a suffixed name stays within 100 characters', () => {
    const long = safeFileName('A1', 'X'.repeat(200));
    const [first, second] = uniqueNames([long, long]);
    expect(first).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(second).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(second).toMatch(/_2\.pdf$/);
  });
});
