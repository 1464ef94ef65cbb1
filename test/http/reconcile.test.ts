// POST /reconcile: a bank statement as text/csv, matched by finance, recorded as the token's actor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ACTORS,
  GRANT,
  GRANT_PATH,
  loadFoundingCase,
  startTestServer,
  type TestServer,
} from './support.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await loadFoundingCase(server);
});

afterAll(async () => {
  await server.close();
});

const statement = [
  'bookedOn,amount,reference',
  '2023-05-04,142779.00,RUN/573/2022-advance-1',
  '2023-05-05,100.00,NO-SUCH-PAYMENT',
  '',
].join('\n');

describe('POST /reconcile', () => {
  it('settles the matching payment as the finance token’s actor and reports the unknown row; a re-import records nothing', async () => {
    // when
    const first = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: statement,
      contentType: 'text/csv',
    });
    // then
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, recorded: 1 });
    expect(first.body.matched).toEqual([
      expect.objectContaining({ paymentId: 'RUN/573/2022-advance-1' }),
    ]);
    expect(first.body.unknownInBank).toEqual([
      expect.objectContaining({ reference: 'NO-SUCH-PAYMENT' }),
    ]);
    const payments = await server.call('GET', `/payments?grantId=${encodeURIComponent(GRANT)}`, {
      who: 'viewer',
    });
    expect(payments.body[0]).toMatchObject({ settled: true, bookedOn: '2023-05-04' });
    const history = await server.call('GET', `${GRANT_PATH}/history`, { who: 'auditor' });
    expect(history.body.at(-1)).toMatchObject({ type: 'PaymentSettled', actor: ACTORS.finance });
    // and again
    const second = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: statement,
      contentType: 'text/csv',
    });
    expect(second.body).toMatchObject({ ok: true, recorded: 0 });
  });

  it('answers a malformed statement with 400 and the errors by line', async () => {
    const { status, body } = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: 'bookedOn,amount,reference\n2023-02-30,abc,X\n',
      contentType: 'text/csv',
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.errors[0]).toMatchObject({ line: 2 });
  });

  it('is for finance only (403 for a viewer, an attester, an auditor)', async () => {
    for (const who of ['viewer', 'attester', 'auditor', 'officer'] as const) {
      const { status } = await server.call('POST', '/reconcile', {
        who,
        raw: statement,
        contentType: 'text/csv',
      });
      expect([who, status]).toEqual([who, 403]);
    }
  });
});
