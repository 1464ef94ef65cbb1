// Who is asking and what they may do (interfaces.md "Auth"): every API route is
// authenticated by a bearer token and checked against the token's roles before the store is
// touched.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ledger } from '../ledger.js';
import { fail } from './problem.js';
import { may, mayWrite, type Permission } from './roles.js';
import type { Role, TokenTable } from './tokens.js';

export interface Principal {
  actor: string;
  roles: Role[];
}

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

export function accessFor(tokens: TokenTable, ledger: Ledger): Access {
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
      const principal = match ? principalsByKey.get(tokenKey(match[1]!)) : undefined;
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
