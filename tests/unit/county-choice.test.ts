import { describe, expect, it } from 'vitest';
import { CALIFORNIA_COUNTIES } from '../../src/doj/counties';
import {
  convictionsLabel,
  countyRows,
  filterCounties,
  otherCountyNames,
  suggestedCounty,
  titleCase,
} from '../../src/ui/county-choice';

const BY_COUNTY = [
  { county: 'SACRAMENTO', convictions: 1234 },
  { county: 'SACRAMENTOO', convictions: 40 },
  { county: 'SAN JOAQUIN', convictions: 12 },
  { county: '', convictions: 3 },
  { county: 'DEL NORTE', convictions: 1 },
];

describe('countyRows', () => {
  it('lists all 58 counties once, even with no counts', () => {
    for (const byCounty of [[], BY_COUNTY]) {
      const rows = countyRows(byCounty);
      expect(rows).toHaveLength(58);
      expect(new Set(rows.map((r) => r.county))).toEqual(new Set(CALIFORNIA_COUNTIES));
    }
  });

  it('joins the counts, 0 when absent, and leaves unknown names out', () => {
    const rows = countyRows(BY_COUNTY);
    const count = (county: string) => rows.find((r) => r.county === county)?.convictions;
    expect(count('SACRAMENTO')).toBe(1234);
    expect(count('SAN JOAQUIN')).toBe(12);
    expect(count('ALPINE')).toBe(0);
    expect(rows.some((r) => r.county === 'SACRAMENTOO' || r.county === '')).toBe(false);
  });

  it('puts counties with convictions first, most first, then the rest alphabetically', () => {
    const rows = countyRows(BY_COUNTY).map((r) => r.county);
    expect(rows.slice(0, 5)).toEqual([
      'SACRAMENTO',
      'SAN JOAQUIN',
      'DEL NORTE',
      'ALAMEDA',
      'ALPINE',
    ]);
    expect(rows.at(-1)).toBe('YUBA');
  });

  it('matches names as the engine does: trimmed, any case, repeats summed', () => {
    const rows = countyRows([
      { county: ' sacramento ', convictions: 2 },
      { county: 'SACRAMENTO', convictions: 5 },
    ]);
    expect(rows[0]).toEqual({ county: 'SACRAMENTO', name: 'Sacramento', convictions: 7 });
  });
});

describe('titleCase', () => {
  it.each([
    ['SAN LUIS OBISPO', 'San Luis Obispo'],
    ['DEL NORTE', 'Del Norte'],
    ['EL DORADO', 'El Dorado'],
    ['YUBA', 'Yuba'],
    ['  SAN   JOAQUIN ', 'San Joaquin'],
    ['', '(blank)'],
    ['   ', '(blank)'],
  ])('%j → %j', (county, name) => {
    expect(titleCase(county)).toBe(name);
  });

  it('gives every county a display name', () => {
    const names = countyRows([]).map((r) => r.name);
    expect(names).toContain('San Luis Obispo');
    expect(names).toContain('Contra Costa');
    expect(names.every((n) => /^[A-Z][a-z]+( [A-Z][a-z]+)*$/.test(n))).toBe(true);
  });
});

describe('convictionsLabel', () => {
  it.each([
    [0, '0 Prop 64 convictions'],
    [1, '1 Prop 64 conviction'],
    [1234, '1,234 Prop 64 convictions'],
  ])('%d', (n, label) => {
    expect(convictionsLabel(n)).toBe(label);
  });
});

describe('filterCounties', () => {
  const rows = countyRows(BY_COUNTY);
  const names = (query: string) => filterCounties(rows, query).map((r) => r.county);

  it('returns every row, in order, for an empty or blank query', () => {
    expect(filterCounties(rows, '')).toEqual(rows);
    expect(filterCounties(rows, '   ')).toEqual(rows);
  });

  it('matches substrings, ignoring case and spaces', () => {
    for (const query of ['san j', 'SAN J', '  San   J', 'sanj', 'joaquin']) {
      expect(names(query)).toEqual(['SAN JOAQUIN']);
    }
    expect(names('santa')).toEqual(['SANTA BARBARA', 'SANTA CLARA', 'SANTA CRUZ']);
    expect(names('o')[0]).toBe('SACRAMENTO');
  });

  it('returns nothing when no county matches', () => {
    expect(names('nowhere')).toEqual([]);
  });
});

describe('suggestedCounty', () => {
  it('picks the county with most Prop 64 convictions', () => {
    expect(suggestedCounty(BY_COUNTY)).toBe('SACRAMENTO');
  });

  it('breaks ties alphabetically', () => {
    const tie = [
      { county: 'YOLO', convictions: 9 },
      { county: 'SANTA CLARA', convictions: 9 },
      { county: 'SAN BENITO', convictions: 9 },
    ];
    expect(suggestedCounty(tie)).toBe('SAN BENITO');
  });

  it('ignores names that are not California counties, however many', () => {
    const typos = [
      { county: 'SACRAMENTOO', convictions: 500 },
      { county: '', convictions: 400 },
      { county: 'RENO', convictions: 300 },
      { county: 'NEVADA', convictions: 2 },
    ];
    expect(suggestedCounty(typos)).toBe('NEVADA');
  });

  it('suggests nothing when no county has a Prop 64 conviction', () => {
    expect(suggestedCounty([])).toBeUndefined();
    expect(suggestedCounty([{ county: 'UNKNOWN', convictions: 7 }])).toBeUndefined();
    expect(suggestedCounty([{ county: 'ALPINE', convictions: 0 }])).toBeUndefined();
  });
});

describe('otherCountyNames', () => {
  it('lists the names that are not California counties, most first', () => {
    expect(otherCountyNames(BY_COUNTY)).toEqual([
      { county: 'SACRAMENTOO', name: 'Sacramentoo', convictions: 40 },
      { county: '', name: '(blank)', convictions: 3 },
    ]);
  });
});
