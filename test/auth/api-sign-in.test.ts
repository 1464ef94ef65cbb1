// The API with the region's identity provider: access tokens from a real oidc-provider on
// loopback are accepted beside the tokens file, and every forgery or fault is refused with
// its reason in the log and none in the answer (interfaces.md "Sign-in (OpenID Connect)").
import { createPublicKey } from 'node:crypto';
import { exportSPKI, SignJWT, UnsecuredJWT } from 'jose';
import { FOUNDING_CASE_COMMANDS } from '../../infra/demo/founding-case.js';
import { startTestServer, type TestServer } from '../http/support.js';
import { AUDIENCE, newSigningKey, startProvider, type TestProvider } from './provider.js';
import { catchLog, signInSettings, type CaughtLog } from './support.js';

let provider: TestProvider;
let server: TestServer;
let log: CaughtLog;

beforeAll(async () => {
  provider = await startProvider('http://127.0.0.1:9');
  log = catchLog();
  server = await startTestServer({
    app: {
      oidc: signInSettings(provider.issuer),
      // A rotated key is looked up at once in the test (the product waits 30 s between looks).
      jwksCooldownMs: 0,
      logger: { stream: log.stream, level: 'info' },
    },
  });
});

afterAll(async () => {
  await server.close();
  await provider.close();
});

const finance = { email: 'ekonom.ordering@regionjh.se', roles: ['ledger-finance'] };

async function me(token: string) {
  return server.call('GET', '/me', { token });
}

/** The log line of the last refused sign-in. */
function lastRefusalLine(): Record<string, unknown> | undefined {
  return log
    .lines()
    .filter((l) => l.msg === 'sign-in refused')
    .at(-1);
}

function lastRefusal(): string {
  return String(lastRefusalLine()?.reason ?? '');
}

describe('an access token of the configured issuer', () => {
  it('signs the person in with the actor in normal form and the roles mapped', async () => {
    // given a token for a person whose provider role is mapped to the ledger's
    const token = await provider.sign({
      sub: 'erik',
      ...finance,
      email: 'Ekonom.Ordering@RegionJH.se',
    });
    // when the API is asked who that is
    const { status, body } = await me(token);
    // then
    expect(status).toBe(200);
    expect(body.actor).toBe('ekonom.ordering@regionjh.se');
    expect(body.roles).toEqual(['finance']);
  });

  it('takes a role claim that is one of the ledger role names, as a string or a list', async () => {
    expect(
      (await me(await provider.sign({ email: 'a@regionjh.se', roles: 'auditor' }))).body.roles,
    ).toEqual(['auditor']);
    const both = await provider.sign({
      email: 'b@regionjh.se',
      roles: ['viewer', 'ledger-attest'],
    });
    expect((await me(both)).body.roles).toEqual(['viewer', 'attester']);
  });

  it('falls back to preferred_username when there is no email claim', async () => {
    const token = await provider.sign({ preferred_username: 'Anna', roles: ['officer'] });
    expect((await me(token)).body.actor).toBe('anna');
  });

  it('accepts a token that expired less than the 60 s of allowed clock skew ago', async () => {
    const token = await provider.sign(finance, { expiresIn: -30 });
    expect((await me(token)).status).toBe(200);
  });
});

describe('refusals: 401 or 403, the reason in the log and not in the answer', () => {
  const publicPem = async () =>
    exportSPKI(createPublicKey({ key: provider.keys.at(-1)!.publicJwk as never, format: 'jwk' }));
  const cases: [string, () => Promise<string>, number, RegExp][] = [
    [
      'another issuer',
      () => provider.sign({ ...finance, iss: 'http://127.0.0.1:9/other' }),
      401,
      /iss/,
    ],
    [
      'another audience',
      () => provider.sign({ ...finance, aud: 'https://other.test/api' }),
      401,
      /aud/,
    ],
    ['an expired token', () => provider.sign(finance, { expiresIn: -120 }), 401, /ERR_JWT_EXPIRED/],
    [
      'alg: none',
      async () =>
        new UnsecuredJWT({ ...finance, iss: provider.issuer, aud: AUDIENCE })
          .setExpirationTime('5m')
          .encode(),
      401,
      /ERR_JOSE_ALG_NOT_ALLOWED/,
    ],
    [
      'an HMAC token signed with the issuer public key',
      async () =>
        new SignJWT({ ...finance, iss: provider.issuer, aud: AUDIENCE })
          .setProtectedHeader({ alg: 'HS256', kid: provider.keys.at(-1)!.kid })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(await publicPem())),
      401,
      /ERR_JOSE_ALG_NOT_ALLOWED/,
    ],
    [
      'an unknown kid',
      async () => provider.sign(finance, { key: await newSigningKey('not-the-issuers') }),
      401,
      /ERR_JWKS_NO_MATCHING_KEY/,
    ],
    [
      'a token without a known role',
      () => provider.sign({ email: 'nils@regionjh.se', roles: ['crm-user'] }),
      403,
      /no role/,
    ],
    [
      'a token with no actor claim',
      () => provider.sign({ sub: 'x', roles: ['officer'] }),
      401,
      /no email or preferred_username/,
    ],
    [
      'a signature that does not match',
      async () => `${(await provider.sign(finance)).slice(0, -4)}AAAA`,
      401,
      /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
    ],
  ];

  it.each(cases)('refuses %s', async (_name, token, status, reason) => {
    // given a token that must not pass, when it is used
    const answer = await me(await token());
    // then the answer says only that it is refused
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    expect(answer.body.error.message).toMatch(
      /^(the bearer token is not accepted|the sign-in carries no role of the ledger)$/,
    );
    // and the log says why, under the request id of the answer
    expect(lastRefusal()).toMatch(reason);
    const line = lastRefusalLine()!;
    expect(line.reqId).toBe(answer.body.error.requestId);
  });

  it('writes nothing for a refused token', async () => {
    const token = await provider.sign(finance, { expiresIn: -120 });
    const { status } = await server.call('POST', '/commands', {
      token,
      body: FOUNDING_CASE_COMMANDS[0],
    });
    expect(status).toBe(401);
    expect((await server.call('GET', '/grants', { who: 'viewer' })).body).toEqual([]);
  });
});

