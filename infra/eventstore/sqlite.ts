// The embedded event store: one SQLite file (better-sqlite3 12), shared with the read
// models, safe for several OS processes. Every append is one BEGIN IMMEDIATE transaction
// (the write lock is taken before the stream's head is read, so two writers can never
// both see the same head), and busy_timeout makes a second process wait for the lock
// instead of failing. Positions come from AUTOINCREMENT under that lock, so $all order
// is commit order and a catch-up reader never skips an event.
//
// Group commit: with synchronous=FULL every commit waits for an fsync, which caps a file
// at its disk's single-row transaction rate. Appends that arrive while the process is busy
// (concurrent HTTP requests) are queued and committed together: one BEGIN IMMEDIATE, each
// append in a SAVEPOINT of its own (checked against the stream as the earlier appends of
// the group left it; a failing one is rolled back alone and rejected), the inline hooks
// once over everything the group inserted, one COMMIT, one fsync. Each caller's promise
// settles only after that COMMIT: nothing is acknowledged before it is durable, and a
// group whose COMMIT fails rejects every append in it.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import {
  checkDistinctIds,
  checkExpectedRevision,
  matchReappend,
  recordedCommandOf,
  type CommandRow,
} from './append-rules.js';
import { catchUpSubscription } from './catch-up.js';
import { readAllInPages } from './paging.js';
import { chainEvents } from './hash.js';
import {
  CommandIdTakenError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type LeanEvent,
  type NewEvent,
  type ReadAllOptions,
  type RecordedCommand,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
} from '../../commands/event-store-port.js';
import { StoreNotFoundError } from './store-not-found.js';
import type { AfterCommit, AppendHook, AppendTransaction } from './append-hook.js';

const PAGE_SIZE = 500;

/** What an AppendHook sees of the transaction it runs in. */
export type SqliteAppendTransaction = AppendTransaction<false>;

/**
 * The inline-projection hook (append-hook.ts): synchronous, as better-sqlite3 is. (Where a
 * caller runs append inside a transaction of its own, as the benchmark's bulk loader does,
 * "committed" means the append's savepoint was released; no read models are open there.)
 */
export type SqliteAppendHook = AppendHook<SqliteAppendTransaction, false>;

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:'. Ignored when `db` is given. */
  path?: string;
  /** An already opened database (e.g. the read models' connection); the store will not close it. */
  db?: Database.Database;
  /** How often a subscription looks for appends made by other processes. */
  pollMs?: number;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /**
   * Commit concurrent appends together (see the file comment). Default true; false makes
   * every append a transaction of its own, committed before append returns.
   */
  groupCommit?: boolean;
  /**
   * Opens an existing store without writing anything to it (verify, backups' checks): the
   * file must exist and hold an event log; nothing is created, no pragma is changed.
   */
  readonly?: boolean;
}

/**
 * An events row as better-sqlite3's raw mode returns it: an array in EVENT_COLUMNS order.
 * Raw mode skips building a keyed object per row, which halved the time to read a
 * 100-event stream; toStoredEvent builds the one object we need.
 */
type EventRow = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  version: number,
  data: string,
  metadata: string,
];
const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, version, data, metadata';
/** What a projection that needs no metadata reads of an events row (readPage without metadata). */
type LeanEventRow = [
  position: number,
  streamId: string,
  revision: number,
  type: string,
  version: number,
  data: string,
];
const LEAN_EVENT_COLUMNS = 'position, stream_id, revision, type, version, data';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    command_id  TEXT,
    recorded_at TEXT,
    UNIQUE (stream_id, revision)
  );
  CREATE INDEX IF NOT EXISTS events_command_id ON events (command_id);
