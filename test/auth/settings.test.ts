// The sign-in settings: which issuers may be trusted, and which claim values are roles.
import { issuerUrl, oidcSettingsFrom } from '../../infra/auth/settings.js';
import { rolesFrom } from '../../infra/auth/principal.js';

describe('the issuer', () => {
  it.each([
    'https://login.microsoftonline.com/tenant/v2.0',
    'http://127.0.0.1:8080',
    'http://localhost/realms/x',
  ])('takes %s', (issuer) => {
    expect(issuerUrl(issuer).href.startsWith(issuer)).toBe(true);
  });

  it.each([
    ['http on another host', 'http://sso.region.se/realms/x', /must be https/],
    ['not a URL', 'sso.region.se', /not a URL/],
    ['a query string', 'https://sso.region.se/?x=1', /no query string/],
    ['another scheme', 'ftp://sso.region.se', /must be https/],
  ])('refuses %s', (_name, issuer, message) => {
    expect(() => issuerUrl(issuer)).toThrow(message);
  });

  it('is off without LEDGER_OIDC_ISSUER, and needs an audience with it', () => {
    expect(oidcSettingsFrom({}, undefined)).toBeUndefined();
    expect(() =>
      oidcSettingsFrom({ LEDGER_OIDC_ISSUER: 'https://sso.region.se' }, undefined),
    ).toThrow(/LEDGER_OIDC_AUDIENCE/);
  });
});

describe('roles from a claim', () => {
  const settings = { roleMap: new Map([['Ledger.Attest', 'attester' as const]]) };

  it('takes ledger role names as they are and maps the rest, once each', () => {
    expect(rolesFrom(['viewer', 'Ledger.Attest', 'attester', 'crm'], settings)).toEqual([
      'viewer',
      'attester',
    ]);
    expect(rolesFrom('officer Ledger.Attest', settings)).toEqual(['officer', 'attester']);
  });

  it('finds none in a claim of another shape, or in inherited names', () => {
    expect(rolesFrom({ officer: true }, settings)).toEqual([]);
    expect(rolesFrom(42, settings)).toEqual([]);
    expect(rolesFrom(['__proto__', 'constructor', 'toString'], settings)).toEqual([]);
  });
});
