// The execution date the pay-run offers: the next day Swedish banks settle payments.
import { describe, expect, it } from '@jest/globals';
import { isBankingDay, nextBankingDay } from '../../infra/bank/banking-day.js';

describe('nextBankingDay', () => {
  it.each([
    ['2023-05-02', '2023-05-03', 'a Tuesday gives the Wednesday'],
    ['2023-05-05', '2023-05-08', 'a Friday gives the Monday'],
    ['2023-04-06', '2023-04-11', 'Maundy Thursday skips Good Friday, Easter and Easter Monday'],
    ['2023-05-17', '2023-05-19', 'Ascension Day (18 May 2023) is skipped'],
    ['2023-06-22', '2023-06-26', 'Midsummer Eve (23 June 2023) is skipped'],
    ['2024-06-20', '2024-06-24', 'Midsummer Eve (21 June 2024) is skipped'],
    ['2023-12-22', '2023-12-27', 'Christmas Eve to Boxing Day are skipped'],
    ['2023-12-29', '2024-01-02', 'New Year’s Eve and Day are skipped'],
    ['2024-06-05', '2024-06-07', 'the National Day (6 June) is skipped'],
  ])('given %s, then %s (%s)', (today, expected) => {
    expect(nextBankingDay(today)).toBe(expected);
    expect(isBankingDay(expected)).toBe(true);
  });
});
