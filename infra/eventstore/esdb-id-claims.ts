// Event ids are unique across the whole store in the SQL stores (a UNIQUE column), and so
// here: EventStoreDB only deduplicates an id inside one stream at the expected revision,
// so before events are appended each id is claimed for its stream in a claim stream of
// its own, created with expectedRevision NO_STREAM. The server refuses a second creation
// (WrongExpectedVersion); reading the claim then tells whether the id belongs to this
// stream (a retried batch: the adapter must look for it in the stream) or to another one
// (refused, as the SQL stores refuse it).
//
// A claim outlives an append that failed after it (a lost race, a crash): the id then
// stays tied to its stream, where a retry of the same batch still succeeds. Claim records
// are JSON without our metadata envelope, so reads of $all pass over them like any record
// that is not a ledger event.
import { randomUUID } from 'node:crypto';
import esdb from '@eventstore/db-client';
import type { EsdbClient } from './esdb-client.js';

const {
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} = esdb;

export const CLAIM_EVENT_TYPE = 'LedgerEventIdClaimed';

export function claimStreamOf(eventId: string): string {
  return `ledger-event-id-${eventId}`;
}

/** Thrown when an event id is already used in another stream (as the SQL stores do). */
export class EventIdInUseError extends Error {
  constructor(
    readonly eventId: string,
    readonly usedIn: string,
  ) {
    super(`event id ${eventId} is already used in stream ${usedIn}`);
    this.name = 'EventIdInUseError';
  }
}

/**
 * Claims every id for `streamId`. Resolves to true when some id had been claimed for
 * this stream before (the batch may be stored already), false when all claims are new.
 */
export async function claimEventIds(
  client: EsdbClient,
  streamId: string,
  eventIds: string[],
): Promise<boolean> {
  const earlier = await Promise.all(eventIds.map((id) => claimOne(client, streamId, id)));
  return earlier.some(Boolean);
}

async function claimOne(client: EsdbClient, streamId: string, eventId: string): Promise<boolean> {
  const claim = jsonEvent({ id: randomUUID(), type: CLAIM_EVENT_TYPE, data: { streamId } });
  try {
    await client.appendToStream(claimStreamOf(eventId), [claim], {
      expectedRevision: NO_STREAM,
      requiresLeader: true,
    });
    return false;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
  }
  const owner = await claimOwner(client, eventId);
  if (owner !== streamId) throw new EventIdInUseError(eventId, owner);
  return true;
}

/** The stream an event id is claimed for, if it is claimed (a read, nothing written). */
export async function findEventIdClaim(
  client: EsdbClient,
  eventId: string,
): Promise<string | undefined> {
  const stream = claimStreamOf(eventId);
  try {
    for await (const resolved of client.readStream(stream, {
      fromRevision: START,
      maxCount: 1,
      requiresLeader: true,
    })) {
      const data = resolved.event?.data as { streamId?: unknown } | undefined;
      if (typeof data?.streamId === 'string') return data.streamId;
      throw new Error(
        `claim stream ${stream} holds a record that is not a claim: it was not written by this ledger`,
      );
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return undefined;
}

async function claimOwner(client: EsdbClient, eventId: string): Promise<string> {
  return readClaimAfterConflict(claimStreamOf(eventId), () => findEventIdClaim(client, eventId));
}

/** How long a claim refused as existing may stay unreadable before the append is retried. */
const CLAIM_VISIBLE_WITHIN_MS = 2_000;

/**
 * Reads a claim whose creation the server has just refused because it exists. The other
 * writer's claim can be refused on before it is readable (the leader checks expected
 * versions against writes not yet committed to its index), so an empty read is tried
 * again for a while; after that the error is a transient one, and the whole append is
 * run again within its retry budget.
 */
export async function readClaimAfterConflict<T>(
  stream: string,
  read: () => Promise<T | undefined>,
): Promise<T> {
  const started = Date.now();
  for (let pauseMs = 10; ; pauseMs = Math.min(pauseMs * 2, 250)) {
    const claim = await read();
    if (claim !== undefined) return claim;
    if (Date.now() - started + pauseMs > CLAIM_VISIBLE_WITHIN_MS)
      throw new UnavailableError(
        undefined,
        `claim stream ${stream} exists but its claim is not readable yet`,
      );
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
