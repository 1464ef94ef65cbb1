// The Swedish banks' dialect of pain.001 (interfaces.md "Bank files"): what the banks'
// implementation guides ask for beyond the XSD — agreement id, debtor account and agent as
// the bank wants them, clearing agents for bankgiro and PlusGiro, SHAR, SUPP, no batch
// booking, payments abroad apart, the banks' character set — and an execution date that
// is a Swedish banking day. Every file still validates against the XSD.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { isRejection } from '../../domain/errors.js';
import {
  ExecutionDateRefused,
  makePaymentFile,
  paymentFileRequestOf,
} from '../../infra/bank/payment-files.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import { DEBTOR, FINANCE, grantWithAdvance, testLedger, type TestLedger } from './support.js';

let t: TestLedger;
beforeEach(async () => {
  t = await testLedger();
});
afterEach(async () => {
  await t.dispose();
});

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'CdtTrfTxInf'].includes(name),
});

/** As ledger.config.json's `debtor` names the region's bank (Swedbank here). */
const BANK_DEBTOR = {
  name: DEBTOR.name,
  bankgiro: '5050-1055',
  agreementId: '556677889900',
  bic: 'SWEDSESS',
  iban: 'SE35 8000 0000 0000 0000 0001',
};
const SEK_DAY = '2023-05-03';

describe("pain.001 in the Swedish banks' dialect", () => {
  it('given payees by bankgiro, in Germany by IBAN, and a bank agreement, then the file carries what the banks ask for and validates', async () => {
    await grantWithAdvance(t, 'SV/1/2023', {
      payee: 'Föreningen Ström & Söner – Östersund',
      account: { bankgiro: '991-2346' },
    });
    await grantWithAdvance(t, 'SV/2/2023', {
      payee: 'Müller GmbH',
      account: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    });
    const request = paymentFileRequestOf(
      { executionDate: SEK_DAY, fileId: 'PF-SV-1' },
      BANK_DEBTOR,
      FINANCE,
      '2023-05-02',
    );
    if (isRejection(request)) throw new Error(request.message);
    const file = await makePaymentFile(t.ledger, request);

    expect(validateXml(file.xml!, PAIN_001_XSD).valid).toBe(true);
    const doc = parser.parse(file.xml!).Document.CstmrCdtTrfInitn;
    expect(doc.GrpHdr.InitgPty).toEqual({
      Nm: DEBTOR.name,
      Id: { OrgId: { Othr: { Id: '556677889900', SchmeNm: { Cd: 'BANK' } } } },
    });
    // Sweden and abroad in batches of their own
    expect(doc.PmtInf.map((p: { PmtInfId: string }) => p.PmtInfId)).toEqual([
      'PF-SV-1-20230503',
      'PF-SV-1-20230503-X',
    ]);
    const [home, abroad] = doc.PmtInf;
    expect(home).toMatchObject({
      BtchBookg: 'false',
      PmtTpInf: { SvcLvl: { Cd: 'NURG' }, CtgyPurp: { Cd: 'SUPP' } },
      DbtrAcct: { Id: { IBAN: 'SE3580000000000000000001' }, Ccy: 'SEK' },
      DbtrAgt: { FinInstnId: { BIC: 'SWEDSESS' } },
      ChrgBr: 'SHAR',
    });
    expect(home.CdtTrfTxInf[0]).toMatchObject({
      CdtrAgt: { FinInstnId: { ClrSysMmbId: { ClrSysId: { Cd: 'SESBA' }, MmbId: '9900' } } },
      Cdtr: { Nm: 'Föreningen Ström + Söner - Östersund' },
      CdtrAcct: { Id: { Othr: { Id: '9912346', SchmeNm: { Prtry: 'BGNR' } } } },
    });
    expect(abroad).toMatchObject({ ChrgBr: 'SHAR', BtchBookg: 'false' });
    expect(abroad.CdtTrfTxInf[0]).toMatchObject({
      CdtrAgt: { FinInstnId: { BIC: 'COBADEFFXXX' } },
      Cdtr: { Nm: 'Muller GmbH', PstlAdr: { Ctry: 'DE' } },
      CdtrAcct: { Id: { IBAN: 'DE89370400440532013000' } },
    });
  });

  it('given a name of 80 characters with emoji and combining accents, then it is cut to 70 between characters and validates', async () => {
    const name = `${'Å'.repeat(60)} e\u0301 👩‍👩‍👧 Zoë ${'x'.repeat(20)}`;
    await grantWithAdvance(t, 'SV/3/2023', { payee: name, account: { bankgiro: '991-2346' } });
    const file = await makePaymentFile(t.ledger, {
      executionDate: SEK_DAY,
      debtor: BANK_DEBTOR,
      actor: FINANCE,
    });
    expect(validateXml(file.xml!, PAIN_001_XSD).valid).toBe(true);
    const tx = parser.parse(file.xml!).Document.CstmrCdtTrfInitn.PmtInf[0].CdtTrfTxInf[0];
    expect(tx.Cdtr.Nm).toBe(`${'Å'.repeat(60)} e Zoe xxx`);
    expect([...tx.Cdtr.Nm].length).toBeLessThanOrEqual(70);
  });
});

describe('the execution date is a Swedish banking day, not in the past', () => {
  const ask = (executionDate: string) => {
    const request = paymentFileRequestOf({ executionDate }, BANK_DEBTOR, FINANCE, '2023-05-02');
    if (isRejection(request)) throw new Error(request.message);
    return makePaymentFile(t.ledger, request);
  };

  it.each([
    ['2023-05-06', 'a Saturday', '2023-05-08'],
    ['2023-05-18', 'Kristi himmelsfärdsdag', '2023-05-19'],
    ['2023-06-23', 'midsommarafton', '2023-06-26'],
    ['2023-04-28', 'before today (2023-05-02)', '2023-05-02'],
  ])(
    'given %s, then EXECUTION_DATE (%s) offers %s and nothing is recorded',
    async (day, why, offered) => {
      await grantWithAdvance(t, 'SV/4/2023', { account: { bankgiro: '991-2346' } });
      const refused = await ask(day).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ExecutionDateRefused);
      const { rejection } = refused as ExecutionDateRefused;
      expect(rejection).toMatchObject({ code: 'EXECUTION_DATE', path: 'executionDate' });
      expect(rejection.message).toContain(why);
      expect(rejection.message).toContain(`the next banking day is ${offered}`);
      expect((await t.ledger.grantState('SV/4/2023')).payments.get('adv-1')!.exported).toBe(
        undefined,
      );
    },
  );
});
