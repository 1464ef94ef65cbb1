// What makes two commands "the same command" for idempotency (domain.md "Idempotency"):
// type, grantId and fields, meta aside, compared as parsed values, so "142779" and
// "142779.00", or a text typed in two Unicode forms, are the same command.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { Decimal } from '../domain/money.js';

/** hex(sha256(JCS(command without meta))), amounts and rates as their decimal value. */
export function commandFingerprint(command: { meta?: unknown }): string {
  const { meta: _meta, ...rest } = command;
  const canonical = canonicalize(plain(rest)) ?? '';
  return createHash('sha256').update(canonical).digest('hex');
}

/** A JSON value with every Decimal as its normalised decimal text ("0.6", "142779"). */
function plain(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
