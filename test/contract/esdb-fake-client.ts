// A scripted stand-in for @eventstore/db-client over a three-node cluster, for the unit
// tests of the EventStoreDB adapter where no server runs. It keeps one log ($all) with
// real-looking positions, system records among ours, followers that lag behind the
// leader, and the client behaviours the adapter must live with: a follower answers a
// requiresLeader call with the client's own NotLeaderError (after which the client talks
// to the leader it was told of), reads without requiresLeader are served from the node's
// possibly stale copy, and calls or subscriptions can be made to fail with Unavailable.
// Errors are the real client's classes, built as the client builds them.
import esdb from '@eventstore/db-client';
import {
  isAfter,
  type AllStreamResolvedEvent,
  type AllSubscription,
  type AppendResult,
  type AppendToStreamOptions,
  type EsdbClient,
  type EventData,
  type Position,
  type ReadAllOptions,
  type Reading,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '../../infra/eventstore/esdb-client.js';
import type { EventStore } from '../../commands/event-store-port.js';
import { newEvents, streamName } from './eventstore.contract.js';
import { FakeSubscription, resolved } from './esdb-fake-subscription.js';
import { serverNotReady } from './esdb-server-errors.js';

const {
  NotLeaderError,
  UnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  START,
  END,
  BACKWARDS,
  NO_STREAM,
  ANY,
} = esdb;

type Op = 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll';

/** One call as the fake saw it: where it went and with which options. */
export interface Call {
  op: Op;
  node: string;
  stream?: string;
  requiresLeader: boolean;
  options: object;
}

interface Failure {
  op: Op;
  error: Error;
  afterCommit: boolean;
  stream?: string;
}

export interface LogRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: unknown;
  metadata: unknown;
  position: Position;
}

/** The grpc ServiceError shape the client's error classes read their details from. */
function serviceError(message: string, metadata: Record<string, string> = {}): never {
  return { message, code: 14, metadata: { getMap: () => metadata } } as never;
}

export function unavailable(message = 'connection dropped'): Error {
  return new UnavailableError(serviceError(message));
}

function notLeader(leader: string): Error {
  return new NotLeaderError(
    serviceError('Leader info available', {
      'leader-endpoint-host': leader,
      'leader-endpoint-port': '2113',
    }),
  );
}

export class FakeCluster {
  readonly log: LogRecord[] = [];
  leader = 'node1';
  /** How many log records each follower holds; a node missing here holds them all. */
  private readonly replicated = new Map<string, number>();
  /** Whether subscriptions are told "caught up" (servers from 23.10 do). */
  sendsCaughtUp = true;
  /** Whether stream reads carry event positions (servers from 22.6; older ones leave 0). */
  positionsOnStreamReads = true;
  /** A checkpoint after this many records filtered out in a row. */
  checkpointEvery = 2;
  /**
   * As servers 22.6 to 23.6 do: once live, a checkpoint at a live event's own position,
   * sent just before the event.
   */
  checkpointsBeforeLiveEvents = false;
  /** As 24.10.0 to 24.10.4 can on a fresh cluster: a first checkpoint at (2^64-1, 2^64-1). */
  sendsOutOfRangeCheckpoint = false;
  /** Until this time (ms since the epoch) no node leads: an election after the leader died. */
  leaderlessUntil = 0;
  private nextPosition = 1_000n;
  private readonly listeners = new Set<() => void>();

  /** Writes a record (ours, a system one, anything) at the end of the log. */
  write(streamId: string, id: string, type: string, data: unknown, metadata: unknown): LogRecord {
    const revision = BigInt(this.log.filter((r) => r.streamId === streamId).length);
    const record = {
      streamId,
      id: id.toLowerCase(),
      type,
      revision,
      data,
      metadata,
      position: { commit: this.nextPosition, prepare: this.nextPosition },
    };
    this.nextPosition += 137n;
    this.log.push(record);
    for (const listener of this.listeners) listener();
    return record;
  }

  /**
   * Records written as a legacy TCP transaction does: each at its own prepare position,
   * all committed at one commit position.
   */
  writeTransaction(
    records: Array<{
      streamId: string;
      id: string;
      type: string;
      data: unknown;
      metadata: unknown;
    }>,
  ): void {
    const commit = this.nextPosition + 137n * BigInt(records.length);
    for (const r of records) {
      const revision = BigInt(this.log.filter((x) => x.streamId === r.streamId).length);
      this.log.push({
        ...r,
        id: r.id.toLowerCase(),
        revision,
        position: { commit, prepare: this.nextPosition },
      });
      this.nextPosition += 137n;
    }
    this.nextPosition = commit + 137n;
  }