`;

/**
 * The ledger-wide commandId index (domain.md "Idempotency"). A store written before it
 * existed gets it filled from its events once, when the table is created: those commands
 * have no fingerprint (NULL), and where an old store used one id in several streams the
 * first use is kept.
 */
const COMMAND_INDEX = `
  CREATE TABLE command_ids (
    command_id  TEXT PRIMARY KEY,
    stream_id   TEXT NOT NULL,
    fingerprint TEXT
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO command_ids (command_id, stream_id, fingerprint)
    SELECT command_id, stream_id, NULL FROM events WHERE command_id IS NOT NULL ORDER BY position;
`;

/** An append waiting for the next group commit. */
interface QueuedAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** An append's outcome inside a group, settled only once the group's COMMIT is known. */
type GroupOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** What the write path has done so far (the benchmark and tests read it). */
export interface AppendCounters {
  /** Appends committed (idempotent re-appends included), failed ones not. */
  appends: number;
  /** Transactions that committed them: fewer than appends when groups formed. */
  commits: number;
  /** The most appends one transaction was handed (failed ones included). */
  largestGroup: number;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly database: Database.Database;
  private readonly ownsDatabase: boolean;
  private readonly pollMs: number;
  private readonly listeners = new Set<() => void>();
  private readonly hooks = new Set<SqliteAppendHook>();
  private readonly statements;
  private readonly appendTransaction;
  private readonly appendInSavepoint;
  private readonly groupTransaction;
  private readonly groupCommit: boolean;
  /** Appends waiting for the group commit that setImmediate has scheduled. */
  private queue: QueuedAppend[] = [];
  private readonly counters: AppendCounters = { appends: 0, commits: 0, largestGroup: 0 };
  /** The hooks that ran in the append transaction now in progress. */
  private hooksRun: { hook: SqliteAppendHook; done: AfterCommit | undefined }[] = [];

  static open(
    path: string,
    options: Omit<SqliteEventStoreOptions, 'path' | 'db'> = {},
  ): SqliteEventStore {
    return new SqliteEventStore({ ...options, path });
  }

  constructor(options: SqliteEventStoreOptions) {
    if (!options.db && !options.path)
      throw new Error('SqliteEventStore needs a path or an open database');
    this.database = options.db ?? openDatabase(options.path!, options.readonly ?? false);
    this.ownsDatabase = !options.db;
    this.pollMs = options.pollMs ?? 200;
    this.groupCommit = options.groupCommit ?? true;
    const db = this.database;
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!db.readonly) {
      // WAL: readers never block the writer. synchronous=FULL: an acknowledged append is
      // on disk (WAL's default NORMAL may lose the last commits on power loss).
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
      db.transaction(() => {
        const exists = db
          .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'command_ids'")
          .get();
        if (!exists) db.exec(COMMAND_INDEX);
      }).immediate();
    } else if (
      !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()
    ) {
      db.close();
      throw new StoreNotFoundError(`${options.path} holds no event log`);
    } else if (
      !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'command_ids'").get()
    ) {
      // A read-only store written before the commandId index: an empty index of this
      // connection's own (TEMP lives outside the file), so the statements below prepare.
      db.exec(
        'CREATE TEMP TABLE command_ids (command_id TEXT PRIMARY KEY, stream_id TEXT NOT NULL, fingerprint TEXT)',
      );
    }

    this.statements = {
      byIds: db
        .prepare<[string], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      head: db.prepare<[string], { revision: number; hash: string }>(
        "SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
      ),
      insert: db.prepare(
        `INSERT INTO events (event_id, stream_id, revision, type, version, data, metadata, command_id, recorded_at)
         VALUES (@eventId, @streamId, @revision, @type, @version, @data, @metadata, @commandId, @recordedAt)`,
      ),
      stream: db
        .prepare<[string], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
        )
        .raw(true),
      leanStream: db
        .prepare<[string], LeanEventRow>(
          `SELECT ${LEAN_EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
        )
        .raw(true),
      streamFrom: db
        .prepare<[string, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
        )
        .raw(true),
      page: db
        .prepare<[number, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
        )
        .raw(true),
      leanPage: db
        .prepare<[number, number], LeanEventRow>(
          `SELECT ${LEAN_EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
        )
        .raw(true),
      nextPosition: db.prepare<[number], { position: number }>(
        'SELECT position FROM events WHERE position > ? ORDER BY position LIMIT 1',
      ),
      // MIN(position), not revision 0: a stream whose first event was deleted must still be listed,
      // so verify sees the break.
      streams: db.prepare<[], { stream_id: string }>(
        'SELECT stream_id FROM events GROUP BY stream_id ORDER BY MIN(position)',
      ),
      command: db.prepare<[string], CommandRow>(
        'SELECT stream_id, fingerprint FROM command_ids WHERE command_id = ?',
      ),
      recordCommand: db.prepare(
        'INSERT INTO command_ids (command_id, stream_id, fingerprint) VALUES (?, ?, ?)',
      ),
    };

    /** The events inserted (not re-appends) since the transaction began, in position order. */
    const fresh: StoredEvent[] = [];
    const appendRows = (
      streamId: string,
      events: NewEvent[],
      expected: ExpectedRevision,
      options: AppendOptions,
    ): AppendResult => {
      const existing = this.statements.byIds
        .all(JSON.stringify(events.map((e) => e.eventId)))
        .map(toStoredEvent);
      const foreign = existing.find((e) => e.streamId !== streamId);
      if (foreign)
        throw new Error(
          `event id ${foreign.eventId} is already used in stream ${foreign.streamId}`,
        );
      const previous = matchReappend(streamId, events, existing);
      if (previous) return { nextExpectedRevision: previous.at(-1)!.revision, events: previous };

      const head = this.statements.head.get(streamId);
      checkExpectedRevision(streamId, expected, head ? head.revision : 'no_stream');
      if (events.length === 0)
        return { nextExpectedRevision: head ? head.revision : -1, events: [] };
      if (options.command)
        this.recordCommand(streamId, options.command.commandId, options.command.fingerprint);

      const stored = chainEvents(streamId, head, events).map((e): StoredEvent => {
        const { lastInsertRowid } = this.statements.insert.run({
          eventId: e.eventId,
          streamId,
          revision: e.revision,
          type: e.type,
          version: e.version,
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata),
          commandId: e.metadata.commandId ?? null,
          recordedAt: e.metadata.recordedAt ?? null,
        });
        return { ...e, position: Number(lastInsertRowid) };
      });
      fresh.push(...stored);
      return { nextExpectedRevision: stored.at(-1)!.revision, events: stored };
    };

    type AppendArgs = Parameters<typeof appendRows>;
    this.appendTransaction = db.transaction((...args: AppendArgs): AppendResult => {
      fresh.length = 0;
      const result = appendRows(...args);
      this.runHooks(fresh.splice(0));
      return result;
    });
    // Called inside groupTransaction, better-sqlite3 makes this a SAVEPOINT: a failing
    // append undoes only itself.
    this.appendInSavepoint = db.transaction(appendRows);
    this.groupTransaction = db.transaction((group: readonly QueuedAppend[]): GroupOutcome[] => {
      fresh.length = 0;
      const outcomes = group.map((a): GroupOutcome => {
        // An I/O error or a full disk can make SQLite roll the whole transaction back: the
        // rest must not run (each would commit alone); the COMMIT then fails for everyone.
        if (!db.inTransaction) return { ok: false, error: new Error('the group was rolled back') };
        try {
          const result = this.appendInSavepoint(a.streamId, a.events, a.expected, a.options);
          return { ok: true, result };
        } catch (error) {
          return { ok: false, error };
        }
      });
      this.runHooks(fresh.splice(0));
      return outcomes;
    });
  }

  /**
   * Inside the append transaction (under the write lock): claims the commandId, or throws
   * CommandIdTakenError.
   */
  private recordCommand(streamId: string, commandId: string, fingerprint: string): void {
    const first = this.statements.command.get(commandId);
    if (first) throw new CommandIdTakenError(commandId, recordedCommandOf(first));
    this.statements.recordCommand.run(commandId, streamId, fingerprint);
  }

  async findCommand(commandId: string): Promise<RecordedCommand | undefined> {
    const first = this.statements.command.get(commandId);
    return first && recordedCommandOf(first);
  }

  /**
   * Registers work to run inside every append's transaction (see AppendHook); returns the
   * unregister function.
   */
  addAppendHook(hook: SqliteAppendHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Inside the append transaction: each hook in a savepoint of its own. */
  private runHooks(appended: StoredEvent[]): void {
    if (this.hooks.size === 0) return;
    const tx: SqliteAppendTransaction = {
      appended,
      nextPosition: (position) => this.statements.nextPosition.get(position)?.position,
      readAfter: (position, limit) => this.page(position, limit),
    };
    for (const hook of this.hooks) {
      try {
        const done = this.database.transaction(() => hook.inTransaction(tx))(); // a SAVEPOINT
        this.hooksRun.push({ hook, done });
      } catch (error) {
        hook.abandoned(error);
      }
    }
  }

  /** The append transaction the hooks ran in committed: what each asked for, in order. */
  private hooksCommitted(): void {
    for (const { done } of this.hooksRun.splice(0)) done?.();
  }

  /** The append transaction the hooks ran in was rolled back. */
  private hooksAbandoned(error: unknown): void {
    for (const { hook } of this.hooksRun.splice(0)) hook.abandoned(error);
  }

  /** The underlying connection: read models live in the same file and may share it. */
  get db(): Database.Database {
    return this.database;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    checkDistinctIds(streamId, events);
    // Inside a caller's own transaction (the bulk loader) the append joins it at once, as a
    // savepoint.
    if (!this.groupCommit || this.database.inTransaction) {
      return this.appendAlone(streamId, events, expected, options);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, options, resolve, reject });
      // Everything queued before the event loop's next check phase commits with this one.
      if (this.queue.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  /** The write path's counters so far (a copy). */
  appendCounters(): AppendCounters {
    return { ...this.counters };
  }

  private appendAlone(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions,
  ): AppendResult {
    this.hooksRun = [];
    let result: AppendResult;
    try {
      // .immediate(): BEGIN IMMEDIATE takes the write lock up front (see the file comment).
      result = this.appendTransaction.immediate(streamId, events, expected, options);
    } catch (error) {
      this.hooksAbandoned(error);
      throw error;
    }
    this.count(1);
    this.hooksCommitted();
    if (result.events.length > 0) for (const listener of this.listeners) listener();
    return result;
  }

  /**
   * Every write in one BEGIN IMMEDIATE transaction: each runs as append's own transaction
   * does, nested here (better-sqlite3 makes it a SAVEPOINT), so any throw rolls all back.
   */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    for (const { streamId, events } of writes) checkDistinctIds(streamId, events);
    this.hooksRun = [];
    let results: AppendResult[];
    try {
      const appendEach = () =>
        writes.map((w) => {
          const options = w.command ? { command: w.command } : {};
          return this.appendTransaction(w.streamId, w.events, w.expected, options);
        });
      results = this.database.transaction(appendEach).immediate();
    } catch (error) {
      this.hooksAbandoned(error);
      throw error;
    }
    this.hooksCommitted();
    if (results.some((r) => r.events.length > 0)) for (const listener of this.listeners) listener();
    return results;
  }

  /** One transaction for every queued append; each caller is answered after its COMMIT. */
  private commitQueued(): void {
    const group = this.queue.splice(0);
    if (group.length === 0) return;
    if (group.length === 1) {
      const [only] = group as [QueuedAppend];
      try {
        only.resolve(this.appendAlone(only.streamId, only.events, only.expected, only.options));
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    this.hooksRun = [];
    let outcomes: GroupOutcome[];
    try {
      outcomes = this.groupTransaction.immediate(group);
    } catch (error) {
      // BEGIN or COMMIT failed (busy, disk full, read-only): the whole group was rolled back.
      this.hooksAbandoned(error);
      for (const a of group) a.reject(error);
      return;
    }
    this.count(outcomes.filter((o) => o.ok).length, group.length);
    this.hooksCommitted();
    if (outcomes.some((o) => o.ok && o.result.events.length > 0)) {
      for (const listener of this.listeners) listener();
    }
    outcomes.forEach((o, i) => (o.ok ? group[i]!.resolve(o.result) : group[i]!.reject(o.error)));
  }

  private count(committed: number, handed = committed): void {
    this.counters.appends += committed;
    this.counters.commits += 1;
    this.counters.largestGroup = Math.max(this.counters.largestGroup, handed);
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    return this.statements.stream.all(streamId).map(toStoredEvent);
  }

  async readStreamWithoutMetadata(streamId: string): Promise<LeanEvent[]> {
    return this.statements.leanStream.all(streamId).map(toLeanEvent);
  }

  async readStreamFrom(streamId: string, fromRevision: number): Promise<StoredEvent[]> {
    return this.statements.streamFrom.all(streamId, fromRevision).map(toStoredEvent);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return readAllInPages((after, limit) => this.page(after ?? -1, limit), options, PAGE_SIZE);
  }

  /**
   * One page of $all as an array (the projection runner's batches). Without metadata, the
   * rows are read without the metadata and event_id columns and nothing of them is parsed.
   */
  readPage(
    after: number,
    limit: number,
    options: { metadata: boolean } = { metadata: true },
  ): LeanEvent[] {
    if (options.metadata) return this.page(after, limit);
    return this.statements.leanPage.all(after, limit).map(toLeanEvent);
  }

  subscribe(options: SubscribeOptions): Subscription {
    return catchUpSubscription(
      {
        readPage: async (after, limit) => this.page(after ?? -1, limit),
        onAppend: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      options,
      { pageSize: PAGE_SIZE, pollMs: this.pollMs },
    );
  }

  async listStreams(): Promise<string[]> {
    return this.statements.streams.all().map((r) => r.stream_id);
  }

  async close(): Promise<void> {
    // Appends already handed to the store are committed (or rejected), not dropped.
    this.commitQueued();
    if (this.ownsDatabase && this.database.open) this.database.close();
  }

  private page(after: number, limit: number): StoredEvent[] {
    return this.statements.page.all(after, limit).map(toStoredEvent);
  }
}

function openDatabase(path: string, readonly: boolean): Database.Database {
  if (!readonly) return new Database(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new StoreNotFoundError(
      `there is no SQLite store at ${path} (${(error as Error).message})`,
    );
  }
  try {
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_CANTOPEN') throw error;
    return inMemoryCopy(path);
  }
}

/**
 * A WAL-mode file on a read-only file system cannot be opened in place (SQLite needs a
 * -shm file beside it, and this build takes no `immutable` URI), so it is read into memory
 * instead, marked as a rollback-journal database (header bytes 18–19), which is what a
 * cleanly closed WAL file is. Only verify and checks of copies open stores read-only.
 */
function inMemoryCopy(path: string): Database.Database {
  const image = fs.readFileSync(path);
  if (image.length >= 20) image.fill(1, 18, 20);
  return new Database(image, { readonly: true });
}

/**
 * A row as a StoredEvent. (Parsing metadata lazily, behind a getter, was tried for the
 * rebuild: the per-event closures made every young-generation GC pause 10× longer and
 * promoted them, which cost more than the JSON.parse it saved.)
 */
function toStoredEvent(row: EventRow): StoredEvent {
  const [position, eventId, streamId, revision, type, version, data, metadata] = row;
  return {
    eventId,
    streamId,
    revision,
    position,
    type,
    version,
    data: JSON.parse(data) as unknown,
    metadata: JSON.parse(metadata) as StoredEvent['metadata'],
  };
}

/** A lean row as a LeanEvent: data parsed, no id, no metadata. */
function toLeanEvent([position, streamId, revision, type, version, data]: LeanEventRow): LeanEvent {
  return { streamId, revision, position, type, version, data: JSON.parse(data) as unknown };
}
