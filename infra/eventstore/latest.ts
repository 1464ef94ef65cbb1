// The newest events of the whole ledger. A store that can read its log backwards says so
// with readLatest (EventStoreDB, which also refuses reads from a position that is not the
// start of a record, so it cannot be probed with made-up positions). Otherwise they are
// found through the store port alone (every store reads forwards from a position): the
// last position by doubling and halving the `after` checkpoint, then one forward read of
// the tail. O(log position) small reads.
import type { EventStore, StoredEvent } from '../../commands/event-store-port.js';

/** A store that reads its newest events itself, oldest of them first. */
interface ReadsLatest {
  readLatest(count: number): Promise<StoredEvent[]>;
}

function readsLatest(store: EventStore): store is EventStore & ReadsLatest {
  return typeof (store as Partial<ReadsLatest>).readLatest === 'function';
}

async function anyAfter(store: EventStore, after: number): Promise<boolean> {
  for await (const _ of store.readAll({ after, limit: 1 })) return true;
  return false;
}

/** The greatest `after` checkpoint that still has an event beyond it (positions start at 1). */
async function lastCheckpointBeforeEnd(store: EventStore): Promise<number> {
  let low = 0; // an event exists after low
  let high = 1; // find a checkpoint with nothing after it
  while (await anyAfter(store, high)) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await anyAfter(store, middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** The last `count` events in global order, newest last. */
export async function latestEvents(store: EventStore, count: number): Promise<StoredEvent[]> {
  if (readsLatest(store)) return store.readLatest(count);
  if (!(await anyAfter(store, 0))) return [];
  const end = await lastCheckpointBeforeEnd(store);
  // Positions may have gaps: step back until the window holds `count` events or reaches the start.
  let span = count;
  for (;;) {
    const after = Math.max(0, end - span);
    const events: StoredEvent[] = [];
    for await (const e of store.readAll({ after })) events.push(e);
    if (events.length >= count || after === 0) return events.slice(-count);
    span *= 4;
  }
}
