import { describe, expect, it } from 'vitest';
import { formatLongDate, parseDateText } from '../../src/ui/dates';

describe('dates as people read them', () => {
  it('shows a date as "May 19, 1963"', () => {
    expect(formatLongDate('1963-05-19')).toBe('May 19, 1963');
    expect(formatLongDate('2026-12-07')).toBe('December 7, 2026');
    expect(formatLongDate('not a date')).toBe('not a date');
  });

  it('reads a date typed the ways people type it', () => {
    for (const typed of [
      'May 19, 1963',
      'may 19 1963',
      '  May  19,1963 ',
      '19 May 1963',
      '5/19/1963',
      '05-19-1963',
      '1963-05-19',
      'MAY 19, 1963',
    ]) {
      expect(parseDateText(typed), typed).toBe('1963-05-19');
    }
    expect(parseDateText('Sept 2, 2019')).toBe('2019-09-02');
    expect(parseDateText('Feb 29, 2020')).toBe('2020-02-29');
  });

  it('refuses what is not one whole real date, never guessing', () => {
    for (const typed of [
      '',
      '2/30/2020',
      'Feb 29, 2019',
      '19/5/1963',
      '5/19',
      '5/19/63',
      '1963-13-01',
      'Ju 4, 2020',
      'Smarch 4, 2020',
      '2019-11-11T00:00',
    ]) {
      expect(parseDateText(typed), typed).toBeUndefined();
    }
  });
});
