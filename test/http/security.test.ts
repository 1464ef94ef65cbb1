// Who may do what over HTTP: tokens, roles, the four-eyes rule across one person's two
// roles, the actor taken from the token, and bodies rejected before they reach the store.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FOUNDING_CASE_COMMANDS } from '../../infra/demo/founding-case.js';
import {
  ACTORS,
  GRANT,
  GRANT_PATH,
  loadFoundingCase,
  startTestServer,
  type TestServer,
} from './support.js';

let server: TestServer;

/** A second grant like the founding case, approved with an advance, without commandIds. */
function grantLike(grantId: string): Record<string, unknown>[] {
  return FOUNDING_CASE_COMMANDS.slice(0, 2).map(({ meta: _meta, ...command }) => ({
    ...command,
    grantId,
  }));
}

/** What the store holds: the event count and the last position, as the auditor sees them. */
async function storeState() {
  const verify = await server.call('GET', '/verify', { who: 'auditor' });
  const history = await server.call('GET', `${GRANT_PATH}/history`, { who: 'auditor' });
  return { events: verify.body.events as number, last: history.body.at(-1)?.position as number };
}

beforeAll(async () => {
  server = await startTestServer();
  await loadFoundingCase(server);
});

afterAll(async () => {
  await server.close();
});

describe('authentication', () => {
  it('answers 401 without a token, on reads and writes, with WWW-Authenticate', async () => {
    const read = await server.call('GET', '/grants');
    const write = await server.call('POST', '/commands', { body: FOUNDING_CASE_COMMANDS[0] });
    expect([read.status, read.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(read.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(write.status).toBe(401);
  });

  it('answers 401 for an unknown token, a malformed header, inherited object keys and a token in the query', async () => {
    for (const token of ['not-a-token-at-all-123', '__proto__', 'constructor', 'toString', '']) {
      const { status } = await server.call('GET', '/grants', { token });
      expect([token, status]).toEqual([token, 401]);
    }
    const basic = await fetch(`${server.url}/grants`, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(401);
    const query = await fetch(`${server.url}/grants?token=tok-viewer-3c4d5e6f7a8b9`);
    expect(query.status).toBe(401);
  });

  it('serves the dashboard and the OpenAPI document without a token, the page with a strict CSP', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
  });
});

describe('roles', () => {
  it('a viewer or an auditor cannot write (403), and the store is unchanged', async () => {
    const before = await storeState();
    for (const who of ['viewer', 'auditor'] as const) {
      const { status, body } = await server.send(
        { type: 'SubmitFinalReport', grantId: GRANT, submittedOn: '2024-04-01' },
        who,
      );
      expect([who, status, body.error.code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    expect(await storeState()).toEqual(before);
  });

  it('a finance token cannot attest, an officer cannot order a payment, an attester cannot decide (403)', async () => {
    const before = await storeState();
    const attest = await server.send(
      {
        type: 'AttestPayment',
        grantId: GRANT,
        paymentId: 'RUN/573/2022-advance-1',
        attestedOn: '2023-05-03',
      },
      'finance',
    );
    const order = await server.send(
      {
        type: 'PayAdvance',
        grantId: GRANT,
        paymentId: 'adv-9',
        amount: '1',
        orderedOn: '2023-05-03',
      },
      'officer',
    );
    const decide = await server.send({ ...(FOUNDING_CASE_COMMANDS[1] as object) }, 'attester');
    expect([attest.status, attest.body.error.code, attest.body.error.message]).toEqual([
      403,
      'FORBIDDEN',
      expect.stringContaining('attester'),
    ]);
    expect([order.status, decide.status]).toEqual([403, 403]);
    expect(await storeState()).toEqual(before);
  });

  it('a command type that does not exist is 400, not 403', async () => {
    const { status, body } = await server.send(
      { type: 'DeleteEverything', grantId: GRANT },
      'finance',
    );
    expect([status, body.error.code, body.error.path]).toEqual([400, 'INVALID_INPUT', 'type']);
    const missing = await server.call('POST', '/commands', {
      who: 'finance',
      body: { grantId: GRANT },
    });
    expect([missing.status, missing.body.error.path]).toEqual([400, 'type']);
  });

  it('the viewer reads projections but not the audit trail, verify or export; officers read the trail', async () => {
    const allowed = [
      '/grants',
      GRANT_PATH,
      `${GRANT_PATH}/indicators`,
      `${GRANT_PATH}/timeline`,
      '/portfolio',
      '/payments',
      '/me',
    ];
    for (const route of allowed)
      expect([route, (await server.call('GET', route, { who: 'viewer' })).status]).toEqual([
        route,
        200,
      ]);
    for (const route of [
      `${GRANT_PATH}/history`,
      '/verify',
      '/export?format=jsonl',
      '/export?format=csv',
    ]) {
      const { status, body } = await server.call('GET', route, { who: 'viewer' });
      expect([route, status, body.error.code]).toEqual([route, 403, 'FORBIDDEN']);
    }
    expect((await server.call('GET', `${GRANT_PATH}/history`, { who: 'officer' })).status).toBe(
      200,
    );
    expect((await server.call('GET', '/verify', { who: 'officer' })).status).toBe(403);
    expect((await server.call('GET', '/export', { who: 'finance' })).status).toBe(403);
  });
});

describe('the four-eyes rule across roles', () => {
  it('one person holding both finance and attester cannot order and attest the same payment (422 FOUR_EYES)', async () => {
    // given a grant with an advance ordered by the person who is both
    for (const command of grantLike('SEC/1/2024'))
      expect((await server.send(command)).status).toBe(200);
    const order = await server.send(
      {
        type: 'PayAdvance',
        grantId: 'SEC/1/2024',
        paymentId: 'sec-adv-1',
        amount: '1000',
        orderedOn: '2023-05-02',
      },
      'both',
    );
    expect(order.status).toBe(200);
    // when the same person attests it
    const attest = await server.send(
      {
        type: 'AttestPayment',
        grantId: 'SEC/1/2024',
        paymentId: 'sec-adv-1',
        attestedOn: '2023-05-03',
        meta: { actor: ACTORS.attester },
      },
      'both',
    );
    // then
    expect([attest.status, attest.body.error.code]).toEqual([422, 'FOUR_EYES']);
    // and another attester may
    const other = await server.send(
      {
        type: 'AttestPayment',
        grantId: 'SEC/1/2024',
        paymentId: 'sec-adv-1',
        attestedOn: '2023-05-03',
      },
      'attester',
    );
    expect(other.status).toBe(200);
  });

  it('records the token’s actor even when the body names another meta.actor', async () => {
    // when the finance person claims to be someone else
    const { status } = await server.send(
      {
        type: 'PayAdvance',
        grantId: 'SEC/1/2024',
        paymentId: 'sec-adv-2',
        amount: '500',
        orderedOn: '2023-05-04',
        meta: { actor: ACTORS.attester },
      },
      'finance',
    );
    expect(status).toBe(200);
    // then the history and the journal name the token's actor
    const history = await server.call('GET', '/grants/SEC%2F1%2F2024/history', { who: 'auditor' });
    expect(history.body.at(-1)).toMatchObject({ type: 'PaymentOrdered', actor: ACTORS.finance });
    expect(history.body.map((e: { actor: string }) => e.actor)).not.toContain(
      'registrator@regionjh.se',
    );
    const payments = await server.call('GET', '/payments?grantId=SEC%2F1%2F2024', {
      who: 'viewer',
    });
    expect(
      payments.body.find((p: { paymentId: string }) => p.paymentId === 'sec-adv-2'),
    ).toMatchObject({ orderedBy: ACTORS.finance });
    // and so the claimed attester can still attest it (four eyes judged on real people)
    const attest = await server.send(
      {
        type: 'AttestPayment',
        grantId: 'SEC/1/2024',
        paymentId: 'sec-adv-2',
        attestedOn: '2023-05-05',
      },
      'attester',
    );
    expect(attest.status).toBe(200);
  });
});

describe('bodies rejected before the store', () => {
  it('an oversized body (2 MiB) is 413 and the store is unchanged', async () => {
    const before = await storeState();
    const huge = JSON.stringify({
      type: 'WithdrawApplication',
      grantId: GRANT,
      withdrawnOn: '2023-06-01',
      reason: 'x'.repeat(2 * 1024 * 1024),
    });
    const { status, body } = await server.call('POST', '/commands', { who: 'officer', raw: huge });
    expect([status, body?.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await storeState()).toEqual(before);
    expect((await server.call('GET', GRANT_PATH, { who: 'viewer' })).body.status).toBe('approved');
  });

  it('malformed JSON, an empty body, an array and a prototype-poisoning body are 400 INVALID_INPUT, store unchanged', async () => {
    const before = await storeState();
    for (const raw of [
      '{"type": "WithdrawApplication", "grantId": ',
      '',
      '[]',
      '"text"',
      '{"type":"WithdrawApplication","grantId":"RUN/573/2022","withdrawnOn":"2023-06-01","reason":"x","__proto__":{"admin":true}}',
    ]) {
      const { status, body } = await server.call('POST', '/commands', { who: 'officer', raw });
      expect([raw.slice(0, 20), status, body?.error?.code]).toEqual([
        raw.slice(0, 20),
        400,
        'INVALID_INPUT',
      ]);
    }
    expect(await storeState()).toEqual(before);
  });

  it('a body that is not JSON is 415', async () => {
    const { status, body } = await server.call('POST', '/commands', {
      who: 'officer',
      raw: 'type=WithdrawApplication',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect([status, body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('a viewer’s oversized body is refused with 403 before it is read', async () => {
    const { status } = await server.call('POST', '/commands', {
      who: 'viewer',
      raw: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(status).toBe(403);
  });
});
