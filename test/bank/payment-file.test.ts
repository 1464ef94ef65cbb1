// pain.001.001.03 out (interfaces.md "Bank files"): every file validates against the ISO
// 20022 schema, says exactly what the ledger attested, holds each payment once, and comes
// back byte for byte when its file id is asked for again.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import {
  makePaymentFile,
  paymentFileRequestOf,
  type PaymentFileRequest,
} from '../../infra/bank/payment-files.js';
import { isRejection } from '../../domain/errors.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import {
  ATTESTER,
  DEBTOR,
  FINANCE,
  grantWithAdvance,
  testLedger,
  type TestLedger,
} from './support.js';

let t: TestLedger;
beforeEach(async () => {
  t = await testLedger();
});
afterEach(async () => {
  await t.dispose();
});

const request = (o: Partial<PaymentFileRequest> = {}): PaymentFileRequest => ({
  executionDate: '2023-05-03',
  debtor: { name: DEBTOR.name, bankgiro: '50501055' },
  actor: FINANCE,
  ...o,
});

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'CdtTrfTxInf'].includes(name),
});
type Tx = {
  PmtId: { EndToEndId: string };
  Amt: { InstdAmt: { '#text': string; '@_Ccy': string } };
  Cdtr: { Nm: string };
  CdtrAcct: { Id: unknown };
  RmtInf: { Ustrd: string };
  CdtrAgt?: unknown;
};

function read(xml: string) {
  const doc = parser.parse(xml).Document.CstmrCdtTrfInitn;
  const txs: Tx[] = doc.PmtInf.flatMap((p: { CdtTrfTxInf: Tx[] }) => p.CdtTrfTxInf);
  return { doc, txs, byE2E: new Map(txs.map((tx) => [tx.PmtId.EndToEndId, tx])) };
}