  writeSystemRecord(): void {
    this.write('$stats-127.0.0.1:2113', crypto.randomUUID(), '$statsCollected', { cpu: 1 }, {});
  }

  /** The follower stops replicating: it keeps what it has now. */
  freeze(node: string): void {
    this.replicated.set(node, this.log.length);
  }

  /** An election: `node` becomes leader (it holds every committed record, as a quorum does). */
  elect(node: string): void {
    this.replicated.delete(node);
    this.leader = node;
  }

  view(node: string): LogRecord[] {
    const count = node === this.leader ? undefined : this.replicated.get(node);
    return count === undefined ? this.log : this.log.slice(0, count);
  }

  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class FakeClient implements EsdbClient {
  /** The node the client talks to now. */
  node: string;
  readonly calls: Call[] = [];
  readonly openSubscriptions = new Set<FakeSubscription>();
  subscriptionsOpened = 0;
  disposed = false;
  private readonly failures: Failure[] = [];
  private readonly shortened = new Map<string, number>();
  private readonly hidden = new Map<string, number>();
  private readonly hooks: Array<{ stream: string; action: () => Promise<void> }> = [];

  constructor(
    readonly cluster: FakeCluster,
    node = cluster.leader,
  ) {
    this.node = node;
  }

  /** The next call of `op` fails with `error`; with afterCommit an append commits first. */
  failNext(op: Op, error: Error, options: { afterCommit?: boolean; stream?: string } = {}): void {
    this.failures.push({
      op,
      error,
      afterCommit: options.afterCommit ?? false,
      stream: options.stream,
    });
  }

  /** The next read of `stream` from revision `from` returns only `keep` records. */
  shortenNextRead(stream: string, from: bigint, keep: number): void {
    this.shortened.set(`${stream}@${from}`, keep);
  }

  /**
   * The next `reads` reads of `stream` find nothing, as right after another writer's
   * creation of it was refused on the leader but is not committed to its index yet.
   */
  hideNextReads(stream: string, reads: number): void {
    this.hidden.set(stream, reads);
  }

  /** Runs `action` (another writer, say) just before the next append to `stream` is made. */
  beforeNextAppend(stream: string, action: () => Promise<void>): void {
    this.hooks.push({ stream, action });
  }

  /** Every open subscription fails now (a node went away). */
  dropSubscriptions(error: Error = unavailable()): void {
    for (const subscription of this.openSubscriptions) subscription.destroy(error);
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    options: AppendToStreamOptions,
  ): Promise<AppendResult> {
    const hook = this.hooks.findIndex((h) => h.stream === streamName);
    if (hook >= 0) await this.hooks.splice(hook, 1)[0]!.action();
    const failure = this.enter({ op: 'appendToStream', stream: streamName, options });
    if (failure && !failure.afterCommit) throw failure.error;
    const current = this.cluster.log.filter((r) => r.streamId === streamName).length - 1;
    const expected = options.expectedRevision ?? ANY;
    const met =
      expected === ANY || (expected === NO_STREAM ? current === -1 : BigInt(current) === expected);
    if (!met) {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected: expected as never,
        current: current === -1 ? NO_STREAM : BigInt(current),
      });
    }
    let last: LogRecord | undefined;
    for (const e of events) last = this.cluster.write(streamName, e.id, e.type, e.data, e.metadata);
    if (failure) throw failure.error;
    return { success: true, nextExpectedRevision: last!.revision, position: last!.position };
  }

  readStream(streamName: string, options: ReadStreamOptions): Reading<ResolvedEvent> {
    return this.reading({ op: 'readStream', stream: streamName, options }, () => {
      const hidden = this.hidden.get(streamName) ?? 0;
      if (hidden > 0) this.hidden.set(streamName, hidden - 1);
      const records =
        hidden > 0 ? [] : this.cluster.view(this.node).filter((r) => r.streamId === streamName);
      if (records.length === 0) throw new StreamNotFoundError(undefined as never, streamName);
      const backwards = options.direction === BACKWARDS;
      const from = options.fromRevision ?? (backwards ? END : START);
      const ordered = backwards ? [...records].reverse() : records;
      const start = ordered.filter((r) =>
        from === START || from === END ? true : backwards ? r.revision <= from : r.revision >= from,
      );
      const key = `${streamName}@${String(from)}`;
      const keep = this.shortened.get(key);
      this.shortened.delete(key);
      return start
        .slice(0, Math.min(keep ?? Infinity, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)))
        .map((r) => (this.cluster.positionsOnStreamReads ? resolved(r) : withoutPosition(r)));
    });
  }

  readAll(options: ReadAllOptions): Reading<AllStreamResolvedEvent> {
    return this.reading({ op: 'readAll', options }, () => {
      const log = this.cluster.view(this.node);
      const backwards = options.direction === BACKWARDS;
      const from = options.fromPosition ?? (backwards ? END : START);
      if (from !== START && from !== END) checkRecordPosition(log, from);
      const ordered = backwards ? [...log].reverse() : log;
      const start = ordered.filter((r) =>
        from === START || from === END
          ? true
          : backwards
            ? !isAfter(r.position, from)
            : !isAfter(from, r.position),
      );
      return start.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved);
    });
  }

  subscribeToAll(options: SubscribeToAllOptions): AllSubscription {
    const failure = this.enter({ op: 'subscribeToAll', options });
    const subscription = new FakeSubscription(this, options);
    this.openSubscriptions.add(subscription);
    this.subscriptionsOpened += 1;
    if (failure) setImmediate(() => subscription.destroy(failure.error));
    else setImmediate(() => subscription.start());
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private enter(call: {
    op: Op;
    stream?: string;
    options: { requiresLeader?: boolean };
  }): Failure | undefined {
    if (this.disposed) throw new Error('the client was disposed');
    const requiresLeader = call.options.requiresLeader ?? false;
    this.calls.push({ ...call, node: this.node, requiresLeader });
    const index = this.failures.findIndex(
      (f) => f.op === call.op && (f.stream === undefined || f.stream === call.stream),
    );
    if (index >= 0) return this.failures.splice(index, 1)[0];
    if (Date.now() < this.cluster.leaderlessUntil) {
      // What a node without a leader answers: an append is not handled ("not ready"),
      // a call that requires the leader cannot be served anywhere.
      if (call.op === 'appendToStream') throw serverNotReady(call.stream);
      throw unavailable('No leader info available');
    }
    if (requiresLeader && this.node !== this.cluster.leader) {
      const leader = this.cluster.leader;
      // As the real client does: the next call goes to the leader the follower named.
      this.node = leader;
      throw notLeader(leader);
    }
    return undefined;
  }

  private reading<E>(
    call: { op: Op; stream?: string; options: { requiresLeader?: boolean } },
    records: () => E[],
  ): Reading<E> {
    const client = this;
    return {
      async *[Symbol.asyncIterator]() {
        const failure = client.enter(call);
        if (failure) throw failure.error;
        yield* records();
      },
      cancel: async () => undefined,
    };
  }
}

