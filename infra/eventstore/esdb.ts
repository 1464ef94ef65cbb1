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
// Failovers: while the cluster has no leader, appends answer "not ready" and calls run
// into deadlines; these are retried, with back-off, for a time budget that outlasts a
// failover (20 s unless the connection string sets retryBudgetMs). An append whose
// outcome was unknown is safe to run again: its claims and the stream scan find a batch
// that did commit.
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
// this stream before, an expected revision that is not the head, or a lost race (the
// winner may have been this very batch, sent by an earlier try or another process). The
// hashes of a retried batch would be computed afresh, so a re-append is recognised here
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
import esdb from '@eventstore/db-client';
import {
  checkDistinctIds,
  checkExpectedRevision,
  matchReappend,
  type CurrentRevision,
} from './append-rules.js';
import {
  CALL_RETRY,
  retryTransient,
  type EsdbClient,
  type ReadStreamOptions,
  type ResolvedEvent,
  type RetryTuning,
} from './esdb-client.js';
import { ledgerEventOf, readAllEvents, readAllHead, readLatestEvents } from './esdb-all.js';
import { claimCommandId, findCommandClaim, isOwnClaim } from './esdb-command-claims.js';
import { openEsdbClient } from './esdb-connection.js';
import { claimEventIds, findEventIdClaim } from './esdb-id-claims.js';
import {
  checkAppendSize,
  DEFAULT_MAX_APPEND_SIZE,
  toStoredEvent,
  type ServerMetadata,
} from './esdb-records.js';
import { esdbSubscription } from './esdb-subscription.js';
import { checkServerVersion } from './esdb-server-version.js';
import { chainEvents } from './hash.js';
import { redactSecrets } from '../redact.js';
import {
  CommandIdTakenError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
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
  jsonEvent,
  NO_STREAM,
  START,
  END,
  FORWARDS,
  BACKWARDS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} = esdb;

/** How often an append re-reads the head after losing a race before it gives up. */
const RACE_RETRIES = 20;

export interface EsdbStoreOptions {
  /** Retries of calls that failed transiently (default: a 20 s budget). */
  retry?: RetryTuning;
  /** The server's MaxAppendSize in bytes (default 1 MiB, the server's default). */
  maxAppendSize?: number;
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

  private readonly retry: RetryTuning;
  private readonly maxAppendSize: number;

  private constructor(
    private readonly client: EsdbClient,
    options: EsdbStoreOptions,
  ) {
    this.retry = options.retry ?? CALL_RETRY;
    this.maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  }

  /**
   * e.g. esdb://node1:2113,node2:2113,node3:2113 (see esdb-connection.ts). Refuses a
   * server older than the oldest supported version before anything is read or written.
   */
  static async connect(url: string, env: NodeJS.ProcessEnv = process.env): Promise<EsdbEventStore> {
    const { client, retry, maxAppendSize } = openEsdbClient(url, env);
    try {
      await retryTransient(() => checkServerVersion(client), retry);
    } catch (error) {
      await client.dispose();
      // The client's and grpc's messages may quote an address with user info.
      if (error instanceof Error) error.message = redactSecrets(error.message);
      throw error;
    }
    return new EsdbEventStore(client, { retry, maxAppendSize });
  }

  /** Over any client of the surface the adapter uses (tests pass a scripted fake). */
  static withClient(client: EsdbClient, options: EsdbStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(client, options);
  }

  async findCommand(commandId: string): Promise<RecordedCommand | undefined> {
    return this.retrying(() => findCommandClaim(this.client, commandId));
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const batch = events.map((e) => ({ ...e, eventId: e.eventId.toLowerCase() }));
    checkDistinctIds(streamId, batch);
    checkAppendSize(streamId, batch, this.maxAppendSize);
    // The whole append is safe to run again after a lost connection or an unknown
    // outcome: a batch that did commit is found by its claims and answered as a re-append.
    return this.retrying(() => this.appendOnce(streamId, batch, expected, options));
  }