describe('payments-file: the pain.001 of every attested payment not yet in a file', () => {
  it('given payees with a bankgiro, a plusgiro, an IBAN+BIC, none, and a change awaiting confirmation, then the file holds the three with a confirmed account and lists the two others', async () => {
    // given
    await grantWithAdvance(t, 'RUN/573/2022', {
      payee: 'Coompanion Jämtland ek. för.',
      account: { bankgiro: '991-2346' },
      advance: '142779',
    });
    await grantWithAdvance(t, 'T/2/2023', {
      account: { plusgiro: '41 23 45-1' },
      advance: '30000.50',
    });
    await grantWithAdvance(t, 'T/3/2023', {
      account: { iban: 'SE45 5000 0000 0583 9825 7466', bic: 'ESSESESS' },
      advance: '10000',
    });
    await grantWithAdvance(t, 'T/4/2023', { advance: '5000' });
    await grantWithAdvance(t, 'T/5/2023', { account: { bankgiro: '5050-1055' }, advance: '7000' });
    await t.run(
      {
        type: 'ChangePayoutAccount',
        grantId: 'T/5/2023',
        account: { bankgiro: '991-2346' },
        changedOn: '2023-04-01',
      },
      FINANCE,
    );
    await grantWithAdvance(t, 'T/6/2023', { account: { bankgiro: '5050-1055' }, attest: false });

    // when
    const result = await makePaymentFile(t.ledger, request());

    // then
    expect(validateXml(result.xml!, PAIN_001_XSD)).toEqual({
      valid: true,
      output: expect.stringContaining('validates'),
    });
    const { doc, txs, byE2E } = read(result.xml!);
    expect(doc.GrpHdr).toMatchObject({
      MsgId: result.fileId,
      CreDtTm: '2023-05-10T08:30:00Z',
      NbOfTxs: '3',
      CtrlSum: '182779.50',
      InitgPty: { Nm: DEBTOR.name },
    });
    expect(doc.PmtInf).toHaveLength(1);
    expect(doc.PmtInf[0]).toMatchObject({
      PmtMtd: 'TRF',
      NbOfTxs: '3',
      CtrlSum: '182779.50',
      ReqdExctnDt: '2023-05-03',
      Dbtr: { Nm: DEBTOR.name },
      DbtrAcct: { Id: { Othr: { Id: '50501055', SchmeNm: { Prtry: 'BGNR' } } }, Ccy: 'SEK' },
    });
    expect(txs).toHaveLength(3);
    expect(byE2E.get('RUN/573/2022+adv-1')).toMatchObject({
      Amt: { InstdAmt: { '#text': '142779.00', '@_Ccy': 'SEK' } },
      Cdtr: { Nm: 'Coompanion Jämtland ek. för.' },
      CdtrAcct: { Id: { Othr: { Id: '9912346', SchmeNm: { Prtry: 'BGNR' } } } },
      RmtInf: { Ustrd: 'Bidrag RUN/573/2022 förskott' },
    });
    expect(byE2E.get('T/2/2023+adv-1')).toMatchObject({
      CdtrAgt: { FinInstnId: { ClrSysMmbId: { ClrSysId: { Cd: 'SESBA' }, MmbId: '9960' } } },
      CdtrAcct: { Id: { Othr: { Id: '4123451', SchmeNm: { Cd: 'BBAN' } } } },
    });
    expect(byE2E.get('T/3/2023+adv-1')).toMatchObject({
      CdtrAgt: { FinInstnId: { BIC: 'ESSESESS' } },
      CdtrAcct: { Id: { IBAN: 'SE4550000000058398257466' } },
    });
    expect(result.notWritten).toEqual([
      {
        grantId: 'T/4/2023',
        paymentId: 'adv-1',
        amount: '5000.00',
        reason: 'the payee has no payout account',
      },
      expect.objectContaining({
        grantId: 'T/5/2023',
        paymentId: 'adv-1',
        reason: expect.stringContaining('not confirmed yet'),
      }),
    ]);
    const payments = await t.ledger.payments('RUN/573/2022');
    expect(payments[0]).toMatchObject({ status: 'attested', settled: false });
  });

  it('given a file was made, when another is asked for, then no payment goes into it again; when the first file id is asked for, then the same bytes come back', async () => {
    // given
    await grantWithAdvance(t, 'T/1/2023', { account: { bankgiro: '5050-1055' } });
    const first = await makePaymentFile(t.ledger, request({ fileId: 'PF-2023-05-02-1' }));
    // when
    const second = await makePaymentFile(t.ledger, request());
    const again = await makePaymentFile(
      t.ledger,
      request({ fileId: 'PF-2023-05-02-1', executionDate: '2023-06-30' }),
    );
    // then
    expect(first.payments).toHaveLength(1);
    expect(second).toMatchObject({ xml: null, payments: [], notWritten: [] });
    expect(again.repeated).toBe(true);
    expect(again.xml).toBe(first.xml);
  });

  it('given a change of account confirmed by another person, then the next file pays the new account', async () => {
    // given
    await grantWithAdvance(t, 'T/1/2023', { account: { bankgiro: '5050-1055' } });
    await t.run(
      {
        type: 'ChangePayoutAccount',
        grantId: 'T/1/2023',
        account: { iban: 'GB82 WEST 1234 5698 7654 32' },
        changedOn: '2023-04-01',
      },
      FINANCE,
    );
    await t.run(
      {
        type: 'ConfirmPayoutAccount',
        grantId: 'T/1/2023',
        account: { iban: 'GB82 WEST 1234 5698 7654 32' },
        confirmedOn: '2023-04-02',
      },
      ATTESTER,
    );
    // when
    const file = await makePaymentFile(t.ledger, request());
    // then
    expect(validateXml(file.xml!, PAIN_001_XSD).valid).toBe(true);
    expect(read(file.xml!).txs[0]!.CdtrAcct).toEqual({ Id: { IBAN: 'GB82WEST12345698765432' } });
    expect((await t.ledger.balance('T/1/2023'))!.payoutAccount.current).toMatchObject({
      since: '2023-04-02',
      confirmedBy: ATTESTER,
    });
  });

  it("given names with & < > quotes and an en dash, then they are written in the banks' character set and the file still validates", async () => {
    await grantWithAdvance(t, 'T/1/2023', {
      payee: 'Bröderna "A & B" <Ek. för.> – Société',
      account: { bankgiro: '5050-1055' },
    });
    const file = await makePaymentFile(t.ledger, request());
    expect(validateXml(file.xml!, PAIN_001_XSD).valid).toBe(true);
    expect(read(file.xml!).txs[0]!.Cdtr.Nm).toBe("Bröderna 'A + B' (Ek. för.) - Societe");
  });

  it('given a debtor bankgiro with a wrong check digit or a bad date, then INVALID_INPUT with the path and nothing is recorded', () => {
    const bad = paymentFileRequestOf(
      { executionDate: '2023-05-03', debtor: { name: 'Region', bankgiro: '5050-1056' } },
      undefined,
      FINANCE,
    );
    expect(isRejection(bad) && [bad.code, bad.path]).toEqual(['INVALID_INPUT', 'debtor.bankgiro']);
    const date = paymentFileRequestOf({ executionDate: '2023-02-30' }, DEBTOR, FINANCE);
    expect(isRejection(date) && [date.code, date.path]).toEqual(['INVALID_INPUT', 'executionDate']);
    const none = paymentFileRequestOf({ executionDate: '2023-05-03' }, undefined, FINANCE);
    expect(isRejection(none) && none.path).toBe('debtor');
  });
});
