// The API's check of an access token from the identity provider (interfaces.md "Sign-in"):
// a JWT signed by a key of the issuer's JWKS with an asymmetric algorithm, for this API
// (`aud`), from this issuer (`iss`), not expired, with 60 s of clock skew. jose does the
// checking; nothing here parses a JWT by hand.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type JWTPayload } from 'jose';
import { cachedDiscovery, type IssuerMetadata } from './issuer.js';
import { principalFromClaims, type ClaimsResult } from './principal.js';
import type { OidcSettings } from './settings.js';

/** Only asymmetric signatures: `none` and HMAC (a key anyone with the JWKS has) never pass. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
export const CLOCK_SKEW_SECONDS = 60;

export type AccessTokenVerifier = (token: string) => Promise<ClaimsResult>;

export interface VerifierOptions {
  /**
   * How long an unknown `kid` waits before the JWKS is fetched again (jose's default 30 s):
   * a rotated key is found at once, a flood of made-up kids does not hammer the provider.
   */
  jwksCooldownMs?: number;
}

/** A JWT has three base64url parts; anything else is a token of the tokens file. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]*\.[\w-]*$/.test(token);
}

/** Why a token failed, for the log (never for the answer). */
export function refusalReason(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed)
    return `${error.code}: claim ${error.claim} ${error.reason}: ${error.message}`;
  if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
  return `the issuer could not be asked: ${error instanceof Error ? error.message : String(error)}`;
}

export function accessTokenVerifier(
  settings: OidcSettings,
  options: VerifierOptions = {},
): AccessTokenVerifier {
  const metadata = cachedDiscovery(settings.issuer);
  let keys: { from: IssuerMetadata; get: JWTVerifyGetKey } | undefined;
  const keysOf = (issuer: IssuerMetadata): JWTVerifyGetKey => {
    if (keys?.from !== issuer) {
      if (!issuer.jwks_uri) throw new Error('the issuer publishes no jwks_uri');
      keys = {
        from: issuer,
        get: createRemoteJWKSet(new URL(issuer.jwks_uri), {
          cooldownDuration: options.jwksCooldownMs ?? 30_000,
          timeoutDuration: 10_000,
        }),
      };
    }
    return keys.get;
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      const issuer = await metadata();
      ({ payload } = await jwtVerify(token, keysOf(issuer), {
        issuer: issuer.issuer,
        audience: settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return { ok: false, status: 401, reason: refusalReason(error) };
    }
    return principalFromClaims(payload, settings);
  };
}
