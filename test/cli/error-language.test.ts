// The CLI's human error line speaks the person's language: Swedish from the shared message
// table under a Swedish locale or LEDGER_LANG=sv, English otherwise; the code stays.
import { describe, expect, it } from '@jest/globals';
import { cliLanguage, errorLine } from '../../infra/cli/output.js';

describe('the CLI error line', () => {
  it('given a Swedish locale, then the language is Swedish; LEDGER_LANG wins over the locale', () => {
    expect(cliLanguage({ LANG: 'sv_SE.UTF-8' })).toBe('sv');
    expect(cliLanguage({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(cliLanguage({ LEDGER_LANG: 'en', LANG: 'sv_SE.UTF-8' })).toBe('en');
    expect(cliLanguage({})).toBe('en');
  });

  it('given a rule refusal in Swedish, then the line explains the rule and keeps the server sentence and code', () => {
    expect(errorLine('there is no grant RUN/1/2020', 'UNKNOWN_GRANT', 'sv')).toBe(
      'Fel: Ärendet finns inte. (there is no grant RUN/1/2020). [UNKNOWN_GRANT]',
    );
    expect(errorLine('executionDate: not a banking day', 'EXECUTION_DATE', 'sv')).toContain(
      'Betalningsdagen måste vara en svensk bankdag',
    );
  });

  it('given an input error in Swedish, then the schema sentence is translated', () => {
    expect(errorLine('amount: must be an amount in SEK', 'INVALID_INPUT', 'sv')).toBe(
      'Fel: Amount: måste vara ett belopp i kronor, t.ex. 142 779,00. [INVALID_INPUT]',
    );
    expect(errorLine('is required', 'INVALID_INPUT', 'sv')).toBe(
      'Fel: Måste fyllas i. [INVALID_INPUT]',
    );
  });

  it('given English, then the line is as before', () => {
    expect(errorLine('there is no grant X', 'UNKNOWN_GRANT', 'en')).toBe(
      'Error: There is no grant X. [UNKNOWN_GRANT]',
    );
  });
});