describe('key rotation at the provider', () => {
  it('keeps accepting tokens: the new key is fetched when it first signs, the old one lasts while published', async () => {
    // given a token signed with the key in use
    const before = await provider.sign(finance);
    expect((await me(before)).status).toBe(200);
    // when the provider starts signing with a new key and keeps the old one published
    await provider.rotate();
    const after = await provider.sign(finance);
    // then both are accepted
    expect((await me(after)).status).toBe(200);
    expect((await me(before)).status).toBe(200);
    // and when the old key is withdrawn, tokens of the newest key still pass and the old
    // key's are refused as an unknown key
    const newest = await provider.rotate({ dropOld: true });
    expect((await me(await provider.sign(finance, { key: newest }))).status).toBe(200);
    expect((await me(before)).status).toBe(401);
    expect(lastRefusal()).toMatch(/ERR_JWKS_NO_MATCHING_KEY/);
  });
});

describe('the actor of a sign-in obeys the rules of every actor', () => {
  it('removes invisible characters from the claim: a zero-width space is the same person', async () => {
    const token = await provider.sign({
      email: 'Anna\u200b@RegionJH.se\u2060',
      roles: ['officer'],
    });
    expect((await me(token)).body.actor).toBe('anna@regionjh.se');
  });

  it('refuses a claim that mixes scripts (a Cyrillic а in a Latin name)', async () => {
    const token = await provider.sign({ email: '\u0430nna@regionjh.se', roles: ['officer'] });
    const answer = await me(token);
    expect(answer.status).toBe(401);
    expect(lastRefusal()).toMatch(/email claim is not a valid actor name/);
  });

  it('holds the two-person rule between a token-file actor and the same person signed in', async () => {
    // given an advance ordered through the tokens file by ekonom.ordering@regionjh.se
    const grantId = 'OIDC/1/2024';
    for (const { meta: _meta, ...command } of FOUNDING_CASE_COMMANDS.slice(0, 2))
      expect((await server.send({ ...command, grantId })).status).toBe(200);
    const order = { type: 'PayAdvance', grantId, paymentId: 'oidc-adv-1', amount: '1000' };
    expect((await server.send({ ...order, orderedOn: '2023-05-02' }, 'finance')).status).toBe(200);
    // when the same person, signed in at the provider as an attester, attests it
    const attest = {
      type: 'AttestPayment',
      grantId,
      paymentId: 'oidc-adv-1',
      attestedOn: '2023-05-03',
    };
    const samePerson = await provider.sign({
      email: 'Ekonom.Ordering@RegionJH.se',
      roles: ['ledger-attest'],
    });
    const refused = await server.call('POST', '/commands', { token: samePerson, body: attest });
    // then it is refused by the two-person rule
    expect([refused.status, refused.body.error.code]).toEqual([422, 'FOUR_EYES']);
    // and another person signed in as an attester may attest it
    const other = await provider.sign({
      email: 'ekonom.attest@regionjh.se',
      roles: ['ledger-attest'],
    });
    const attested = await server.call('POST', '/commands', { token: other, body: attest });
    expect(attested.status).toBe(200);
    const history = await server.call('GET', `/grants/${encodeURIComponent(grantId)}/history`, {
      who: 'auditor',
    });
    expect(history.body.at(-1).actor).toBe('ekonom.attest@regionjh.se');
  });
});
