// The EventStoreDB event store (@eventstore/db-client 6), for the distributed engine.
//
// Hash chain: EventStoreDB does not know about our hashes, so an append reads the stream,
// chains the new events onto its last hash (chainEvents) and appends with
// expectedRevision = the revision it read. If another writer got in between, the server
// refuses (WrongExpectedVersion) and no event with a stale prevHash is ever written. A
// caller's 'any' is therefore turned into "the revision I read", retried on conflict.
//
// Idempotency: the server deduplicates event ids only at the expected position, and the
// hashes of a retried batch would be computed afresh; so we recognise a re-append
// ourselves from the stream we read (matchReappend) and answer with what is stored.
//
// Positions: since 20.x every gRPC append is an implicit transaction in which each event
// is committed at its own log position (commit == prepare), so the commit position alone
// identifies an event in $all and grows strictly with $all order; we expose it as a
// number (exact below 2^53 bytes of log, checked). `after: p` reads $all from
// {commit: p, prepare: p}, which the server treats as inclusive, and drops events with a
// position <= p, so the checkpoint is exclusive. Should a server ever hand out equal
// commit positions for two events (the old explicit-transaction layout), readAll throws
// rather than risk skipping one after a checkpoint.
//
// Metadata on the server is { version, metadata }: the event's schema version beside our
// metadata (with hash), so no key of ours can collide with another.
import esdb from '@eventstore/db-client';
import type { AllStreamResolvedEvent, EventStoreDBClient as Client, ResolvedEvent } from '@eventstore/db-client';
import { checkDistinctIds, checkExpectedRevision, matchReappend } from './append-rules.js';
import { catchUpSubscription } from './catch-up.js';
import { chainEvents } from './hash.js';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from './port.js';

const { EventStoreDBClient, jsonEvent, NO_STREAM, START, FORWARDS, StreamNotFoundError, WrongExpectedVersionError } = esdb;

const PAGE_SIZE = 500;
/** How often an 'any' append re-reads and retries after losing a race. */
const ANY_RETRIES = 20;

export interface EsdbEventStoreOptions {
  /** How often a subscription reads $all again for appends by other clients. */
  pollMs?: number;
}

