// The EventStoreDB event store (@eventstore/db-client 6), for the distributed engine,
// written to live in a cluster (3 nodes: one leader, followers).
//
// Leader reads: a follower forwards writes to the leader but answers reads from its own,
// possibly lagging, copy; and after a failover in which no call failed the client stays
// on the ex-leader. Every read here is therefore made with requiresLeader: a follower
// answers NotLeader, the client switches to the leader it names, and we try again
// (retryTransient). Read-your-writes holds: the read-back after an append is checked to
// hold every event written.
//
// Hash chain: EventStoreDB does not know about our hashes, so an append reads the
// stream's head (one event, backwards from the end), chains the new events onto its hash
// (chainEvents) and appends with expectedRevision = that head. If another writer got in
// between, the server refuses (WrongExpectedVersion) and no event with a stale prevHash
// is ever written. A caller's 'any' is therefore "the head I read", retried on conflict.
//
// Idempotency and unique ids: ids are lowercased on entry (the server hands them back
// lowercased); each id is claimed for its stream before the append (esdb-id-claims.ts),
// which refuses an id used in another stream, as the SQL stores do. The stream is
// scanned for the batch's ids only when a retried batch is possible: an id claimed for
// this stream before, or an expected revision that is not the head. The hashes of a
// retried batch would be computed afresh, so a re-append is recognised here
// (matchReappend) and answered with what is stored.
//
// Positions: since 20.x every gRPC append commits each event at its own log position
// (commit == prepare), so the commit position identifies an event in $all and grows
// strictly with $all order; it is exposed as a number (exact below 2^53 bytes of log,
// checked). Paging through $all keeps the full {commit, prepare} of the last record read,
// so it can never skip a record; ledger events that share a commit position (a legacy
// TCP transaction, which this ledger never writes) are refused loudly, because a numeric
// checkpoint could not tell them apart. Event positions on stream reads need a server of
// 22.6 or later; an older one is named in the error.
//
// Metadata on the server is { version, metadata }: the event's schema version beside our
// metadata (with hash), so no key of ours can collide with another.
import esdb from '@eventstore/db-client';
import {
  checkDistinctIds,
  checkExpectedRevision,
  matchReappend,
  type CurrentRevision,
} from './append-rules.js';
import {
  exactPosition,
  isAfter,
  retryTransient,
  type AllStreamResolvedEvent,
  type EsdbClient,
  type Position,
  type ReadStreamOptions,
  type ResolvedEvent,
} from './esdb-client.js';
import { claimCommandId, findCommandClaim } from './esdb-command-claims.js';
import { claimEventIds } from './esdb-id-claims.js';
import { esdbSubscription, SharedCommitPositionError } from './esdb-subscription.js';
import { chainEvents } from './hash.js';
import {
  CommandIdTakenError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedCommand,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
} from '../../commands/event-store-port.js';

const {
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  START,
  END,
  FORWARDS,
  BACKWARDS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} = esdb;

const PAGE_SIZE = 500;
/** How often an 'any' append re-reads the head and retries after losing a race. */
const ANY_RETRIES = 20;

interface ServerMetadata {
  version: number;
  metadata: EventMetadata;
}

/** The head of a stream: what an append chains onto. */
interface Head {
  revision: number;
  hash: string;
}

