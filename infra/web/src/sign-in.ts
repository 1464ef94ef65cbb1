// Signing in at the region's identity provider (interfaces.md "Sign-in"): Authorization Code
// with PKCE through oauth4webapi. The tokens live in this module's memory only — never in
// storage a script or another tab could read later — and are renewed before they expire;
// a reload signs in again through the provider's session without a password. Signing out
// ends the session at the provider too. Only the PKCE verifier and state cross the redirect,
// in sessionStorage, and are removed at once. Without an issuer the desk keeps its tokens.
import * as oauth from 'oauth4webapi';
import type { SignInMethod } from '../../http/sign-in-route.js';
import { session } from './api.js';
import { h } from './dom.js';
import { language } from './i18n.js';

const PENDING_KEY = 'grant-ledger.sign-in';

interface Tokens {
  access: string;
  refresh?: string;
  idToken?: string;
  expiresAt: number;
}

interface Provider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  scope: string;
  options: { [oauth.allowInsecureRequests]?: boolean };
}

let provider: Provider | undefined;
let tokens: Tokens | undefined;
let renewal: ReturnType<typeof setTimeout> | undefined;

const WORDS = {
  sv: {
    intro:
      'Du loggar in med regionens inloggning, som i regionens andra system. Skrivbordet får en tidsbegränsad behörighet som bara finns i den här fliken.',
    button: 'Logga in med regionens inloggning',
    failed: 'Inloggningen misslyckades: ',
    expired: 'Inloggningen har gått ut. Logga in igen.',
    noRole:
      'Du är inloggad, men har ingen roll i reskontran. Be den som delar ut behörigheter i regionen om en roll.',
    refused: 'Reskontran godtog inte inloggningen. Försök igen, eller fråga regionens IT-support.',
  },
  en: {
    intro:
      "You sign in with the region's sign-in, as in the region's other systems. The desk gets a time-limited permission that exists in this tab only.",
    button: "Sign in with the region's sign-in",
    failed: 'The sign-in failed: ',
    expired: 'The sign-in has expired. Please sign in again.',
    noRole:
      'You are signed in, but have no role in the ledger. Ask whoever grants permissions in the region for one.',
    refused: "The ledger did not accept the sign-in. Try again, or ask the region's IT support.",
  },
};

export const signInWords = () => WORDS[language()];

const redirectUri = () => `${location.origin}/`;

/** Asks the server how people sign in; sets up the provider when it is an issuer. */
export async function loadSignInMethod(): Promise<SignInMethod['method']> {
  const response = await fetch('/sign-in', { credentials: 'omit' });
  if (!response.ok) throw new Error(`/sign-in: HTTP ${response.status}`);
  const method = (await response.json()) as SignInMethod;
  if (method.method !== 'oidc' || !method.issuer || !method.clientId) return 'token';
  provider = {
    as: {
      issuer: method.issuer,
      authorization_endpoint: method.authorizationEndpoint,
      token_endpoint: method.tokenEndpoint,
      end_session_endpoint: method.endSessionEndpoint,
      authorization_response_iss_parameter_supported: method.issParameter === true,
    },
    client: { client_id: method.clientId },
    scope: method.scope ?? 'openid',
    // http:// only ever reaches here for an issuer on loopback (the server refuses others).
    options: method.issuer.startsWith('http:') ? { [oauth.allowInsecureRequests]: true } : {},
  };
  // The API calls of the desk now take the token from memory.
  session.useMemory({ token: () => tokens?.access ?? null, clear: forgetTokens });
  return 'oidc';
}

function forgetTokens(): void {
  tokens = undefined;
  if (renewal !== undefined) clearTimeout(renewal);
  renewal = undefined;
}

/** Off to the provider's login page; back at `/` with a code. */
export async function startSignIn(): Promise<void> {
  if (!provider?.as.authorization_endpoint) throw new Error('no sign-in is configured');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(
    PENDING_KEY,
    JSON.stringify({ verifier, state, nonce, hash: location.hash }),
  );
  const url = new URL(provider.as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: provider.client.client_id,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: provider.scope,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  location.assign(url.href);
}

function keep(response: oauth.TokenEndpointResponse, onExpired: () => void): void {
  const lifetime = response.expires_in ?? 300;
  tokens = {
    access: response.access_token,
    ...((response.refresh_token ?? tokens?.refresh)
      ? { refresh: response.refresh_token ?? tokens?.refresh }
      : {}),
    ...((response.id_token ?? tokens?.idToken)
      ? { idToken: response.id_token ?? tokens?.idToken }
      : {}),
    expiresAt: Date.now() + lifetime * 1000,
  } as Tokens;
  // Renewed when three quarters of its life have passed, and at least a minute before the
  // end when it lives long: a command is never sent with a token about to expire.
  const renewIn = Math.max(5, Math.min(lifetime * 0.75, lifetime - 60));
  if (renewal !== undefined) clearTimeout(renewal);
  renewal = setTimeout(() => void renew(onExpired), renewIn * 1000);
}

async function renew(onExpired: () => void): Promise<void> {
  if (!provider || !tokens?.refresh) {
    forgetTokens();
    return onExpired();
  }
  try {
    const { as, client, options } = provider;
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      tokens.refresh,
      options,
    );
    keep(await oauth.processRefreshTokenResponse(as, client, response), onExpired);
  } catch {
    forgetTokens();
    onExpired();
  }
}

/**
 * When the address is the provider's answer (`/?code=…&state=…`): exchanges the code for
 * tokens and takes the answer off the address bar and out of the history. Returns whether
 * it was an answer; throws with the provider's reason when the sign-in failed.
 */
export async function finishSignIn(onExpired: () => void): Promise<boolean> {
  const current = new URL(location.href);
  if (!provider || (!current.searchParams.has('code') && !current.searchParams.has('error')))
    return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as {
    verifier: string;
    state: string;
    nonce: string;
    hash: string;
  } | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.hash || '#/'}`);
  if (!pending) throw new Error('the answer of the sign-in came to a tab that did not ask');
  const { as, client, options } = provider;
  const parameters = oauth.validateAuthResponse(as, client, current, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    parameters,
    redirectUri(),
    pending.verifier,
    options,
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  keep(result, onExpired);
  return true;
}

/**
 * Signs out here and at the provider: the tokens are forgotten and the browser goes to the
 * provider's end-session page, which returns to the desk. False when the provider has none.
 */
export function signOutAtProvider(): boolean {
  const idToken = tokens?.idToken;
  forgetTokens();
  const endpoint = provider?.as.end_session_endpoint;
  if (!provider || !endpoint) return false;
  const url = new URL(endpoint);
  url.search = new URLSearchParams({
    client_id: provider.client.client_id,
    post_logout_redirect_uri: redirectUri(),
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.href);
  return true;
}

/** The sign-in section for the provider: its own words and one button, no token field. */
export function showProviderSignIn(section: HTMLElement, message: string): void {
  const words = signInWords();
  const form = section.querySelector('form');
  if (form) form.hidden = true;
  for (const p of section.querySelectorAll(':scope > p')) (p as HTMLElement).hidden = true;
  section.querySelector('.provider-sign-in')?.remove();
  const button = h(
    'button',
    { type: 'button', class: 'primary', id: 'signin-provider' },
    words.button,
  );
  button.addEventListener('click', () => void startSignIn());
  section.append(
    h(
      'div',
      { class: 'provider-sign-in' },
      h('p', {}, words.intro),
      button,
      h('p', { class: 'error', role: 'alert', id: 'signin-provider-error' }, message),
    ),
  );
  button.focus();
}
