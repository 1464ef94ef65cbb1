// isCalendarDate is the one gate every business date passes: real dates only, across
// leap-year rules and centuries (it shifts years to dodge JS Date's 0–99 quirk).
import { describe, expect, it } from '@jest/globals';
import { isCalendarDate } from '../../domain/dates.js';

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true], // leap year
    ['2023-02-29', false],
    ['2000-02-29', true], // divisible by 400
    ['2100-02-29', false], // divisible by 100, not 400
    ['0400-02-29', true],
    ['0100-02-29', false],
    ['0099-12-31', true], // JS Date would read year 99 as 1999
    ['0000-01-01', false], // there is no year zero
    ['2023-04-30', true],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-01-00', false],
    ['9999-12-31', true],
    ['2023-1-01', false],
    ['2023-01-01T00:00', false],
  ])('given %s, then it is a calendar date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});