/** Thrown when the leader's read-back after an append does not hold the events written. */
export class ReadBackError extends Error {
  constructor(streamId: string, written: number, read: number) {
    super(
      `append to ${streamId} committed ${written} events ` +
        `but reading them back from the leader gave ${read}`,
    );
    this.name = 'ReadBackError';
  }
}

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private constructor(private readonly client: EsdbClient) {}

  /** e.g. esdb://localhost:2113?tls=false, or esdb+discover://node1:2113,node2:2113,node3:2113 */
  static async connect(url: string): Promise<EsdbEventStore> {
    return new EsdbEventStore(EventStoreDBClient.connectionString(url));
  }

  /** Over any client of the surface the adapter uses (tests pass a scripted fake). */
  static withClient(client: EsdbClient): EsdbEventStore {
    return new EsdbEventStore(client);
  }

  async findCommand(commandId: string): Promise<RecordedCommand | undefined> {
    return retryTransient(() => findCommandClaim(this.client, commandId));
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const batch = events.map((e) => ({ ...e, eventId: e.eventId.toLowerCase() }));
    checkDistinctIds(streamId, batch);
    // The whole append is safe to run again after a lost connection: a batch that did
    // commit is found by its claims and answered as a re-append.
    return retryTransient(() => this.appendOnce(streamId, batch, expected, options));
  }

  /**
   * EventStoreDB has no transaction across streams, so this is not atomic. Every write is
   * checked before the first is appended (its expected revision against the stream's
   * head, or the head the earlier writes leave; its command id unused), so a conflict or
   * a reused id records nothing. Then the writes are appended in order, each atomic in
   * its stream. A fault between two of them (connection lost, leader gone, disk full)
   * leaves the earlier ones recorded: callers give every command a stable id, so running
   * the same work again records exactly the rest (reconcile: import the statement again).
   */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    const heads = new Map<string, CurrentRevision>();
    for (const w of writes) {
      const batch = w.events.map((e) => ({ ...e, eventId: e.eventId.toLowerCase() }));
      checkDistinctIds(w.streamId, batch);
      if (!heads.has(w.streamId)) {
        const head = await this.readHead(w.streamId);
        heads.set(w.streamId, head ? head.revision : 'no_stream');
      }
      const head = heads.get(w.streamId)!;
      const ids = new Set(batch.map((e) => e.eventId));
      const stored = (await this.readStream(w.streamId)).filter((e) => ids.has(e.eventId));
      if (matchReappend(w.streamId, batch, stored)) continue;
      checkExpectedRevision(w.streamId, w.expected, head);
      if (batch.length === 0) continue;
      const first = w.command && (await this.findCommand(w.command.commandId));
      if (first) throw new CommandIdTakenError(w.command!.commandId, first);
      heads.set(w.streamId, (head === 'no_stream' ? -1 : head) + batch.length);
    }
    const results: AppendResult[] = [];
    for (const w of writes) {
      const options = w.command ? { command: w.command } : {};
      results.push(await this.append(w.streamId, w.events, w.expected, options));
    }
    return results;
  }

  private async appendOnce(
    streamId: string,
    batch: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions,
  ): Promise<AppendResult> {
    const claimedBefore =
      batch.length > 0 &&
      (await claimEventIds(
        this.client,
        streamId,
        batch.map((e) => e.eventId),
      ));
    for (let attempt = 0; ; attempt++) {
      const head = await this.readHead(streamId);
      const expectedIsHead =
        expected === 'any' || expected === (head ? head.revision : 'no_stream');
      if (claimedBefore || !expectedIsHead) {
        const ids = new Set(batch.map((e) => e.eventId));
        const stored = (await this.readStream(streamId)).filter((e) => ids.has(e.eventId));
        const previous = matchReappend(streamId, batch, stored);
        if (previous) return { nextExpectedRevision: previous.at(-1)!.revision, events: previous };
      }
      checkExpectedRevision(streamId, expected, head ? head.revision : 'no_stream');
      if (batch.length === 0)
        return { nextExpectedRevision: head ? head.revision : -1, events: [] };
      // Claimed again on a retry: this command's own claim is accepted as it stands.
      if (options.command) await claimCommandId(this.client, streamId, options.command);

      const chained = chainEvents(streamId, head, batch);
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
          { expectedRevision: head ? BigInt(head.revision) : NO_STREAM, requiresLeader: true },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expected === 'any' && attempt < ANY_RETRIES) {
          // Jittered back-off, so racing 'any' writers stop colliding in lock-step.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
          continue;
        }
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          typeof actual === 'bigint' ? Number(actual) : 'no_stream',
        );
      }
      // The append result carries only the last event's position; reading the new events
      // back gives each its own, and proves the leader holds them as we chained them.
      const written = await this.readStream(streamId, chained[0]!.revision, chained.length);
      const sameIds =
        written.length === chained.length &&
        written.every((e, i) => e.eventId === chained[i]!.eventId);
      if (!sameIds) throw new ReadBackError(streamId, chained.length, written.length);
      return { nextExpectedRevision: written.at(-1)!.revision, events: written };
    }
  }

  async readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    return retryTransient(async () => {
      const out: StoredEvent[] = [];
      const options: ReadStreamOptions = {
        fromRevision: fromRevision === 0 ? START : BigInt(fromRevision),
        direction: FORWARDS,
        requiresLeader: true,
        ...(maxCount === undefined ? {} : { maxCount }),
      };
      for (const resolved of await this.readRecords(streamId, options)) {
        const event = toStoredEvent(resolved);
        if (event) out.push(event);
      }
      return out;
    });
  }

  async readStreamFrom(streamId: string, fromRevision: number): Promise<StoredEvent[]> {
    return this.readStream(streamId, Math.max(0, fromRevision));
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    // The raw cursor: the last record read, ledger event or not, with its full position.
    let cursor: Position | undefined =
      options.after === undefined || options.after < 0 ? undefined : exactPosition(options.after);
    let lastEvent = options.after;
    let remaining = options.limit ?? Infinity;
    while (remaining > 0) {
      const page = await retryTransient(() => this.readAllPage(cursor));
      for (const resolved of page) {
        cursor = resolved.event!.position;
        const event = isSystem(resolved) ? undefined : toStoredEvent(resolved);
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

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('the EventStoreDB store is closed');
    const subscription = esdbSubscription(
      {
        client: this.client,
        toStoredEvent: (resolved) => (isSystem(resolved) ? undefined : toStoredEvent(resolved)),
        readHead: () => retryTransient(() => this.readAllHead()),
      },
      options,
    );
    const tracked: Subscription = {
      caughtUp: subscription.caughtUp,
      stop: async () => {
        this.subscriptions.delete(tracked);
        await subscription.stop();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  /** No $streams here (projections are off): one pass over $all, remembering first appearances. */
  async listStreams(): Promise<string[]> {
    const seen = new Set<string>();
    for await (const e of this.readAll()) seen.add(e.streamId);
    return [...seen];
  }

  /** Stops every subscription still running, then lets the client go. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /** The stream's last event (one event read backwards from the end), from the leader. */
  private async readHead(streamId: string): Promise<Head | undefined> {
    const records = await retryTransient(() =>
      this.readRecords(streamId, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
        requiresLeader: true,
      }),
    );
    const event = records[0] && toStoredEvent(records[0]);
    if (records[0] && !event)
      throw new Error(`stream ${streamId} ends with a record that is not a ledger event`);
    return event && { revision: event.revision, hash: event.metadata.hash };
  }

  /** A stream's records; none when the stream does not exist. */
  private async readRecords(
    streamId: string,
    options: ReadStreamOptions,
  ): Promise<ResolvedEvent[]> {
    const out: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) out.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /** Up to PAGE_SIZE records of $all (ledger or not) strictly after the cursor. */
  private async readAllPage(cursor: Position | undefined): Promise<AllStreamResolvedEvent[]> {
    // fromPosition is inclusive on reads: one record more, and the one at the cursor is dropped.
    const read = this.client.readAll({
      fromPosition: cursor ?? START,
      maxCount: PAGE_SIZE + 1,
      direction: FORWARDS,
      requiresLeader: true,
    });
    const out: AllStreamResolvedEvent[] = [];
    let last = cursor;
    try {
      for await (const resolved of read) {
        const position = resolved.event?.position;
        if (!position) throw new Error('EventStoreDB returned a $all record without a position');
        if (cursor && !isAfter(position, cursor)) continue;
        if (last && !isAfter(position, last))
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
  private async readAllHead(): Promise<Position | undefined> {
    const read = this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      requiresLeader: true,
    });
    for await (const resolved of read) return resolved.event?.position;
    return undefined;
  }
}

function isSystem(resolved: AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.streamId.startsWith('$') || event.type.startsWith('$');
}

function toNumber(position: bigint): number {
  if (position > BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`$all position ${position} does not fit a number exactly`);
  return Number(position);
}

/** Our event from a server record; undefined for records that are not ledger events (claims…). */
function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const meta = event.metadata as Partial<ServerMetadata> | undefined;
  if (!meta || typeof meta.version !== 'number' || typeof meta.metadata !== 'object')
    return undefined;
  // Servers before 22.6 send no position with events read from a stream: the client then
  // reads the protobuf defaults, 0, and 0 is never a ledger event's position (the log
  // starts with the server's own records).
  const commit = event.position?.commit;
  if (commit === undefined || commit === 0n)
    throw new Error(
      'EventStoreDB sent an event without its $all position: the server must be 22.6 or later',
    );
  return {
    eventId: event.id.toLowerCase(),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toNumber(commit),
    type: event.type,
    version: meta.version,
    data: event.data,
    metadata: meta.metadata,
  };
}
