// GET /sign-in: how the desk signs a person in, asked before anyone is signed in. With an
// identity provider configured: its endpoints and the desk's client (Authorization Code with
// PKCE, infra/web/src/sign-in.ts); without: the tokens of the tokens file or the demo.
import type { FastifyInstance } from 'fastify';
import { cachedDiscovery } from '../auth/issuer.js';
import type { OidcSettings } from '../auth/settings.js';
import { fail } from './problem.js';

export interface SignInMethod {
  method: 'token' | 'oidc';
  issuer?: string;
  clientId?: string;
  scope?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  endSessionEndpoint?: string;
  /** The provider names itself in its answers (RFC 9207): the desk then checks that it does. */
  issParameter?: boolean;
}

export function registerSignInRoute(app: FastifyInstance, oidc: OidcSettings | undefined): void {
  const metadata = oidc?.clientId ? cachedDiscovery(oidc.issuer) : undefined;
  app.get('/sign-in', async (request, reply) => {
    if (!oidc?.clientId || !metadata) return reply.send({ method: 'token' } as SignInMethod);
    try {
      const issuer = await metadata();
      const body: SignInMethod = {
        method: 'oidc',
        issuer: issuer.issuer,
        clientId: oidc.clientId,
        scope: oidc.scope,
        ...(issuer.authorization_endpoint
          ? { authorizationEndpoint: issuer.authorization_endpoint }
          : {}),
        ...(issuer.token_endpoint ? { tokenEndpoint: issuer.token_endpoint } : {}),
        ...(issuer.end_session_endpoint ? { endSessionEndpoint: issuer.end_session_endpoint } : {}),
        issParameter: issuer.authorization_response_iss_parameter_supported === true,
      };
      return reply.send(body);
    } catch (error) {
      request.log.error({ err: error }, 'the identity provider does not answer');
      return fail(reply, 503, 'SIGN_IN_UNAVAILABLE', 'the sign-in service does not answer now');
    }
  });
}
