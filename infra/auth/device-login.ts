// `grant-ledger login`: the OAuth 2.0 device authorization grant (RFC 8628) with
// oauth4webapi. The CLI shows a short code and an address; the person signs in there in any
// browser, and the CLI receives the tokens. Also the renewal of a stored sign-in with its
// refresh token, so a person signs in once a day rather than once an hour, and its
// revocation at logout.
import { setTimeout as sleep } from 'node:timers/promises';
import * as oauth from 'oauth4webapi';
import { discoverIssuer, requestOptions } from './issuer.js';
import type { OidcSettings } from './settings.js';
import type { StoredSignIn } from './token-file.js';

export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInSeconds: number;
}

function stored(issuer: string, tokens: oauth.TokenEndpointResponse, now: number): StoredSignIn {
  const lifetime = tokens.expires_in ?? 300;
  return {
    issuer,
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    expiresAt: new Date(now + lifetime * 1000).toISOString(),
  };
}

function cliClient(settings: OidcSettings): oauth.Client {
  if (!settings.cliClientId)
    throw new Error(
      'set LEDGER_OIDC_CLI_CLIENT_ID (or LEDGER_OIDC_CLIENT_ID) to the client registered for the command line',
    );
  return { client_id: settings.cliClientId };
}

/** The provider's metadata, the CLI's client and the options every request is sent with. */
async function cliProvider(settings: OidcSettings) {
  return {
    as: await discoverIssuer(settings.issuer),
    client: cliClient(settings),
    options: requestOptions(settings.issuer),
  };
}

/** Waits for the person to finish at the provider, polling as often as it allows. */
async function pollForTokens(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  device: oauth.DeviceAuthorizationResponse,
  options: ReturnType<typeof requestOptions>,
): Promise<oauth.TokenEndpointResponse> {
  let interval = (device.interval ?? 5) * 1000;
  const deadline = Date.now() + device.expires_in * 1000;
  while (Date.now() < deadline) {
    await sleep(interval);
    const response = await oauth.deviceCodeGrantRequest(
      as,
      client,
      oauth.None(),
      device.device_code,
      options,
    );
    try {
      return await oauth.processDeviceCodeResponse(as, client, response);
    } catch (error) {
      if (!(error instanceof oauth.ResponseBodyError)) throw error;
      if (error.error === 'slow_down') interval += 5000;
      else if (error.error !== 'authorization_pending')
        throw new Error(`the sign-in was not completed: ${error.error}`);
    }
  }
  throw new Error('the sign-in was not completed in time: run grant-ledger login again');
}

export async function deviceLogin(
  settings: OidcSettings,
  show: (prompt: DevicePrompt) => Promise<void>,
): Promise<StoredSignIn> {
  const { as, client, options } = await cliProvider(settings);
  const response = await oauth.deviceAuthorizationRequest(
    as,
    client,
    oauth.None(),
    { scope: settings.scope },
    options,
  );
  const device = await oauth.processDeviceAuthorizationResponse(as, client, response);
  await show({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete
      ? { verificationUriComplete: device.verification_uri_complete }
      : {}),
    expiresInSeconds: device.expires_in,
  });
  const tokens = await pollForTokens(as, client, device, options);
  return stored(as.issuer, tokens, Date.now());
}

/** A new access token for a stored sign-in, with its refresh token. */
export async function renewSignIn(
  settings: OidcSettings,
  signIn: StoredSignIn,
): Promise<StoredSignIn> {
  if (!signIn.refreshToken) throw new Error('the sign-in has expired: run grant-ledger login');
  const { as, client, options } = await cliProvider(settings);
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    signIn.refreshToken,
    options,
  );
  try {
    const tokens = await oauth.processRefreshTokenResponse(as, client, response);
    return stored(as.issuer, { refresh_token: signIn.refreshToken, ...tokens }, Date.now());
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError)
      throw new Error(
        `the sign-in has expired (${error.error}${error.error_description ? `: ${error.error_description}` : ''}): run grant-ledger login`,
      );
    throw error;
  }
}

/**
 * Tells the provider the refresh token is no longer wanted (RFC 7009), so a copy of the
 * token file left behind somewhere cannot be renewed. False when the provider has no
 * revocation endpoint.
 */
export async function revokeSignIn(settings: OidcSettings, signIn: StoredSignIn): Promise<boolean> {
  const { as, client, options } = await cliProvider(settings);
  if (!as.revocation_endpoint || !signIn.refreshToken) return false;
  const response = await oauth.revocationRequest(
    as,
    client,
    oauth.None(),
    signIn.refreshToken,
    options,
  );
  await oauth.processRevocationResponse(response);
  return true;
}
