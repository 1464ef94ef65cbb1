// Payout accounts (interfaces.md "Bank files"): validated numbers, a change that takes
// effect only when a different person confirms it, and bank-file exports that only ever
// use a confirmed account, once per payment.
import { describe, expect, it } from '@jest/globals';
import { balanceOf } from '../../projections/balance.js';
import { journalOf } from '../../projections/journal.js';
import { hasLuhnDigit, ibanChecks, luhnDigit } from '../../domain/bank/check-digits.js';
import { endToEndIdOf, ocrReferenceOf } from '../../domain/bank/references.js';
import { normalActor } from '../../domain/actor.js';
import {
  apply,
  approve,
  attest,
  changePayoutAccount,
  confirmPayoutAccount,
  exportPayment,
  GRANT,
  payAdvance,
} from '../../commands/builders/grant-commands.js';
import { given } from '../support/decider-spec.js';
import { TODAY } from '../support/unchanged.js';

const BANKGIRO = { bankgiro: '5050-1055' };
const withAccount = (account: Record<string, unknown> = BANKGIRO) =>
  apply({ applicant: { name: 'Testföreningen ek. för.', payoutAccount: account } });

describe('check digits', () => {
  it('given bankgiro, plusgiro and OCR numbers, then the Luhn digit is the last one', () => {
    expect(hasLuhnDigit('50501055')).toBe(true);
    expect(hasLuhnDigit('50501056')).toBe(false);
    expect(luhnDigit('412345')).toBe('1');
    expect(hasLuhnDigit('4123451')).toBe(true);
  });

  it('given IBANs, then mod 97 accepts the right check digits only', () => {
    expect(ibanChecks('SE4550000000058398257466')).toBe(true);
    expect(ibanChecks('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecks('SE4550000000058398257467')).toBe(false);
  });

  it('given the same ids, then the EndToEndId and the OCR reference are the same every time', () => {
    expect(endToEndIdOf('RUN/573/2022', 'adv-1')).toBe('RUN/573/2022+adv-1');
    const long = endToEndIdOf('RUN/573/2022', 'a payment id far too long for the bank');
    expect(long).toMatch(/^GL-[0-9a-f]{32}$/);
    expect(endToEndIdOf('RUN/573/2022', 'a payment id far too long for the bank')).toBe(long);
    // § is not a character banks pass through
    expect(endToEndIdOf('Dnr § 5', 'p-1')).toMatch(/^GL-/);
    const ocr = ocrReferenceOf('RUN/573/2022', 'rec-1');
    expect(ocr).toMatch(/^\d{16}$/);
    expect(hasLuhnDigit(ocr)).toBe(true);
    expect(ocrReferenceOf('RUN/573/2022', 'rec-2')).not.toBe(ocr);
  });
});

describe('the application carries a payout account', () => {
  it('given an application with bankgiro "5050-1055", then it is stored as digits and is the current account', () => {
    const events = given([])
      .when(withAccount())
      .then([
        {
          type: 'CoFinancingApplied',
          data: { applicant: { payoutAccount: { bankgiro: '50501055' } } },
        },
      ]);
    const history = given(withAccount());
    expect(events).toHaveLength(1);
    expect(balanceOf(GRANT, history.state, TODAY)!.payoutAccount).toEqual({
      current: {
        account: { bankgiro: '50501055' },
        text: 'Bankgiro 5050-1055',
        since: '2022-11-01',
        confirmedBy: null,
      },
      pending: null,
    });
  });

  it.each([
    [{ bankgiro: '5050-1056' }, 'applicant.payoutAccount.bankgiro'],
    [{ plusgiro: '41 23 45-2' }, 'applicant.payoutAccount.plusgiro'],
    [{ iban: 'SE45 5000 0000 0583 9825 7467' }, 'applicant.payoutAccount.iban'],
    [{ iban: 'SE45 5000 0000 0583 9825 7466', bic: 'ESS' }, 'applicant.payoutAccount.bic'],
    [{ bankgiro: '5050-1055', plusgiro: '4123451' }, 'applicant.payoutAccount.plusgiro'],
  ])('given the account %j, then INVALID_INPUT at %s and nothing changes', (account, path) => {
    given().when(withAccount(account)).thenRejected('INVALID_INPUT', path);
  });

  it('given an IBAN typed with spaces and small letters, then it is stored in capitals without spaces', () => {
    const history = given(withAccount({ iban: 'se45 5000 0000 0583 9825 7466', bic: 'essesess' }));
    expect(history.state.payoutAccount?.account).toEqual({
      iban: 'SE4550000000058398257466',
      bic: 'ESSESESS',
    });
    expect(balanceOf(GRANT, history.state, TODAY)!.payoutAccount.current!.text).toBe(
      'IBAN SE45 5000 0000 0583 9825 7466 (BIC ESSESESS)',
    );
  });
});

describe('ChangePayoutAccount and ConfirmPayoutAccount (FOUR_EYES)', () => {
  it('given a changed account, when nobody confirmed it, then the old account stays current and the change is pending', () => {
    const history = given(withAccount(), approve(), changePayoutAccount({ plusgiro: '4123451' }));
    const shown = balanceOf(GRANT, history.state, TODAY)!.payoutAccount;
    expect(shown.current!.account).toEqual({ bankgiro: '50501055' });
    expect(shown.pending).toEqual({
      account: { plusgiro: '4123451' },
      text: 'Plusgiro 412345-1',
      changedOn: '2023-01-05',
      changedBy: 'ekonom@test',
    });
  });

  it('given a change, when another person confirms it, then it becomes the current account', () => {
    const history = given(withAccount(), approve(), changePayoutAccount({ plusgiro: '4123451' }));
    const after = history.when(confirmPayoutAccount()).thenAccepted();
    expect(after.produced).toMatchObject([
      {
        type: 'PayoutAccountConfirmed',
        data: {
          account: { plusgiro: '4123451' },
          confirmedOn: '2023-01-06',
          confirmedBy: 'attester@test',
        },
      },
    ]);
    expect(balanceOf(GRANT, after.state, TODAY)!.payoutAccount).toEqual({
      current: {
        account: { plusgiro: '4123451' },
        text: 'Plusgiro 412345-1',
        since: '2023-01-06',
        confirmedBy: 'attester@test',
      },
      pending: null,
    });
  });

  it.each(['ekonom@test', 'Ekonom@Test', ' ekonom@test ', 'ekonom@test\u200b'])(
    'given a change by ekonom@test, when %j confirms it, then FOUR_EYES and nothing changes',
    (sameperson) => {
      const history = given(withAccount(), approve(), changePayoutAccount({ plusgiro: '4123451' }));
      history.when(confirmPayoutAccount({ meta: { actor: sameperson } })).thenRejected('FOUR_EYES');
      expect(normalActor(sameperson)).toBe('ekonom@test');
    },
  );

  it('given a change, when the confirmation names another account (it was changed again after being read), then ACCOUNT_MISMATCH and nothing changes', () => {
    const history = given(
      withAccount(),
      approve(),
      changePayoutAccount({ plusgiro: '4123451' }),
      changePayoutAccount({ bankgiro: '991-2346' }, { changedOn: '2023-01-05' }),
    );
    history
      .when(confirmPayoutAccount({ account: { plusgiro: '4123451' } }))
      .thenRejected('ACCOUNT_MISMATCH', 'account');
    history.when(confirmPayoutAccount({ account: { bankgiro: '9912346' } })).thenAccepted();
  });

  it('given a change by the same person, when the confirmation also names another account, then FOUR_EYES comes first', () => {
    const history = given(withAccount(), approve(), changePayoutAccount({ plusgiro: '4123451' }));
    history
      .when(
        confirmPayoutAccount({
          account: { bankgiro: '991-2346' },
          meta: { actor: 'ekonom@test' },
        }),
      )
      .thenRejected('FOUR_EYES');
  });

  it('given no change, when someone confirms, then INVALID_STATE', () => {
    given(withAccount(), approve()).when(confirmPayoutAccount()).thenRejected('INVALID_STATE');
  });

  it('given a change on 2023-01-05, when it is confirmed on 2023-01-04, then DATE_ORDER at confirmedOn', () => {
    const history = given(withAccount(), approve(), changePayoutAccount({ plusgiro: '4123451' }));
    history
      .when(confirmPayoutAccount({ confirmedOn: '2023-01-04' }))
      .thenRejected('DATE_ORDER', 'confirmedOn');
  });

  it('given a bad plusgiro, when it is the change, then INVALID_INPUT at account.plusgiro', () => {
    given(withAccount(), approve())
      .when(changePayoutAccount({ plusgiro: '4123452' }))
      .thenRejected('INVALID_INPUT', 'account.plusgiro');
  });
});

describe('ExportPayment: each payment in one bank file, to a confirmed account', () => {
  const attested = (first = withAccount()) =>
    given(first, approve(), payAdvance(), attest('adv-1'));

  it('given an attested advance and a bankgiro, then PaymentExported says everything the file needs', () => {
    attested()
      .when(exportPayment('adv-1'))
      .then([
        {
          type: 'PaymentExported',
          data: {
            paymentId: 'adv-1',
            fileId: 'PF-1',
            endToEndId: `${GRANT}+adv-1`,
            exportedOn: '2023-01-31',
            executionDate: '2023-02-01',
            amount: '20000.00',
            debtor: { name: 'Region Test', bankgiro: '50501055' },
            creditor: { name: 'Testföreningen ek. för.', account: { bankgiro: '50501055' } },
            remittance: `Bidrag ${GRANT} förskott`,
          },
        },
      ]);
  });

  it('given a payment already in file PF-1, when it is exported to PF-2, then INVALID_STATE', () => {
    const history = attested().when(exportPayment('adv-1')).thenAccepted();
    expect(journalOf(GRANT, history.state)[0]).toMatchObject({ paymentId: 'adv-1' });
    expect(history.state.payments.get('adv-1')!.exported).toMatchObject({ fileId: 'PF-1' });
    history
      .when(exportPayment('adv-1', { fileId: 'PF-2' }))
      .thenRejected('INVALID_STATE', 'paymentId');
  });

  it('given no payout account, then INVALID_STATE', () => {
    attested(apply()).when(exportPayment('adv-1')).thenRejected('INVALID_STATE');
  });

  it('given a change awaiting confirmation, then INVALID_STATE, and once confirmed the new account is paid', () => {
    const history = given(
      withAccount(),
      approve(),
      payAdvance(),
      attest('adv-1'),
      changePayoutAccount({ plusgiro: '4123451' }, { changedOn: '2023-01-07' }),
    );
    history.when(exportPayment('adv-1')).thenRejected('INVALID_STATE');
    const confirmed = history
      .when(confirmPayoutAccount({ confirmedOn: '2023-01-08' }))
      .thenAccepted();
    confirmed
      .when(exportPayment('adv-1'))
      .then([
        { type: 'PaymentExported', data: { creditor: { account: { plusgiro: '4123451' } } } },
      ]);
  });

  it('given an ordered payment not yet attested, then INVALID_STATE', () => {
    given(withAccount(), approve(), payAdvance())
      .when(exportPayment('adv-1'))
      .thenRejected('INVALID_STATE', 'paymentId');
  });

  it('given a debtor bankgiro with a wrong check digit, then INVALID_INPUT at debtor.bankgiro', () => {
    const bad = exportPayment('adv-1', { debtor: { name: 'Region Test', bankgiro: '5050-1056' } });
    attested().when(bad).thenRejected('INVALID_INPUT', 'debtor.bankgiro');
  });
});