interface ServerMetadata {
  version: number;
  metadata: EventMetadata;
}

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly client: Client,
    private readonly pollMs: number,
  ) {}

  /** e.g. esdb://localhost:2113?tls=false */
  static async connect(url: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    return new EsdbEventStore(EventStoreDBClient.connectionString(url), options.pollMs ?? 200);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    checkDistinctIds(streamId, events);
    for (let attempt = 0; ; attempt++) {
      const stream = await this.readStream(streamId);
      const ids = new Set(events.map((e) => e.eventId));
      const previous = matchReappend(streamId, events, stream.filter((e) => ids.has(e.eventId)));
      if (previous) return { nextExpectedRevision: previous.at(-1)!.revision, events: previous };

      const head = stream.at(-1);
      checkExpectedRevision(streamId, expected, head ? head.revision : 'no_stream');
      if (events.length === 0) return { nextExpectedRevision: head ? head.revision : -1, events: [] };

      const chained = chainEvents(streamId, head && { revision: head.revision, hash: head.metadata.hash }, events);
      try {
        await this.client.appendToStream(
          streamId,
          chained.map((e) =>
            jsonEvent({
              id: e.eventId,
              type: e.type,
              data: e.data as never,
              metadata: { version: e.version, metadata: e.metadata } satisfies ServerMetadata,
            }),
          ),
          { expectedRevision: head ? BigInt(head.revision) : NO_STREAM },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expected === 'any' && attempt < ANY_RETRIES) {
          // Jittered back-off, so racing 'any' writers stop colliding in lock-step.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
          continue;
        }
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? Number(actual) : 'no_stream');
      }
      this.notify();
      // The append result carries only the last event's position; reading the new events
      // back gives each its own (and proves they are stored as we chained them).
      const written = await this.readStream(streamId, chained[0]!.revision, chained.length);
      return { nextExpectedRevision: written.at(-1)!.revision, events: written };
    }
  }

  async readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: fromRevision === 0 ? START : BigInt(fromRevision),
        direction: FORWARDS,
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read) {
        const event = toStoredEvent(resolved);
        if (event) out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readStreamFrom(streamId: string, fromRevision: number): Promise<StoredEvent[]> {
    return this.readStream(streamId, Math.max(0, fromRevision));
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = options.after;
    let remaining = options.limit ?? Infinity;
    while (remaining > 0) {
      const page = await this.page(after, Math.min(PAGE_SIZE, remaining));
      for (const e of page.events) yield e;
      remaining -= page.events.length;
      if (page.end) return;
      after = page.lastPosition;
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    return catchUpSubscription(
      {
        readPage: async (after, limit) => (await this.page(after, limit)).events,
        onAppend: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      options,
      { pageSize: PAGE_SIZE, pollMs: this.pollMs },
    );
  }

  /** No $streams here (projections are off): one pass over $all, remembering first appearances. */
  async listStreams(): Promise<string[]> {
    const seen = new Set<string>();
    for await (const e of this.readAll()) seen.add(e.streamId);
    return [...seen];
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * Up to `limit` ledger events after `after`. System records are skipped, so a page is
   * made of as many server reads as it takes to find `limit` events or reach the end of
   * $all (`end`), which keeps "a short page means caught up" true for subscriptions.
   * `lastPosition` is the last record read, system or not: where the next page starts.
   */
  private async page(after: number | undefined, limit: number): Promise<{ events: StoredEvent[]; lastPosition: number | undefined; end: boolean }> {
    const events: StoredEvent[] = [];
    let lastPosition = after;
    for (;;) {
      const wanted = limit - events.length;
      const read = await this.readRecords(lastPosition, wanted);
      events.push(...read.events);
      lastPosition = read.lastPosition;
      if (read.rawCount < wanted) return { events, lastPosition, end: true };
      if (events.length >= limit) return { events, lastPosition, end: false };
    }
  }

  /** One server read of $all: `wanted` records (ledger or system) with a position > after. */
  private async readRecords(after: number | undefined, wanted: number): Promise<{ events: StoredEvent[]; lastPosition: number | undefined; rawCount: number }> {
    const start = after === undefined || after < 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
    // One more than wanted: the record at `after` itself comes back (inclusive start) and is dropped.
    const read = this.client.readAll({ fromPosition: start, maxCount: wanted + 1, direction: FORWARDS });
    const events: StoredEvent[] = [];
    let rawCount = 0;
    let lastPosition = after;
    try {
      for await (const resolved of read) {
        const position = allPosition(resolved);
        if (after !== undefined && position <= after) continue;
        if (lastPosition !== undefined && position <= lastPosition) {
          throw new Error(`EventStoreDB returned $all position ${position} after ${lastPosition}: positions must grow strictly`);
        }
        rawCount += 1;
        lastPosition = position;
        const event = isSystem(resolved) ? undefined : toStoredEvent(resolved);
        if (event) events.push(event);
        if (rawCount === wanted) break;
      }
    } finally {
      // Leaving the loop early must not leave the gRPC stream open.
      read.cancel?.().catch(() => undefined);
    }
    return { events, lastPosition, rawCount };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function isSystem(resolved: AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.streamId.startsWith('$') || event.type.startsWith('$');
}

function allPosition(resolved: AllStreamResolvedEvent): number {
  const commit = resolved.event?.position.commit ?? resolved.commitPosition;
  if (commit === undefined) throw new Error('EventStoreDB returned an event without a $all position');
  return toNumber(commit);
}

function toNumber(position: bigint): number {
  if (position > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`$all position ${position} does not fit a number exactly`);
  return Number(position);
}

/** Our event from a server record; undefined for records that are not ledger events (binary, foreign). */
function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const meta = event.metadata as Partial<ServerMetadata> | undefined;
  if (!meta || typeof meta.version !== 'number' || typeof meta.metadata !== 'object') return undefined;
  // Positions on stream reads need a server >= 22.6 (RecordedEvent.position).
  const commit = event.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) throw new Error('EventStoreDB did not return event positions (needs server 22.6 or later)');
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toNumber(commit),
    type: event.type,
    version: meta.version,
    data: event.data,
    metadata: meta.metadata,
  };
}
