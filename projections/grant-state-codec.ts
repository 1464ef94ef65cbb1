// (De)serialising a grant's folded state for the `grant_state` read-model table, so that
// the projection runner can continue a grant's fold from where the last batch left it
// instead of replaying the grant's stream. Plain JSON text: a Decimal becomes
// {"$dec": "…"} (its exact decimal text, never a number) and a Map becomes
// {"$map": [[key, value], …]} (insertion order kept: the order in which the projections
// list conditions, payments, …). Generic on purpose: a field added to GrantState later
// round-trips without touching this file. The walk is ours and the text is JSON.stringify's
// without a replacer: a replacer (one call per key) made encoding a tenth of a rebuild.
import { Decimal } from '../domain/money.js';
import type { GrantState } from '../domain/grant/state.js';

/** GrantState → plain JSON values (undefined fields dropped, as JSON.stringify would). */
function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Every Decimal clone shares one prototype, so instanceof sees them all.
  if (value instanceof Decimal) return { $dec: value.toString() };
  if (value instanceof Map) {
    const entries: [unknown, unknown][] = [];
    for (const [k, v] of value) entries.push([k, toJsonValue(v)]);
    return { $map: entries };
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = toJsonValue(v);
  }
  return out;
}

/** Plain JSON values → GrantState: the inverse of toJsonValue. */
function fromJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromJsonValue);
  const record = value as Record<string, unknown>;
  if (typeof record.$dec === 'string') return new Decimal(record.$dec);
  if (Array.isArray(record.$map))
    return new Map((record.$map as [unknown, unknown][]).map(([k, v]) => [k, fromJsonValue(v)]));
  for (const key of Object.keys(record)) record[key] = fromJsonValue(record[key]);
  return record;
}

export function encodeGrantState(state: GrantState): string {
  return JSON.stringify(grantStateValue(state));
}

/** The state as the JSON value encodeGrantState writes out, for a document that embeds it. */
export function grantStateValue(state: GrantState): unknown {
  return toJsonValue(state);
}

export function decodeGrantState(text: string): GrantState {
  return fromJsonValue(JSON.parse(text)) as GrantState;
}
