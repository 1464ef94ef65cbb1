// Who a sign-in says the caller is: an actor in the actor normal form (domain.md "Who
// acts") and the ledger's roles. Built from a verified token's claims; a claim that is not
// a name a person could have typed is refused here, before anything is written under it.
import { normalActor } from '../../domain/actor.js';
import { ROLES, type Role } from '../http/tokens.js';
import type { OidcSettings } from './settings.js';

export interface Principal {
  actor: string;
  roles: Role[];
}

export type ClaimsResult =
  { ok: true; principal: Principal } | { ok: false; status: 401 | 403; reason: string };

const LEDGER_ROLES: ReadonlySet<string> = new Set(ROLES);

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((v) => v !== '');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The ledger's roles a claim names: its own role names, then the region's mapping. */
export function rolesFrom(value: unknown, settings: Pick<OidcSettings, 'roleMap'>): Role[] {
  const roles = new Set<Role>();
  for (const v of claimValues(value)) {
    if (LEDGER_ROLES.has(v)) roles.add(v as Role);
    const mapped = settings.roleMap.get(v);
    if (mapped) roles.add(mapped);
  }
  return [...roles];
}

export function principalFromClaims(
  claims: Record<string, unknown>,
  settings: Pick<OidcSettings, 'actorClaims' | 'rolesClaim' | 'roleMap'>,
): ClaimsResult {
  const claim = settings.actorClaims.find((name) => typeof claims[name] === 'string');
  if (claim === undefined)
    return { ok: false, status: 401, reason: `no ${settings.actorClaims.join(' or ')} claim` };
  const actor = normalActor(claims[claim] as string);
  if (actor === undefined)
    return { ok: false, status: 401, reason: `the ${claim} claim is not a valid actor name` };
  const roles = rolesFrom(claims[settings.rolesClaim], settings);
  if (roles.length === 0)
    return {
      ok: false,
      status: 403,
      reason: `${actor} has no role of the ledger in the ${settings.rolesClaim} claim`,
    };
  return { ok: true, principal: { actor, roles } };
}
