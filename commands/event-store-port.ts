// The event store port: one interface, three real back ends (SQLite, PostgreSQL,
// EventStoreDB) plus an in-memory one for unit tests. Every adapter passes the same
// contract suite (test/contract/eventstore.contract.ts).
// It lives in commands/ because the command handler is what needs it: infra/eventstore
// implements it, and the inner layers never import infra/.

/** Who did it, why and when: stored beside every event. `hash` is added by the store. */
export interface EventMetadataInput {
  actor: string;
  commandId: string;
  /** ISO timestamp from the injected clock when the command was handled. */
  recordedAt: string;
  correlationId?: string;
  causationId?: string;
}

export interface EventMetadata extends EventMetadataInput {
  /** hex(sha256(prevHash + "\n" + JCS({streamId, revision, type, version, data, metadata}))) */
  hash: string;
}

export interface NewEvent {
  /** A UUID; re-appending an event id already in the stream is a no-op (idempotent append). */
  eventId: string;
  type: string;
  version: number;
  data: unknown;
  metadata: EventMetadataInput;
}

export interface StoredEvent {
  eventId: string;
  streamId: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /**
   * Position in the global order of the store ($all); strictly increasing, not necessarily dense.
   */
  position: number;
  type: string;
  version: number;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * A StoredEvent read for a projection that asked for no metadata (readPage): id and metadata
 * may be absent.
 */
export type LeanEvent = Omit<StoredEvent, 'eventId' | 'metadata'> &
  Partial<Pick<StoredEvent, 'eventId' | 'metadata'>>;

/**
 * `no_stream`: the stream must not exist; a number: the revision of the stream's last event; `any`:
 * no check.
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream (what to expect next time). */
  nextExpectedRevision: number;
  /** The stored events, with revision, position and hash. */
  events: StoredEvent[];
}

/** Thrown by append when the stream is not at the expected revision. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId} is at revision ${String(actual)}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The command an append records (domain.md "Idempotency"): a commandId is unique in the
 * whole ledger, so each store keeps an index of commandId → (stream, fingerprint), written
 * in the same transaction as the events.
 */
export interface CommandRecord {
  commandId: string;
  /** A hash of the command without its meta: the same id with another command is a conflict. */
  fingerprint: string;
}

export interface AppendOptions {
  /** Records the command in the store's commandId index, atomically with the events. */
  command?: CommandRecord;
}

/** The first use of a commandId, as the store's index holds it. */
export interface RecordedCommand {
  streamId: string;
  /** Undefined for commands recorded before fingerprints were kept. */
  fingerprint?: string;
}

/** Thrown by append when its command's id is already in the index (by this or another process). */
export class CommandIdTakenError extends Error {
  constructor(
    readonly commandId: string,
    readonly first: RecordedCommand,
  ) {
    super(`command id ${commandId} is already used (stream ${first.streamId})`);
    this.name = 'CommandIdTakenError';
  }
}

/** One stream's part of an appendMany: what append takes, as one value. */
export interface StreamWrite {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  /** Records the command in the commandId index, in the same transaction. */
  command?: CommandRecord;
}

export interface ReadAllOptions {
  /**
   * Read events with position strictly greater than this (exclusive checkpoint). Default:
   * from the start.
   */
  after?: number;
  /** Read at most this many events. */
  limit?: number;
}

export interface SubscribeOptions {
  /** Deliver events with position strictly greater than this checkpoint. */
  after?: number;
  /** Called for each event in global order; the next event waits for the returned promise. */
  onEvent: (event: StoredEvent) => Promise<void> | void;
  /** Called when the subscription fails (after which it stops). */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the subscription has delivered every event that existed when it started. */
  caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface EventStore {
  /** e.g. "sqlite", "postgres", "esdb", "memory" */
  readonly kind: string;
  append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Several appends as one: each write is checked and applied as append would (its
   * expected revision, its command id, idempotent re-append), in order, so a later write
   * to the same stream sees the earlier ones. Either every write is committed or none is
   * (a bank statement's settlements, domain.md: reconcile is all-or-nothing). Results
   * come in the order of the writes. EventStoreDB has no transaction across streams: its
   * adapter checks every write before the first and documents what a fault half-way
   * leaves (esdb.ts).
   */
  appendMany(writes: StreamWrite[]): Promise<AppendResult[]>;
  /** Where a commandId was first used, from the ledger-wide index; undefined when never. */
  findCommand(commandId: string): Promise<RecordedCommand | undefined>;
  /** The whole stream, in revision order; an empty array when it does not exist. */
  readStream(streamId: string): Promise<StoredEvent[]>;
  /**
   * Optional: the stream's events at revision `fromRevision` and after, in revision order
   * (empty when there are none). Lets a caller holding a folded state catch up without
   * re-reading the whole stream; callers fall back to readStream when it is absent.
   */
  readStreamFrom?(streamId: string, fromRevision: number): Promise<StoredEvent[]>;
  /**
   * Optional: the whole stream without event ids and metadata, for replays that need
   * neither (a balance as of a business date); callers fall back to readStream.
   */
  readStreamWithoutMetadata?(streamId: string): Promise<LeanEvent[]>;
  /** Global order, in pages: iterate to stream any number of events with flat memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** Catch-up subscription: everything after the checkpoint, then new events as they come. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Every stream id, in order of first appearance. */
  listStreams(): Promise<string[]>;
  close(): Promise<void>;
}