  /**
   * Not atomic (no transaction across streams): every write is checked before the first is
   * appended, so a conflict or another command's id records nothing; then each is appended,
   * atomic in its stream. A fault in between leaves the earlier ones recorded, and running
   * the same commands again records exactly the rest (reconcile: import it again).
   */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    const heads = new Map<string, CurrentRevision>();
    for (const w of writes) {
      const batch = w.events.map((e) => ({ ...e, eventId: e.eventId.toLowerCase() }));
      checkDistinctIds(w.streamId, batch);
      checkAppendSize(w.streamId, batch, this.maxAppendSize);
      if (!heads.has(w.streamId)) {
        const head = await this.readHead(w.streamId);
        heads.set(w.streamId, head ? head.revision : 'no_stream');
      }
      const head = heads.get(w.streamId)!;
      // A command's own claim left by an earlier try (a lost race, a timeout, a crash
      // between the claim and the events) is accepted, as append accepts it; only then,
      // or when an event id is claimed for this stream, can the batch be stored already.
      const claim = w.command && (await this.findCommand(w.command.commandId));
      if (claim && !isOwnClaim(claim, w.streamId, w.command!))
        throw new CommandIdTakenError(w.command!.commandId, claim);
      if (claim || (await this.anyIdClaimed(w.streamId, batch))) {
        if (matchReappend(w.streamId, batch, await this.readBatchIds(w.streamId, batch))) continue;
      }
      checkExpectedRevision(w.streamId, w.expected, head);
      if (batch.length === 0) continue;
      heads.set(w.streamId, (head === 'no_stream' ? -1 : head) + batch.length);
    }
    const results: AppendResult[] = [];
    for (const w of writes) {
      const options = w.command ? { command: w.command } : {};
      results.push(await this.append(w.streamId, w.events, w.expected, options));
    }
    return results;
  }

  /** Whether some id of the batch is claimed for this stream (read only, nothing claimed). */
  private async anyIdClaimed(streamId: string, batch: NewEvent[]): Promise<boolean> {
    const owners = await this.retrying(() =>
      Promise.all(batch.map((e) => findEventIdClaim(this.client, e.eventId))),
    );
    return owners.some((owner) => owner === streamId);
  }

  /** The stream's events that carry one of the batch's ids (a scan of the whole stream). */
  private async readBatchIds(streamId: string, batch: NewEvent[]): Promise<StoredEvent[]> {
    const ids = new Set(batch.map((e) => e.eventId));
    return (await this.readStream(streamId)).filter((e) => ids.has(e.eventId));
  }

  private retrying<T>(call: () => Promise<T>): Promise<T> {
    return retryTransient(call, this.retry);
  }

  private async appendOnce(
    streamId: string,
    batch: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions,
  ): Promise<AppendResult> {
    const ids = batch.map((e) => e.eventId);
    let mayBeStored = batch.length > 0 && (await claimEventIds(this.client, streamId, ids));
    for (let attempt = 0; ; attempt++) {
      const head = await this.readHead(streamId);
      const current = head ? head.revision : 'no_stream';
      if (mayBeStored || (expected !== 'any' && expected !== current)) {
        const previous = matchReappend(streamId, batch, await this.readBatchIds(streamId, batch));
        if (previous) return { nextExpectedRevision: previous.at(-1)!.revision, events: previous };
      }
      checkExpectedRevision(streamId, expected, current);
      if (batch.length === 0)
        return { nextExpectedRevision: head ? head.revision : -1, events: [] };
      // Claimed again on a retry: this command's own claim is accepted as it stands.
      if (options.command) await claimCommandId(this.client, streamId, options.command);
      const chained = chainEvents(streamId, head, batch);
      if (!(await this.appendChained(streamId, chained, head))) {
        // A lost race. The winner may have been this very batch (an earlier try whose
        // answer was lost, or another process with the same command), so the next round
        // scans the stream before anything is appended again; with an expected revision
        // that is not 'any' it then answers the conflict.
        mayBeStored = true;
        if (attempt >= RACE_RETRIES)
          throw new WrongExpectedRevisionError(streamId, expected, current);
        // Jittered back-off, so racing 'any' writers stop colliding in lock-step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
        continue;
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

  /** Appends at exactly the head read; false when the server says the head moved. */
  private async appendChained(
    streamId: string,
    chained: ReturnType<typeof chainEvents>,
    head: { revision: number } | undefined,
  ): Promise<boolean> {
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
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
  }

  async readStream(streamId: string, fromRevision = 0, maxCount?: number): Promise<StoredEvent[]> {
    return this.retrying(async () => {
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

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return readAllEvents(this.client, (call) => this.retrying(call), options);
  }

  /** The newest `count` ledger events, oldest first (the desk's "latest events"). */
  async readLatest(count: number): Promise<StoredEvent[]> {
    return readLatestEvents(this.client, (call) => this.retrying(call), count);
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('the EventStoreDB store is closed');
    const subscription = esdbSubscription(
      {
        client: this.client,
        toStoredEvent: ledgerEventOf,
        readHead: () => this.retrying(() => readAllHead(this.client)),
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
    const records = await this.retrying(() =>
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
}
