// Reading $all on EventStoreDB: pages forwards from a full position, its head, and the
// newest ledger events backwards from its end.
//
// Only positions the server handed out are ever sent back: a position that is not the
// start of a record is refused by the server, so nothing here probes $all with made-up
// numbers. A checkpoint this store handed out (an event's commit position, with
// commit == prepare since every gRPC append commits each event at its own position) is
// one of those. Pages keep the full {commit, prepare} of the last record read, so no
// record is skipped; ledger events that share a commit position (a legacy TCP
// transaction, which this ledger never writes) are refused loudly, because a numeric
// checkpoint could not tell them apart.
import esdb from '@eventstore/db-client';
import {
  exactPosition,
  isAfter,
  type AllStreamResolvedEvent,
  type EsdbClient,
  type Position,
} from './esdb-client.js';
import { isSystem, toStoredEvent } from './esdb-records.js';
import { SharedCommitPositionError } from './esdb-subscription.js';
import type { ReadAllOptions, StoredEvent } from '../../commands/event-store-port.js';

const { START, END, FORWARDS, BACKWARDS } = esdb;

const PAGE_SIZE = 500;

type Direction = typeof FORWARDS | typeof BACKWARDS;
export type Retrying = <T>(call: () => Promise<T>) => Promise<T>;

/** The ledger event of a $all record; undefined for system records, claims and the like. */
export function ledgerEventOf(resolved: AllStreamResolvedEvent): StoredEvent | undefined {
  return isSystem(resolved) ? undefined : toStoredEvent(resolved);
}

/** The ledger events of $all after `options.after`, in order, up to `options.limit`. */
export async function* readAllEvents(
  client: EsdbClient,
  retrying: Retrying,
  options: ReadAllOptions,
): AsyncIterable<StoredEvent> {
  // The raw cursor: the last record read, ledger event or not, with its full position.
  let cursor: Position | undefined =
    options.after === undefined || options.after < 0 ? undefined : exactPosition(options.after);
  let lastEvent = options.after;
  let remaining = options.limit ?? Infinity;
  while (remaining > 0) {
    const page = await retrying(() => readAllPage(client, cursor, FORWARDS));
    for (const resolved of page) {
      cursor = resolved.event!.position;
      const event = ledgerEventOf(resolved);
      if (!event) continue;
      if (lastEvent !== undefined && event.position <= lastEvent)
        throw new SharedCommitPositionError(event.position);
      lastEvent = event.position;
      yield event;
      remaining -= 1;
      if (remaining === 0) return;
    }
    if (page.length < PAGE_SIZE) return;
  }
}

/**
 * The last `count` ledger events of $all, oldest first: pages read backwards from the
 * end, each continuing from the last record the server sent.
 */
export async function readLatestEvents(
  client: EsdbClient,
  retrying: Retrying,
  count: number,
): Promise<StoredEvent[]> {
  const newestFirst: StoredEvent[] = [];
  let cursor: Position | undefined;
  while (newestFirst.length < count) {
    const page = await retrying(() => readAllPage(client, cursor, BACKWARDS));
    for (const resolved of page) {
      cursor = resolved.event!.position;
      const event = ledgerEventOf(resolved);
      if (event) newestFirst.push(event);
      if (newestFirst.length === count) break;
    }
    if (page.length < PAGE_SIZE) break;
  }
  return newestFirst.reverse();
}

/**
 * Up to PAGE_SIZE records of $all (ledger or not) strictly beyond the cursor in the
 * direction read; from the start (or the end, backwards) without one.
 */
async function readAllPage(
  client: EsdbClient,
  cursor: Position | undefined,
  direction: Direction,
): Promise<AllStreamResolvedEvent[]> {
  const forwards = direction === FORWARDS;
  const beyond = (a: Position, b: Position): boolean => (forwards ? isAfter(a, b) : isAfter(b, a));
  // fromPosition is inclusive on reads: one record more, and the one at the cursor is dropped.
  const read = client.readAll({
    fromPosition: cursor ?? (forwards ? START : END),
    maxCount: PAGE_SIZE + 1,
    direction,
    requiresLeader: true,
  });
  const out: AllStreamResolvedEvent[] = [];
  let last = cursor;
  try {
    for await (const resolved of read) {
      const position = resolved.event?.position;
      if (!position) throw new Error('EventStoreDB returned a $all record without a position');
      if (cursor && !beyond(position, cursor)) continue;
      if (last && !beyond(position, last))
        throw new Error(`EventStoreDB returned $all position ${position.commit} out of order`);
      last = position;
      out.push(resolved);
      if (out.length === PAGE_SIZE) break;
    }
  } finally {
    // Leaving the loop early must not leave the gRPC stream open.
    read.cancel?.().catch(() => undefined);
  }
  return out;
}

/** The position of the last record in $all, from the leader (undefined when $all is empty). */
export async function readAllHead(client: EsdbClient): Promise<Position | undefined> {
  const read = client.readAll({
    fromPosition: END,
    direction: BACKWARDS,
    maxCount: 1,
    requiresLeader: true,
  });
  for await (const resolved of read) return resolved.event?.position;
  return undefined;
}