/**
 * The server reads $all only from the start of a record (or the log's start, 0, or past
 * its end): any other position is InvalidPosition, sent as grpc INVALID_ARGUMENT, which
 * the client turns into an UnknownError.
 */
function checkRecordPosition(log: LogRecord[], position: Position): void {
  if (position.commit === 0n && position.prepare === 0n) return;
  const last = log.at(-1)?.position;
  if (!last || isAfter(position, last)) return;
  const known = log.some(
    (r) => r.position.commit === position.commit && r.position.prepare === position.prepare,
  );
  if (known) return;
  const invalid = Object.assign(new Error('3 INVALID_ARGUMENT: Invalid position'), {
    code: 3,
    details: 'Invalid position',
    metadata: { getMap: () => ({}) },
  });
  throw esdb.convertToCommandError(invalid);
}

/** As a server before 22.6 sends a stream read: the client finds the protobuf default, 0. */
function withoutPosition(record: LogRecord): ResolvedEvent & AllStreamResolvedEvent {
  return resolved({ ...record, position: { commit: 0n, prepare: 0n } });
}

/**
 * Writes `batches` batches of 100 ledger events (n = 0, 1, …) through `store`, alternating
 * between two streams, each batch after a system record: $all with ledger events, claims
 * and system records mixed, as a real log is.
 */
export async function appendAmongSystemRecords(
  cluster: FakeCluster,
  store: EventStore,
  batches: number,
): Promise<void> {
  const streams = [streamName('x'), streamName('y')];
  const revisions: Array<number | 'no_stream'> = ['no_stream', 'no_stream'];
  for (let i = 0; i < batches; i++) {
    cluster.writeSystemRecord();
    const result = await store.append(streams[i % 2]!, newEvents(100, i * 100), revisions[i % 2]!);
    revisions[i % 2] = result.nextExpectedRevision;
  }
}
