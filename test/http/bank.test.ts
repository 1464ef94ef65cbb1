// The bank over HTTP: POST /payment-files (finance) gives a pain.001 that validates; the
// same file id gives the same bytes; POST /reconcile takes camt XML.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDay, bankingDayFrom } from '../../infra/bank/banking-days.js';
import { stockholmDay } from '../../infra/bank/payment-files.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import { GRANT, loadFoundingCase, startTestServer, type TestServer } from './support.js';

/** The server runs on today's clock: the next Swedish banking day is a valid execution date. */
const PAY_ON = bankingDayFrom(addDay(stockholmDay(new Date())));

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    config: { debtor: { name: 'Region Jämtland Härjedalen', bankgiro: '50501055' } },
  });
  await loadFoundingCase(server);
});

afterAll(async () => {
  await server.close();
});

describe('payout account, payment file and statement over HTTP', () => {
  it('given an execution date on a Saturday or in the past, then 422 EXECUTION_DATE naming the next banking day, and no file', async () => {
    const saturday = (() => {
      let day = addDay(PAY_ON);
      while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 6) day = addDay(day);
      return day;
    })();
    for (const executionDate of [saturday, '2023-05-04']) {
      const refused = await server.call('POST', '/payment-files', {
        who: 'finance',
        body: { executionDate },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        error: {
          code: 'EXECUTION_DATE',
          path: 'executionDate',
          message: expect.stringMatching(/the next banking day is \d{4}-\d{2}-\d{2}$/),
        },
      });
    }
  });

  it('given the founding advance, when finance changes the account and an attester confirms it, then POST /payment-files writes it; the file id gives the same file again', async () => {
    // given: no account yet, so the attested advance is listed, not written
    const held = await server.call('POST', '/payment-files', {
      who: 'finance',
      body: { executionDate: PAY_ON },
    });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({
      xml: null,
      notWritten: [
        expect.objectContaining({ grantId: GRANT, reason: 'the payee has no payout account' }),
      ],
    });
    // when
    const change = await server.send(
      {
        type: 'ChangePayoutAccount',
        grantId: GRANT,
        account: { bankgiro: '991-2346' },
        changedOn: '2023-05-03',
      },
      'finance',
    );
    expect(change.status).toBe(200);
    expect(
      (
        await server.send(
          {
            type: 'ConfirmPayoutAccount',
            grantId: GRANT,
            account: { bankgiro: '991-2346' },
            confirmedOn: '2023-05-03',
          },
          'finance',
        )
      ).status,
    ).toBe(403);
    const confirm = await server.send(
      {
        type: 'ConfirmPayoutAccount',
        grantId: GRANT,
        account: { bankgiro: '991-2346' },
        confirmedOn: '2023-05-03',
      },
      'attester',
    );
    expect(confirm.status).toBe(200);
    const made = await server.call('POST', '/payment-files', {
      who: 'finance',
      body: { executionDate: PAY_ON, fileId: 'PF-20230504-1' },
    });
    // then
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({
      fileId: 'PF-20230504-1',
      repeated: false,
      payments: [expect.objectContaining({ endToEndId: 'RUN/573/2022+RUN/573/2022-advance-1' })],
    });
    expect(validateXml(made.body.xml, PAIN_001_XSD).valid).toBe(true);
    const again = await server.call('GET', '/payment-files/PF-20230504-1', { who: 'finance' });
    expect(again.body.xml).toBe(made.body.xml);
    const balance = await server.call('GET', `/grants/${encodeURIComponent(GRANT)}`, {
      who: 'viewer',
    });
    expect(balance.body.payoutAccount.current).toMatchObject({
      text: 'Bankgiro 991-2346',
      confirmedBy: expect.any(String),
    });
    expect(
      (
        await server.call('POST', '/payment-files', {
          who: 'viewer',
          body: { executionDate: PAY_ON },
        })
      ).status,
    ).toBe(403);
  });

  it('given a camt.054 as application/xml, then POST /reconcile settles the payment; a malformed one is 400 with the element path', async () => {
    const e2e = 'RUN/573/2022+RUN/573/2022-advance-1';
    const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>N1</MsgId><CreDtTm>2023-05-04T10:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N1</Id><CreDtTm>2023-05-04T10:00:00</CreDtTm><Acct><Id><Othr><Id>50501055</Id></Othr></Id></Acct>
<Ntry><Amt Ccy="SEK">142779.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2023-05-04</Dt></BookgDt>
<AcctSvcrRef>B-1</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
    const bad = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: camt.replace('<Sts>BOOK</Sts>', '<Sts>DONE</Sts>'),
      contentType: 'application/xml',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/Sts',
    });
    const good = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: camt,
      contentType: 'application/xml',
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({
      ok: true,
      format: 'camt.054',
      recorded: 1,
      matched: [expect.objectContaining({ bankReference: 'B-1' })],
    });
  });
});
