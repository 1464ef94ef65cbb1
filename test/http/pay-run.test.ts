// The desk's pay-run and statement over HTTP: GET /pay-run lists what waits with its basis
// and the issued files; POST /payment-files takes a selection; POST /reconcile/preview
// shows what a statement would do and records nothing; POST /reconcile then records it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { camt054 } from '../support/camt054.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import { GRANT, loadFoundingCase, startTestServer, type TestServer } from './support.js';

let server: TestServer;
const ADVANCE = 'RUN/573/2022-advance-1';
const E2E = `${GRANT}+${ADVANCE}`;

beforeAll(async () => {
  server = await startTestServer({
    config: { debtor: { name: 'Region Jämtland Härjedalen', bankgiro: '50501055' } },
  });
  await loadFoundingCase(server);
  const account = { bankgiro: '991-2346' };
  const change = { type: 'ChangePayoutAccount', grantId: GRANT, account, changedOn: '2023-05-03' };
  expect((await server.send(change, 'finance')).status).toBe(200);
  const confirm = {
    type: 'ConfirmPayoutAccount',
    grantId: GRANT,
    account,
    confirmedOn: '2023-05-03',
  };
  expect((await server.send(confirm, 'attester')).status).toBe(200);
});

afterAll(async () => {
  await server.close();
});

const payRun = async () => (await server.call('GET', '/pay-run', { who: 'finance' })).body;

describe('the pay-run over HTTP', () => {
  it('given an attested advance, then GET /pay-run shows it with payee, account and who attested, the debtor and a banking day', async () => {
    const run = await payRun();
    expect(run.debtor).toEqual({ name: 'Region Jämtland Härjedalen', bankgiro: '50501055' });
    expect(run.executionDate > run.today).toBe(true);
    expect([0, 6]).not.toContain(new Date(`${run.executionDate}T00:00:00Z`).getUTCDay());
    expect(run.waiting).toEqual([
      expect.objectContaining({
        grantId: GRANT,
        paymentId: ADVANCE,
        amount: '142779.00',
        payee: expect.stringContaining('Coompanion'),
        account: 'Bankgiro 991-2346',
        held: null,
      }),
    ]);
    expect(run.files).toEqual([]);
    expect((await server.call('GET', '/pay-run', { who: 'viewer' })).status).toBe(403);
  });

  it('when finance selects a payment no one waits for, then nothing is written; when it selects the advance, then the file holds it and is listed as sent', async () => {
    const run0 = await payRun();
    const other = await server.call('POST', '/payment-files', {
      who: 'finance',
      body: {
        executionDate: run0.executionDate,
        payments: [{ grantId: GRANT, paymentId: 'nope' }],
      },
    });
    expect(other.body).toMatchObject({ xml: null, payments: [] });
    const made = await server.call('POST', '/payment-files', {
      who: 'finance',
      body: {
        executionDate: run0.executionDate,
        payments: [{ grantId: GRANT, paymentId: ADVANCE }],
      },
    });
    expect(made.status).toBe(200);
    expect(validateXml(made.body.xml, PAIN_001_XSD).valid).toBe(true);
    const run = await payRun();
    expect(run.waiting).toEqual([]);
    expect(run.files).toEqual([
      expect.objectContaining({
        fileId: made.body.fileId,
        executionDate: run0.executionDate,
        total: '142779.00',
        status: 'sent',
        payments: [expect.objectContaining({ paymentId: ADVANCE, settled: false })],
      }),
    ]);
  });

  it('when a statement is previewed, then it shows the match, the return and the unknown line and records nothing; confirmed, it settles the advance', async () => {
    const statement = camt054([
      {
        amount: '142779.00',
        direction: 'DBIT',
        bookedOn: '2023-05-04',
        bankReference: 'B-1',
        endToEndId: E2E,
      },
      {
        amount: '5000.00',
        direction: 'DBIT',
        bookedOn: '2023-05-04',
        bankReference: 'B-2',
        endToEndId: `${GRANT}+x-9`,
        reversal: true,
      },
      { amount: '35.00', direction: 'DBIT', bookedOn: '2023-05-04', bankReference: 'FEE-1' },
    ]);
    const raw = { raw: statement, contentType: 'application/xml' };
    const preview = await server.call('POST', '/reconcile/preview', { who: 'finance', ...raw });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: true,
      recorded: 0,
      matched: [expect.objectContaining({ paymentId: ADVANCE, alreadySettled: false })],
    });
    expect(preview.body.unknownInBank).toHaveLength(2);
    expect((await payRun()).files[0].status).toBe('sent');
    const booked = await server.call('POST', '/reconcile', { who: 'finance', ...raw });
    expect(booked.body).toMatchObject({ recorded: 1 });
    expect((await payRun()).files[0]).toMatchObject({ status: 'settled' });
    const viewer = await server.call('POST', '/reconcile/preview', { who: 'viewer', ...raw });
    expect(viewer.status).toBe(403);
  });
});
