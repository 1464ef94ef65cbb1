// The PostgreSQL event store (pg Pool), for several app instances on one database.
//
// Ordering: every append takes ONE advisory lock per store (per schema) inside its
// transaction, pg_advisory_xact_lock(hashtext('grant-ledger/append:' || schema)), held
// until commit. Appends are therefore serialised, identity positions are handed out in
// commit order, and a catch-up reader of $all can never see position p+1 before an event
// at position p commits (which per-stream locks alone would allow: a concurrent
// transaction could take a smaller position and commit later, and a reader at the larger
// one would skip it for good). The same lock gives exactly one winner per revision; the
// UNIQUE (stream_id, revision) constraint is a second line of defence.
//
// One round trip: an append whose stream head this process knows (it wrote or read it last)
// is one call of the schema's ledger_append function (postgres-append-function.ts), which
// applies the same rules under the same lock and, beside read models, writes their rows in
// the same transaction. Anything unusual (a re-append, 'any', an unknown head, a head that
// moved) falls back to the client-side transaction below.
//
// Durability: PostgreSQL's default synchronous_commit=on is kept (COMMIT returns after
// the WAL is flushed), so an acknowledged append survives a crash.
//
// data and metadata are JSONB: key order and whitespace are not kept, but the hash is
// over JCS of the parsed values, and numbers round-trip exactly (numeric holds every
// double's shortest decimal form). One limit: JSONB refuses the character U+0000.
import pg from 'pg';
import { guardedPool } from '../postgres/guarded-pool.js';
import { inTransaction, quoteIdent } from '../postgres/transaction.js';
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
import { StoreNotFoundError } from './store-not-found.js';
import { appendFunctionSql } from './postgres-append-function.js';
import type { AppendHook, AppendTransaction, PreparedHookWrite } from './append-hook.js';
import {
  CommandIdTakenError,
  WrongExpectedRevisionError,
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

/** How long a dropped LISTEN connection waits before it is made again. */
const LISTEN_RETRY_MS = 1000;
const PAGE_SIZE = 500;
/** What ledger_append answers (postgres-append-function.ts). */
interface AppendFunctionAnswer {
  outcome: string;
  head_revision: number | null;
  first_position: string | null;
  detail: string | null;
  fingerprint: string | null;
}

/**
 * Whether ledger_append appended (false: 'slow', the client-side path is to do it); throws
 * the port's errors for a moved stream or a command id used before.
 */
function appendedBy(
  answer: AppendFunctionAnswer,
  streamId: string,
  expected: ExpectedRevision,
  options: AppendOptions,
): boolean {
  switch (answer.outcome) {
    case 'wrong_revision': {
      const actual = answer.head_revision! >= 0 ? answer.head_revision! : 'no_stream';
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    case 'command_taken': {
      const first = recordedCommandOf({
        stream_id: answer.detail!,
        fingerprint: answer.fingerprint,
      });
      throw new CommandIdTakenError(options.command!.commandId, first);
    }
    default:
      return answer.outcome === 'appended';
  }
}

/** Stream heads (revision, hash) remembered for the one-round-trip append. */
const HEADS_KEPT = 10_000;

export interface PostgresEventStoreOptions {
  connectionString?: string;
  /** An existing pool (shared with the read models); the store will not end it. */
  pool?: pg.Pool;
  /** PostgreSQL schema holding the `events` table (created if missing). Default: public. */
  schema?: string;
  /**
   * How often a subscription reads again when no NOTIFY arrived (a NOTIFY can be lost when the
   * listener reconnects).
   */
  pollMs?: number;
  /** Opens an existing event log in read-only transactions; creates nothing (verify). */
  readonly?: boolean;
}

/**
 * The inline-projection hook (append-hook.ts). Appends hold the store's advisory lock, so
 * hooks run one at a time per database.
 */
export type PostgresAppendHook = AppendHook<PostgresAppendTransaction, true>;
export type { PreparedHookWrite };

/** What a PostgresAppendHook sees of the append's transaction: also its client. */
export interface PostgresAppendTransaction extends AppendTransaction<true> {
  client: pg.PoolClient;
}

/** Runs work in a transaction on one client. */
type Within<T> = (work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly listeners = new Set<() => void>();
  private readonly hooks = new Set<PostgresAppendHook>();
  private readonly table: string;
  /** The ledger-wide commandId index (domain.md "Idempotency"). */
  private readonly commandTable: string;
  private readonly channel: string;
  /**
   * The last revision and hash this process saw of each stream (LRU): what the next
   * append chains from without asking. Only a hint: the append function checks both.
   */
  private readonly heads = new Map<string, { revision: number; hash: string }>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    private readonly pollMs: number,
  ) {
    this.table = `${quoteIdent(schema)}.events`;
    this.commandTable = `${quoteIdent(schema)}.command_ids`;
    // LISTEN/NOTIFY channels are per database, so the schema is part of the name.
    this.channel = `ledger_events_${schema}`.slice(0, 63);
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    if (!options.pool && !options.connectionString)
      throw new Error('PostgresEventStore needs a connectionString or a pool');
    const schema = options.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
      throw new Error(`invalid PostgreSQL schema name: ${schema}`);
    const readOnly = options.readonly ? { options: '-c default_transaction_read_only=on' } : {};
    const pool =
      options.pool ??
      guardedPool(
        { connectionString: options.connectionString, ...readOnly },
        'postgres event store',
      );
    const store = new PostgresEventStore(pool, !options.pool, schema, options.pollMs ?? 500);
    try {
      if (options.readonly) await store.mustExist();
      else await store.createSchema();
    } catch (error) {
      if (!options.pool) await pool.end();
      throw error;
    }
    return store;
  }

  /** The pool, for read models living in the same database. */
  get db(): pg.Pool {
    return this.pool;
  }

  /** Runs `hook` inside every append's transaction from now on; returns its removal. */
  addAppendHook(hook: PostgresAppendHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  private async mustExist(): Promise<void> {
    const { rows } = await this.pool.query<{ found: string | null }>(
      'SELECT to_regclass($1) AS found',
      [this.table],
    );
    if (rows[0]?.found == null)
      throw new StoreNotFoundError(`there is no event log in PostgreSQL schema ${this.schema}`);
  }

  private async createSchema(): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // CREATE ... IF NOT EXISTS is not safe against itself in concurrent sessions; several
      // processes opening a fresh database at once take turns here.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `grant-ledger/schema:${this.schema}`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.table} (
          position    BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          event_id    TEXT    NOT NULL UNIQUE,
          stream_id   TEXT    NOT NULL,
          revision    INTEGER NOT NULL,
          type        TEXT    NOT NULL,
          version     INTEGER NOT NULL,
          data        JSONB   NOT NULL,
          metadata    JSONB   NOT NULL,
          command_id  TEXT,
          recorded_at TEXT,
          UNIQUE (stream_id, revision)
        )`);
      await client.query(
        `CREATE INDEX IF NOT EXISTS events_command_id ON ${this.table} (command_id)`,
      );
      const { rows } = await client.query('SELECT to_regclass($1) AS found', [this.commandTable]);
      if (rows[0]?.found === null) {
        // Created once; a store written before the index gets its commands from its events
        // (no fingerprint, the first use of an id kept).
        await client.query(`
          CREATE TABLE ${this.commandTable} (
            command_id  TEXT PRIMARY KEY,
            stream_id   TEXT NOT NULL,
            fingerprint TEXT
          )`);
        await client.query(`
          INSERT INTO ${this.commandTable} (command_id, stream_id, fingerprint)
          SELECT DISTINCT ON (command_id) command_id, stream_id, NULL FROM ${this.table}
           WHERE command_id IS NOT NULL ORDER BY command_id, position`);
      }
      await client.query(appendFunctionSql(quoteIdent(this.schema), this.table, this.commandTable));
    });
  }

  async findCommand(commandId: string): Promise<RecordedCommand | undefined> {
    const { rows } = await this.pool.query<CommandRow>(
      `SELECT stream_id, fingerprint FROM ${this.commandTable} WHERE command_id = $1`,
      [commandId],
    );
    return rows[0] && recordedCommandOf(rows[0]);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    checkDistinctIds(streamId, events);
    /** What the hooks that ran do once the transaction has committed. */
    const afterCommit: (() => void)[] = [];
    const ran: PostgresAppendHook[] = [];
    let result: AppendResult | undefined;
    try {
      result = await this.appendInOneCall(streamId, events, expected, options, afterCommit);
      result ??= await this.appendInTransaction(
        streamId,
        events,
        expected,
        options,
        afterCommit,
        ran,
      );
    } catch (error) {
      this.heads.delete(streamId);
      for (const hook of ran) hook.abandoned(error);
      throw error;
    }
    for (const done of afterCommit) done();
    this.rememberHead(streamId, result.events);
    if (result.events.length > 0) for (const listener of this.listeners) listener();
    return result;
  }

  /**
   * The usual append in one round trip (ledger_append, postgres-append-function.ts), with
   * the hooks' prepared writes. Undefined when it does not apply — 'any', no events, a
   * stream head this process has not seen, a hook that prepares nothing, re-appended ids —
   * and the client-side transaction does the append instead, with its full rules.
   */
  private async appendInOneCall(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions,
    afterCommit: (() => void)[],
  ): Promise<AppendResult | undefined> {
    if (events.length === 0 || expected === 'any' || this.hooks.size > 1) return undefined;
    const head = expected === 'no_stream' ? undefined : this.heads.get(streamId);
    if (expected !== 'no_stream' && head?.revision !== expected) return undefined;
    const chained = chainEvents(streamId, head, events);
    const [hook] = this.hooks;
    const prepared = hook?.prepare?.(chained);
    if (hook && !prepared) return undefined;
    const answer = await this.callAppendFunction(streamId, head, chained, options, prepared);
    if (!appendedBy(answer, streamId, expected, options)) return undefined; // 'slow'
    if (hook && prepared) {
      if (answer.detail === 'projected') afterCommit.push(() => prepared.committed());
      else if (answer.detail?.startsWith('failed'))
        hook.abandoned(new Error(`inline projection: ${answer.detail}`));
    }
    const first = Number(answer.first_position);
    const stored = chained.map((e, i): StoredEvent => ({ ...e, position: first + i }));
    return { nextExpectedRevision: stored.at(-1)!.revision, events: stored };
  }

  /** One call of ledger_append (a prepared statement): its answer row. */
  private async callAppendFunction(
    streamId: string,
    head: { revision: number; hash: string } | undefined,
    chained: ReturnType<typeof chainEvents>,
    options: AppendOptions,
    prepared: PreparedHookWrite | undefined,
  ): Promise<AppendFunctionAnswer> {
    const { rows } = await this.pool.query<AppendFunctionAnswer>({
      name: `ledger_append:${this.schema}`,
      text: `SELECT * FROM ${quoteIdent(this.schema)}.ledger_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::json)`,
      values: [
        `grant-ledger/append:${this.schema}`,
        this.channel,
        streamId,
        head ? head.revision : -1,
        head?.hash ?? null,
        options.command?.commandId ?? null,
        options.command?.fingerprint ?? null,
        ...eventColumns(chained, false),
        prepared?.checkpoint ?? null,
        prepared?.document ?? null,
      ],
    });
    return rows[0]!;
  }

  private rememberHead(streamId: string, events: readonly StoredEvent[]): void {
    const last = events.at(-1);
    if (!last) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { revision: last.revision, hash: last.metadata.hash });
    if (this.heads.size > HEADS_KEPT) this.heads.delete(this.heads.keys().next().value!);
  }

  /** Every write in one transaction (the append lock held throughout): all commit or none. */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    for (const { streamId, events } of writes) checkDistinctIds(streamId, events);
    const afterCommit: (() => void)[] = [];
    const ran: PostgresAppendHook[] = [];
    let results: AppendResult[];
    try {
      results = await inTransaction(this.pool, async (client) => {
        const done: AppendResult[] = [];
        const inThis: Within<AppendResult> = (work) => work(client);
        for (const { streamId, events, expected, command } of writes) {
          const options = command ? { command } : {};
          const hooks = [afterCommit, ran, inThis] as const;
          done.push(await this.appendInTransaction(streamId, events, expected, options, ...hooks));
        }
        return done;
      });
    } catch (error) {
      for (const hook of ran) hook.abandoned(error);
      throw error;
    }
    for (const done of afterCommit) done();
    if (results.some((r) => r.events.length > 0)) for (const listener of this.listeners) listener();
    return results;
  }

  private appendInTransaction(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    options: AppendOptions,
    afterCommit: (() => void)[],
    ran: PostgresAppendHook[],
    /** Its transaction: a new one, or appendMany's (which holds the lock, taken again here). */
    within: Within<AppendResult> = (work) => inTransaction(this.pool, work),
  ): Promise<AppendResult> {
    return within(async (client) => {
      // The one global append lock (see the file comment).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `grant-ledger/append:${this.schema}`,
      ]);

      const existing = (
        await client.query<EventRow>(
          `SELECT * FROM ${this.table} WHERE event_id = ANY($1::text[])`,
          [events.map((e) => e.eventId)],
        )
      ).rows.map(toStoredEvent);
      const foreign = existing.find((e) => e.streamId !== streamId);
      if (foreign)
        throw new Error(
          `event id ${foreign.eventId} is already used in stream ${foreign.streamId}`,
        );
      const previous = matchReappend(streamId, events, existing);
      if (previous) return { nextExpectedRevision: previous.at(-1)!.revision, events: previous };

      const head = (
        await client.query<{ revision: number; hash: string }>(
          `SELECT revision, metadata->>'hash' AS hash FROM ${this.table} WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
          [streamId],
        )
      ).rows[0];
      checkExpectedRevision(streamId, expected, head ? head.revision : 'no_stream');
      if (events.length === 0)
        return { nextExpectedRevision: head ? head.revision : -1, events: [] };
      if (options.command) {
        const { commandId, fingerprint } = options.command;
        // A primary key, not a look-up: it holds however appends to different streams interleave.
        const claimed = await client.query(
          `INSERT INTO ${this.commandTable} (command_id, stream_id, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (command_id) DO NOTHING`,
          [commandId, streamId, fingerprint],
        );
        if (claimed.rowCount === 0) {
          const { rows } = await client.query<CommandRow>(
            `SELECT stream_id, fingerprint FROM ${this.commandTable} WHERE command_id = $1`,
            [commandId],
          );
          throw new CommandIdTakenError(commandId, recordedCommandOf(rows[0]!));
        }
      }

      const chained = chainEvents(streamId, head, events);
      // One statement for the batch; ORDER BY the ordinality hands out positions in revision order.
      const inserted = await client.query<{ event_id: string; position: string }>(
        `INSERT INTO ${this.table} (event_id, stream_id, revision, type, version, data, metadata, command_id, recorded_at)
         SELECT e.event_id, $1, e.revision, e.type, e.version, e.data::jsonb, e.metadata::jsonb, e.command_id, e.recorded_at
           FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[])
                WITH ORDINALITY AS e(event_id, revision, type, version, data, metadata, command_id, recorded_at, ord)
          ORDER BY e.ord
         RETURNING event_id, position`,
        [streamId, ...eventColumns(chained, true)],
      );
      const positions = new Map(inserted.rows.map((r) => [r.event_id, Number(r.position)]));
      // Delivered to listeners only when (and if) the transaction commits.
      await client.query('SELECT pg_notify($1, $2)', [
        this.channel,
        String(positions.get(chained.at(-1)!.eventId)),
      ]);
      const stored = chained.map((e): StoredEvent => ({
        ...e,
        position: positions.get(e.eventId)!,
      }));
      for (const hook of this.hooks) {
        await client.query('SAVEPOINT append_hook');
        try {
          const done = await hook.inTransaction({
            client,
            appended: stored,
            nextPosition: async (position) => {
              const { rows } = await client.query<{ position: string }>(
                `SELECT position FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT 1`,
                [position],
              );
              return rows[0] ? Number(rows[0].position) : undefined;
            },
            readAfter: async (position, limit) =>
              (
                await client.query<EventRow>(
                  `SELECT * FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
                  [position, limit],
                )
              ).rows.map(toStoredEvent),
          });
          await client.query('RELEASE SAVEPOINT append_hook');
          ran.push(hook);
          if (done) afterCommit.push(done);
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT append_hook');
          hook.abandoned(error);
        }
      }
      return { nextExpectedRevision: stored.at(-1)!.revision, events: stored };
    });
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: `read_stream:${this.schema}`,
      text: `SELECT * FROM ${this.table} WHERE stream_id = $1 ORDER BY revision`,
      values: [streamId],
    });
    const events = rows.map(toStoredEvent);
    this.rememberHead(streamId, events);
    return events;
  }

  /**
   * The stream without ids and metadata (a replay as of a business date): less to send and to
   * parse.
   */
  async readStreamWithoutMetadata(streamId: string): Promise<LeanEvent[]> {
    const { rows } = await this.pool.query<Omit<EventRow, 'event_id' | 'metadata'>>(
      `SELECT position, stream_id, revision, type, version, data FROM ${this.table} WHERE stream_id = $1 ORDER BY revision`,
      [streamId],
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      revision: row.revision,
      position: Number(row.position),
      type: row.type,
      version: row.version,
      data: row.data,
    }));
  }

  async readStreamFrom(streamId: string, fromRevision: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT * FROM ${this.table} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision`,
      [streamId, fromRevision],
    );
    const events = rows.map(toStoredEvent);
    this.rememberHead(streamId, events);
    return events;
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return readAllInPages((after, limit) => this.page(after ?? -1, limit), options, PAGE_SIZE);
  }

  /** One page of $all as an array (the projection runner's batches): one query per batch. */
  readPage(after: number, limit: number): Promise<StoredEvent[]> {
    return this.page(after, limit);
  }

  subscribe(options: SubscribeOptions): Subscription {
    return catchUpSubscription(
      {
        readPage: (after, limit) => this.page(after ?? -1, limit),
        onAppend: (listener) => this.listen(listener),
      },
      options,
      { pageSize: PAGE_SIZE, pollMs: this.pollMs },
    );
  }

  async listStreams(): Promise<string[]> {
    // MIN(position), not revision 0: a stream whose first event was deleted must still be listed,
    // so verify sees the break.
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM ${this.table} GROUP BY stream_id ORDER BY MIN(position)`,
    );
    return rows.map((r) => r.stream_id);
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }

  private async page(after: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT * FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Wakes `listener` on appends by this instance and, through LISTEN on a dedicated
   * connection, by other processes. Best effort: the subscription also polls, so a
   * failed or dropped LISTEN connection only adds latency; a dropped one is made again
   * (the database restarted) every LISTEN_RETRY_MS until it holds or the listener stops.
   */
  private listen(listener: () => void): () => void {
    this.listeners.add(listener);
    let stopped = false;
    let client: pg.PoolClient | undefined;
    let retry: NodeJS.Timeout | undefined;
    const onNotification = (): void => listener();
    const onError = (): void => {
      const lost = client;
      client = undefined;
      if (lost) {
        lost.off('notification', onNotification);
        lost.off('error', onError);
        lost.release(true);
      }
      if (!stopped && !retry) {
        retry = setTimeout(connect, LISTEN_RETRY_MS);
        retry.unref();
      }
      // A wake-up: events may have been appended while the connection was down.
      if (!stopped) listener();
    };
    const connect = (): void => {
      retry = undefined;
      this.pool
        .connect()
        .then(async (connected) => {
          if (stopped) return connected.release();
          client = connected;
          connected.on('notification', onNotification);
          connected.on('error', onError);
          await connected.query(`LISTEN ${quoteIdent(this.channel)}`);
        })
        .catch(() => onError());
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      this.listeners.delete(listener);
      const held = client;
      client = undefined;
      if (!held) return;
      held.off('notification', onNotification);
      held.off('error', onError);
      held.query(`UNLISTEN ${quoteIdent(this.channel)}`).then(
        () => held.release(),
        (error: Error) => held.release(error),
      );
    };
  }
}

/**
 * The events as column arrays for unnest: ids, [revisions,] types, versions, data, metadata,
 * commandIds, recordedAt.
 */
function eventColumns(
  chained: readonly Omit<StoredEvent, 'position'>[],
  withRevisions: boolean,
): unknown[][] {
  return [
    chained.map((e) => e.eventId),
    ...(withRevisions ? [chained.map((e) => e.revision)] : []),
    chained.map((e) => e.type),
    chained.map((e) => e.version),
    chained.map((e) => JSON.stringify(e.data)),
    chained.map((e) => JSON.stringify(e.metadata)),
    chained.map((e) => e.metadata.commandId ?? null),
    chained.map((e) => e.metadata.recordedAt ?? null),
  ];
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    // BIGINT arrives as a string; positions stay far below 2^53.
    position: Number(row.position),
    type: row.type,
    version: row.version,
    data: row.data,
    metadata: row.metadata,
  };
}
