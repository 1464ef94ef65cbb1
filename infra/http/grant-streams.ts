// A grant's stream as the routes read it: whole (to fold or to show), or only whether it exists.
import type { StoredEvent } from '../../commands/event-store-port.js';
import type { Ledger } from '../ledger.js';

export async function streamOf(ledger: Ledger, grantId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const e of ledger.events(grantId)) events.push(e);
  return events;
}

/** Reads at most one event: enough to tell an unknown grant from one with no rows yet. */
export async function grantExists(ledger: Ledger, grantId: string): Promise<boolean> {
  for await (const _ of ledger.events(grantId)) return true;
  return false;
}
