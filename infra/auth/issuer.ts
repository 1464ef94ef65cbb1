// The identity provider's metadata (OpenID Connect Discovery), fetched with oauth4webapi:
// the endpoints the desk and the CLI use and the JWKS the API checks signatures with. The
// metadata must name the configured issuer, or nothing signed by it is trusted.
import * as oauth from 'oauth4webapi';

export type IssuerMetadata = oauth.AuthorizationServer;

/** http:// is only allowed on loopback (settings.ts refuses it elsewhere). */
export function requestOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  return issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
}

export async function discoverIssuer(issuer: URL, timeoutMs = 10_000): Promise<IssuerMetadata> {
  const response = await oauth.discoveryRequest(issuer, {
    algorithm: 'oidc',
    signal: AbortSignal.timeout(timeoutMs),
    ...requestOptions(issuer),
  });
  return oauth.processDiscoveryResponse(issuer, response);
}

/**
 * Discovery once, shared by every caller; a failure is not kept, so the next request asks
 * again (the provider may have been down for a moment when the ledger started).
 */
export function cachedDiscovery(issuer: URL): () => Promise<IssuerMetadata> {
  let pending: Promise<IssuerMetadata> | undefined;
  return () => {
    pending ??= discoverIssuer(issuer).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
