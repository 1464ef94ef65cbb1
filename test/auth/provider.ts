// A real OpenID Provider on loopback for the sign-in tests: oidc-provider (a certified
// implementation) with its own login page, a public client for the desk (Authorization Code
// with PKCE), a device-flow client for the CLI, and people with different roles. Access
// tokens are JWTs for the ledger's audience carrying `email` and `roles`, as a region's
// provider would be set up. Its signing keys can be rotated while it runs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export const AUDIENCE = 'https://ledger.test/api';
export const DESK_CLIENT = 'ledger-desk';
export const CLI_CLIENT = 'ledger-cli';
/** The resource scope a client asks for to get an access token for the ledger. */
export const LEDGER_SCOPE = 'ledger';

/** The provider's people: login name → claims. A provider role is mapped or is a ledger role. */
export const PEOPLE: Record<string, { email: string; roles: string[] }> = {
  anna: { email: 'Anna.Handlaggare@RegionJH.se', roles: ['officer'] },
  erik: { email: 'ekonom.ordering@regionjh.se', roles: ['ledger-finance'] },
  stina: { email: 'ekonom.attest@regionjh.se', roles: ['ledger-attest'] },
  nils: { email: 'nils@regionjh.se', roles: ['some-other-system'] },
};

export const ROLE_MAP = { 'ledger-finance': 'finance', 'ledger-attest': 'attester' } as const;

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateJwk, privateKey, publicJwk };
}

export interface TestProvider {
  issuer: string;
  keys: SigningKey[];
  /** Starts signing with a new key; the old ones stay in the JWKS unless `dropOld`. */
  rotate(options?: { dropOld?: boolean }): Promise<SigningKey>;
  /** A token signed with the provider's current key (or `key`), for the refusal cases. */
  sign(claims: JWTPayload, options?: { key?: SigningKey; expiresIn?: number }): Promise<string>;
  /** Grant types of every successful token request, in order (to see renewals). */
  tokenGrants: string[];
  /** Registers the desk at `url` (its redirect and sign-out return address). */
  useDesk(url: string): void;
  close(): Promise<void>;
}

function configuration(deskUrl: string, keys: SigningKey[], accessTokenTtl: number): Configuration {
  const personOf = (accountId: string | undefined) => (accountId ? PEOPLE[accountId] : undefined);
  return {
    clients: [
      {
        client_id: DESK_CLIENT,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${deskUrl}/`],
        post_logout_redirect_uris: [`${deskUrl}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: CLI_CLIENT,
        token_endpoint_auth_method: 'none',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        redirect_uris: [],
        response_types: [],
      },
    ],
    jwks: { keys: keys.map((k) => k.privateJwk) },
    findAccount: (_ctx, id) => {
      const person = personOf(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: person.email, roles: person.roles }),
      };
    },
    claims: { openid: ['sub'], email: ['email'], profile: ['roles'] },
    scopes: ['openid', 'email', 'profile', 'offline_access', LEDGER_SCOPE],
    ttl: { AccessToken: accessTokenTtl, IdToken: 600, DeviceCode: 600 },
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin) => origin === deskUrl,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // A first-party application: the person is asked to log in, not to consent.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope('openid email profile offline_access');
      grant.addResourceScope(AUDIENCE, LEDGER_SCOPE);
      await grant.save();
      return grant;
    },
    extraTokenClaims: async (_ctx, token) => {
      const person = personOf((token as { accountId?: string }).accountId);
      return person ? { email: person.email, roles: person.roles } : undefined;
    },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => AUDIENCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: LEDGER_SCOPE,
          audience: AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: accessTokenTtl,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  };
}

/**
 * Starts the provider on a free loopback port. `deskUrl` is where the desk runs (its
 * redirect and logout return address). Access tokens live `accessTokenTtl` seconds.
 */
export async function startProvider(
  firstDeskUrl: string,
  options: { accessTokenTtl?: number } = {},
): Promise<TestProvider> {
  const ttl = options.accessTokenTtl ?? 300;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = [await newSigningKey('key-1')];
  const tokenGrants: string[] = [];
  let deskUrl = firstDeskUrl;
  let provider: Provider;
  const build = () => {
    // The newest key first: oidc-provider signs with the first key of the algorithm. Its
    // warnings that the login pages and the memory store are for development are true and
    // expected here; every other warning is still shown.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('development-only')) warn(...args);
    };
    try {
      provider = new Provider(issuer, configuration(deskUrl, [...keys].reverse(), ttl));
    } finally {
      console.warn = warn;
    }
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
      tokenGrants.push(String((ctx.oidc.params as { grant_type?: string }).grant_type));
    });
  };
  build();
  server.on('request', (request, response) => provider.callback()(request, response));
  return {
    issuer,
    keys,
    tokenGrants,
    useDesk(url) {
      deskUrl = url;
      build();
    },
    async rotate({ dropOld = false } = {}) {
      const key = await newSigningKey(`key-${keys.length + 1}-${Date.now()}`);
      if (dropOld) keys.splice(0, keys.length);
      keys.push(key);
      build();
      return key;
    },
    async sign(claims, { key = keys[keys.length - 1]!, expiresIn = 300 } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: AUDIENCE, iat: now, exp: now + expiresIn, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
