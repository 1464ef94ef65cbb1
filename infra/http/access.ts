// Who is asking and what they may do (interfaces.md "Auth", "Sign-in"): every API route is
// authenticated by a bearer token — one of the tokens file, or an access token of the
// configured identity provider — and checked against its roles before the store is touched.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { looksLikeJwt, type AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { ClaimsResult, Principal } from '../auth/principal.js';
import type { Ledger } from '../ledger.js';
import { fail } from './problem.js';
import { may, mayWrite, type Permission } from './roles.js';
import type { TokenTable } from './tokens.js';

export type { Principal } from '../auth/principal.js';

/** An onRequest hook: it answers 401 or 403 itself, or lets the route run. */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface Access {
  /** 401 without a known token, 403 when the roles do not allow the route at all. */
  guard(permission: Permission | 'write'): Guard;
  /** The principal the guard let through (only inside a guarded route). */
  principalOf(request: FastifyRequest): Principal;
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

function refusal(principal: Principal, permission: Permission | 'write'): string {
  const who = `${principal.actor} (${principal.roles.join(', ')})`;
  if (permission === 'write') return `${who} may not write`;
  return `${who} may not read this (${permission})`;
}

/**
 * A refused sign-in is answered without its reason (which would tell a forger what to fix);
 * the reason goes to the log under the request id the answer names.
 */
function refuseSignIn(request: FastifyRequest, reply: FastifyReply, refusal: ClaimsResult) {
  if (refusal.ok) throw new Error('not a refusal');
  request.log.warn({ reason: refusal.reason, status: refusal.status }, 'sign-in refused');
  if (refusal.status === 403)
    return fail(reply, 403, 'FORBIDDEN', 'the sign-in carries no role of the ledger');
  reply.header('www-authenticate', 'Bearer realm="grant-ledger", error="invalid_token"');
  return fail(reply, 401, 'UNAUTHENTICATED', 'the bearer token is not accepted');
}

export function accessFor(
  tokens: TokenTable,
  ledger: Ledger,
  verifier?: AccessTokenVerifier,
): Access {
  // Tokens are looked up by their SHA-256, so a lookup neither leaks timing about the
  // token's characters nor finds inherited keys such as "__proto__".
  const principalsByKey = new Map<string, Principal>(
    Object.entries(tokens).map(([token, p]) => [
      tokenKey(token),
      { actor: p.actor, roles: [...p.roles] },
    ]),
  );
  const principals = new WeakMap<FastifyRequest, Principal>();

  const guard =
    (permission: Permission | 'write'): Guard =>
    async (request, reply) => {
      const match = BEARER.exec(request.headers.authorization ?? '');
      let principal = match ? principalsByKey.get(tokenKey(match[1]!)) : undefined;
      if (!principal && match && verifier && looksLikeJwt(match[1]!)) {
        const verified = await verifier(match[1]!);
        if (!verified.ok) return refuseSignIn(request, reply, verified);
        principal = verified.principal;
      }
      if (!principal) {
        reply.header('www-authenticate', 'Bearer realm="grant-ledger"');
        const message = match
          ? 'the bearer token is not known'
          : 'send a token: Authorization: Bearer <token>';
        return fail(reply, 401, 'UNAUTHENTICATED', message);
      }
      const { roles } = principal;
      const allowed = permission === 'write' ? mayWrite(roles) : may(roles, permission);
      if (!allowed) return fail(reply, 403, 'FORBIDDEN', refusal(principal, permission));
      principals.set(request, principal);
      // Reads see what other processes appended too (the CLI's exec, other app instances).
      if (permission !== 'write' && permission !== 'reconcile') await ledger.catchUp();
      return undefined;
    };
  return { guard, principalOf: (request) => principals.get(request)! };
}
