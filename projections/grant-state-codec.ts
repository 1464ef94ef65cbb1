// (De)serialising a grant's folded state for the `grant_state` read-model table, so that
// the projection runner can continue a grant's fold from where the last batch left it
// instead of replaying the grant's stream. Plain JSON text: a Decimal becomes
// {"$dec": "…"} (its exact decimal text, never a number) and a Map becomes
// {"$map": [[key, value], …]} (insertion order kept: the order in which the projections
// list conditions, payments, …). Generic on purpose: a field added to GrantState later
// round-trips without touching this file. JSON.stringify/parse do the walking (native,
// fast); the replacer looks at the holder's raw value because Decimal's toJSON runs first.
import { Decimal } from '../domain/money.js';
import type { GrantState } from '../domain/grant/state.js';

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Map) return { $map: [...raw] };
  if (raw !== null && typeof raw === 'object' && Decimal.isDecimal(raw)) return { $dec: (raw as Decimal).toString() };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as { $dec?: unknown; $map?: unknown };
    if (typeof record.$dec === 'string') return new Decimal(record.$dec);
    if (Array.isArray(record.$map)) return new Map(record.$map as [unknown, unknown][]);
  }
  return value;
}

export function encodeGrantState(state: GrantState): string {
  return JSON.stringify(state, replacer);
}

export function decodeGrantState(text: string): GrantState {
  return JSON.parse(text, reviver) as GrantState;
}
