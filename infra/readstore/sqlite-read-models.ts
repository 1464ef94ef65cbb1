// Read models in SQLite: plain tables a BI tool can read (docs/read-models.md), kept up
// to date by the projection runner (projections/runner.ts). With the SQLite event store
// they live in the same file (own tables, own connection); with EventStoreDB in a file of
// their own.
//
// Transactions are synchronous (better-sqlite3) and BEGIN IMMEDIATE: the write lock is
// taken before the checkpoint is re-read, so two processes catching up at once take
// turns and the second skips what the first applied. Because nothing awaits inside a
// transaction, it can never interleave with another async job on the same connection.
//
// Amounts are TEXT columns holding the exact 2-decimal string ('142779.50'), never REAL:
// SQLite has no decimal type, and a REAL cannot hold every amount the ledger takes (above
// 2^53 öre it rounds). Sums are taken in integer öre, `CAST(replace(x, '.', '') AS
// INTEGER)` (exact: every stored amount has exactly two decimals), read as BigInt, and
// shown as exact decimal text again.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AppendHook, SqliteEventStore } from '../eventstore/sqlite.js';
import { GRANT_STREAM_PREFIX, grantIdOf, streamIdOf } from '../../domain/grant/decider.js';
import { asGrantEvent, BUSINESS_DATE_FIELD } from '../../domain/grant/events.js';
import { fold } from '../../domain/grant/evolve.js';
import { initialState } from '../../domain/grant/state.js';
import { encodeGrantState } from '../../projections/grant-state-codec.js';
import type { AuditEntry } from '../../projections/audit.js';
import type { GrantBalance } from '../../projections/balance.js';
import type { ReferenceRate } from '../../domain/interest.js';
import type { IndicatorStatus } from '../../projections/indicators.js';
import type { JournalEntry } from '../../projections/journal.js';
import type { PortfolioLine } from '../../projections/portfolio.js';
import type { ReadModels, RebuildProgress } from '../../projections/read-models.js';
import type { ProjectedEvent } from '../../projections/recorded-event.js';
import { START_CHECKPOINT } from '../../projections/checkpoint.js';
import { GrantStateCache } from '../../projections/grant-state-cache.js';
import { projectBatch, grantIdsToLoad, type Projector } from '../../projections/project-batch.js';
import type { BatchWrite, GrantStateRow } from '../../projections/read-model-rows.js';
import { ProjectionRunner, type BatchOutcome, type EventSource, type ReadStore } from '../../projections/runner.js';
import { SerialQueue } from '../../projections/serial-queue.js';
import {
  auditFromRecord,
  balanceFromRecord,
  byGrantId,
  indicatorsFromRecords,
  grantStateFromRecord,
  journalFromRecord,
  portfolioFromRecords,
  type AuditRecord,
  type BalanceRecord,
  type ConditionRecord,
  type DeliveryRecord,
  type GrantStateRecord,
  type IndicatorRecord,
  type ListedStatus,
  type PaymentRecord,
  type PortfolioRecord,
} from './rows.js';

/** Bump when a table changes shape: opening an older file then rebuilds the read models. */
export const SQLITE_READ_SCHEMA_VERSION = 7;

/** An amount column (exact text with two decimals) as integer öre, exactly. */
const ore = (column: string) => `CAST(replace(${column}, '.', '') AS INTEGER)`;
/** Integer öre as exact SEK text with two decimals ('-1.05', '0.07'). */
const oreAsSek = (expression: string) =>
  `(CASE WHEN ${expression} < 0 THEN '-' ELSE '' END || printf('%d.%02d', abs(${expression}) / 100, abs(${expression}) % 100))`;
/** The portfolio's sums per appropriation, in integer öre (domain.md "Portfolio"). */
const PORTFOLIO_SUMS = `SUM(CASE status WHEN 'approved' THEN ${ore('cap')} WHEN 'closed' THEN ${ore('net_paid')} ELSE 0 END) AS committed_ore,
                 SUM(${ore('net_paid')}) AS paid_ore,
                 SUM(status = 'approved') AS approved, SUM(status = 'closed') AS closed, SUM(status = 'withdrawn') AS withdrawn`;

/** stream_id, revision, position, type, version, data of an events row (raw mode). */
type PrefixRow = [streamId: string, revision: number, position: number, type: string, version: number, data: string];
const CHECKPOINT_NAME = 'read-models';
/** The most events an append's transaction projects inline; further behind, catchUp's batches do it. */
const INLINE_LIMIT = 1000;

const DROP = `
  DROP VIEW IF EXISTS portfolio;
  DROP VIEW IF EXISTS grant_balance_today;
  DROP VIEW IF EXISTS indicator_status_today;
  DROP TABLE IF EXISTS grant_balance;
  DROP TABLE IF EXISTS grant_condition;
  DROP TABLE IF EXISTS indicator_status;
  DROP TABLE IF EXISTS indicator_delivery;
  DROP TABLE IF EXISTS payment_journal;
  DROP TABLE IF EXISTS grant_state;
`;

// The row tables are WITHOUT ROWID: clustered on their primary key, so an insert updates
// one B-tree instead of a rowid table plus a key index (≈ 7 % of a rebuild's wall time).
const CREATE = `
  CREATE TABLE grant_balance (
    grant_id                  TEXT PRIMARY KEY,
    stream_id                 TEXT NOT NULL,
    title                     TEXT NOT NULL,
    applicant                 TEXT NOT NULL,
    applicant_org_number      TEXT,
    status                    TEXT NOT NULL,
    appropriation             TEXT,
    cap                       TEXT    NOT NULL,
    rate                      NUMERIC NOT NULL,
    advance_granted           TEXT    NOT NULL,
    reported_costs            TEXT    NOT NULL,
    approved_costs            TEXT    NOT NULL,
    disallowed_costs          TEXT    NOT NULL,
    unreviewed_costs          TEXT    NOT NULL,
    entitlement               TEXT    NOT NULL,
    advance_paid              TEXT    NOT NULL,
    claims_paid               TEXT    NOT NULL,
    pending_payments          TEXT    NOT NULL,
    repaid                    TEXT    NOT NULL,
    net_paid                  TEXT    NOT NULL,
    advance_offset            TEXT    NOT NULL,
    advance_outstanding       TEXT    NOT NULL,
    payable                   TEXT    NOT NULL,
    overpaid                  TEXT    NOT NULL,
    advance_unsettled         TEXT    NOT NULL,
    repayment_due             TEXT    NOT NULL,
    interest_paid             TEXT    NOT NULL,
    recovery_schedule         TEXT,
    remaining_cap             TEXT    NOT NULL,
    undisbursed               TEXT    NOT NULL,
    final_report_due          TEXT,
    final_report_submitted_on TEXT,
    conditions_total          INTEGER NOT NULL,
    conditions_fulfilled      INTEGER NOT NULL,
    first_position            INTEGER NOT NULL,
    last_position             INTEGER NOT NULL,
    revision                  INTEGER NOT NULL,
    payout_account            TEXT    NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE grant_condition (
    grant_id     TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    condition_id TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    fulfilled    INTEGER NOT NULL,
    fulfilled_on TEXT,
    evidence     TEXT,
    PRIMARY KEY (grant_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE indicator_status (
    grant_id      TEXT    NOT NULL,
    indicator_seq INTEGER NOT NULL,
    indicator_id  TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    kind_seq      INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    target        INTEGER NOT NULL,
    achieved      INTEGER NOT NULL,
    PRIMARY KEY (grant_id, indicator_seq, kind_seq)
  ) WITHOUT ROWID;

  CREATE TABLE indicator_delivery (
    grant_id     TEXT    NOT NULL,
    indicator_id TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    delivered_on TEXT    NOT NULL,
    PRIMARY KEY (grant_id, indicator_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE payment_journal (
    grant_id       TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    payment_id     TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    claim_id       TEXT,
    amount         TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    ordered_on     TEXT    NOT NULL,
    ordered_by     TEXT    NOT NULL,
    attested_on    TEXT,
    attested_by    TEXT,
    cancelled_on   TEXT,
    cancelled_by   TEXT,
    cancel_reason  TEXT,
    settled        INTEGER NOT NULL,
    bank_reference TEXT,
    booked_on      TEXT,
    booked_amount  TEXT,
    PRIMARY KEY (grant_id, seq)
  ) WITHOUT ROWID;

  -- Per appropriation (domain.md "Portfolio"); sums in integer öre, shown as exact SEK text.
  CREATE VIEW portfolio AS
  SELECT appropriation,
         ${oreAsSek('committed_ore')}                AS committed,
         ${oreAsSek('paid_ore')}                     AS paid,
         ${oreAsSek('(committed_ore - paid_ore)')}   AS remaining_commitment,
         approved                              AS grants_approved,
         closed                                AS grants_closed,
         withdrawn                             AS grants_withdrawn,
         approved + closed + withdrawn         AS grants_total
    FROM (SELECT appropriation,
                 ${PORTFOLIO_SUMS}
            FROM grant_balance
           WHERE appropriation IS NOT NULL
           GROUP BY appropriation);

  -- The balance with the final report's state as of today (UTC), computed when queried.
  CREATE VIEW grant_balance_today AS
  SELECT b.*,
         CASE WHEN final_report_submitted_on IS NOT NULL THEN
                CASE WHEN final_report_due IS NOT NULL AND final_report_submitted_on > final_report_due THEN 'late' ELSE 'on-time' END
              WHEN final_report_due IS NOT NULL AND date('now') > final_report_due THEN 'overdue'
              ELSE 'pending' END AS final_report_state
    FROM grant_balance b;

  -- Indicator rows with the indicator's state as of today (UTC), computed when queried.
  CREATE VIEW indicator_status_today AS
  SELECT i.*,
         CASE WHEN MIN(i.achieved >= i.target) OVER w = 1 THEN 'achieved'
              WHEN b.final_report_submitted_on IS NOT NULL
                OR (b.final_report_due IS NOT NULL AND date('now') > b.final_report_due) THEN 'missed'
              WHEN MAX(i.achieved > 0) OVER w = 1 THEN 'in-progress'
              ELSE 'not-started' END AS indicator_state
    FROM indicator_status i JOIN grant_balance b ON b.grant_id = i.grant_id
  WINDOW w AS (PARTITION BY i.grant_id, i.indicator_id);
`;

/**
 * Where a grant's fold stands, so the next batch can continue it: only where the events
 * live elsewhere (EventStoreDB). Beside the events table a grant missing from the cache is
 * re-folded from its events up to the checkpoint instead (the read models at checkpoint c
 * ARE the fold of the events up to c), which spares a rebuild encoding and writing every
 * grant's state in every batch.
 */
const GRANT_STATE_TABLE = `
  CREATE TABLE grant_state (
    grant_id       TEXT PRIMARY KEY,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    first_position INTEGER NOT NULL,
    last_position  INTEGER NOT NULL,
    state          TEXT    NOT NULL
  );
`;

/** The audit trail as a table of its own: when the events live elsewhere (EventStoreDB). */
const AUDIT_TABLE = `
  CREATE TABLE audit_trail (
    position       INTEGER PRIMARY KEY,
    grant_id       TEXT    NOT NULL,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    business_date  TEXT,
    recorded_at    TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    command_id     TEXT    NOT NULL,
    correlation_id TEXT,
    causation_id   TEXT,
    hash           TEXT    NOT NULL,
    data           TEXT    NOT NULL
  );
  CREATE INDEX audit_trail_stream ON audit_trail (stream_id, revision);
`;

/**
 * The audit trail as a view over the events table in the same file: the same columns as
 * AUDIT_TABLE, read from the log itself, so the trail cannot differ from the log and a
 * rebuild need not copy every event (that copy was a third of the rebuild's time). It
 * shows the events up to the read models' checkpoint, like every other read model.
 */
const auditView = (checkpointName: string): string => `
  CREATE VIEW audit_trail AS
  SELECT e.position                                         AS position,
         CASE WHEN substr(e.stream_id, 1, ${GRANT_STREAM_PREFIX.length}) = '${GRANT_STREAM_PREFIX}'
              THEN substr(e.stream_id, ${GRANT_STREAM_PREFIX.length + 1}) ELSE e.stream_id END AS grant_id,
         e.stream_id                                        AS stream_id,
         e.revision                                         AS revision,
         e.type                                             AS type,
         e.version                                          AS version,
         CASE e.type
${Object.entries(BUSINESS_DATE_FIELD)
  .map(([type, field]) => `           WHEN '${type}' THEN json_extract(e.data, '$.${field}')`)
  .join('\n')}
         END                                                AS business_date,
         json_extract(e.metadata, '$.recordedAt')           AS recorded_at,
         json_extract(e.metadata, '$.actor')                AS actor,
         json_extract(e.metadata, '$.commandId')            AS command_id,
         json_extract(e.metadata, '$.correlationId')        AS correlation_id,
         json_extract(e.metadata, '$.causationId')          AS causation_id,
         json_extract(e.metadata, '$.hash')                 AS hash,
         e.data                                             AS data
    FROM events e
   WHERE e.position <= (SELECT position FROM projection_checkpoint WHERE name = '${checkpointName}');
`;

const BALANCE_COLUMNS = [
  'grant_id', 'stream_id', 'title', 'applicant', 'applicant_org_number', 'status', 'appropriation', 'cap', 'rate', 'advance_granted',
  'reported_costs', 'approved_costs', 'disallowed_costs', 'unreviewed_costs', 'entitlement', 'advance_paid', 'claims_paid',
  'pending_payments', 'repaid', 'net_paid', 'advance_offset', 'advance_outstanding', 'payable', 'overpaid', 'advance_unsettled',
  'repayment_due', 'interest_paid', 'recovery_schedule', 'remaining_cap',
  'undisbursed', 'final_report_due', 'final_report_submitted_on', 'conditions_total', 'conditions_fulfilled', 'first_position',
  'last_position', 'revision', 'payout_account',
] as const;

const insertSql = (table: string, columns: readonly string[], verb = 'INSERT'): string =>
  `${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

export interface SqliteReadModelsOptions {
  /** Where the events come from (any EventStore; only readAll is used). */
  source: EventSource;
  /** A database file (opened here, WAL) … */
  path?: string;
  /** … or an open connection (closed by close() only when `ownsDb`). */
  db?: Database.Database;
  ownsDb?: boolean;
  /** Events per transaction. */
  batchSize?: number;
  /** Counts events after a position cheaply (progress total); default: scan readAll. */
  countEventsAfter?: (after: number) => Promise<number>;
  /**
   * true: the database also holds the SQLite event store's `events` table; the audit trail
   * is a view over it and grant states are re-folded from it (no grant_state table).
   * false (default): audit_trail and grant_state are tables the runner fills.
   */
  besideEvents?: boolean;
}

export class SqliteReadModels implements ReadModels, ReadStore {
  readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly runner: ProjectionRunner;
  private readonly queue = new SerialQueue();
  private readonly cache = new GrantStateCache();
  private readonly beside: boolean;
  /** Beside the events the audit trail is a view over them: the projection needs no metadata. */
  get needsMetadata(): boolean {
    return !this.beside;
  }
  private s!: ReturnType<SqliteReadModels['prepare']>;
  /** Unregisters the append hook (read models beside the event store). */
  private unhook: (() => void) | undefined;
  /** What the append hook wrote in the append transaction now in progress. */
  private inlineWrite: BatchWrite | undefined;
  /** The checkpoint this instance last committed (START_CHECKPOINT after a reset): a lower bound of the table's, barring another process's rebuild. */
  private appliedUpTo = START_CHECKPOINT;

  /**
   * Read models beside a SQLite event store: the same file and the same connection. They
   * are projected inside every append's transaction (an AppendHook): a command costs one
   * durable commit for events and read models together, and the tables never lag the
   * log. Events from other processes, and anything the hook left (it steps aside when the
   * tables are far behind, e.g. during a rebuild), are applied by catchUp in batches.
   */
  static besideEventStore(store: EventSource & Pick<SqliteEventStore, 'db' | 'addAppendHook'>, options: { batchSize?: number } = {}): SqliteReadModels {
    const db = store.db;
    const readModels = new SqliteReadModels({
      source: store,
      db,
      ownsDb: false,
      besideEvents: true,
      ...options,
      // Counting all rows is answered from the smallest index (0.4 ms for 200,000 events);
      // counting after a position walks the table's own B-tree (60-75 ms).
      countEventsAfter: async (after) =>
        after === START_CHECKPOINT
          ? (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
          : (db.prepare('SELECT count(*) AS n FROM events WHERE position > ?').get(after) as { n: number }).n,
    });
    readModels.unhook = store.addAppendHook(readModels.appendHook());
    return readModels;
  }

  constructor(options: SqliteReadModelsOptions) {
    if (!options.db && !options.path) throw new Error('SqliteReadModels needs a path or an open database');
    if (options.path && !options.db && options.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    this.db = options.db ?? new Database(options.path!);
    this.ownsDb = options.ownsDb ?? !options.db;
    this.beside = options.besideEvents ?? false;
    const db = this.db;
    if (!db.memory) db.pragma('journal_mode = WAL');
    if (this.ownsDb) {
      // A file of their own: a lost last commit only means re-applying from an earlier checkpoint.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
    }
    this.ensureSchema();
    this.runner = new ProjectionRunner(options.source, this, {
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.countEventsAfter ? { countEventsAfter: options.countEventsAfter } : {}),
    });
  }

  // ── schema ───────────────────────────────────────────────────────────────────────────

  private ensureSchema(): void {
    const db = this.db;
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoint (
        name           TEXT PRIMARY KEY,
        position       INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        updated_at     TEXT    NOT NULL
      )`);
      const row = db.prepare('SELECT schema_version FROM projection_checkpoint WHERE name = ?').get(CHECKPOINT_NAME) as
        | { schema_version: number }
        | undefined;
      const states = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grant_state'").get() !== undefined;
      const asWanted = this.auditTrailKind() === (this.beside ? 'view' : 'table') && states === !this.beside;
      if (!row || row.schema_version !== SQLITE_READ_SCHEMA_VERSION || !asWanted) this.recreate();
    }).immediate();
    this.s = this.prepare();
  }

  /** Drops and creates every read-model table; checkpoint back to the start. Inside a transaction. */
  private recreate(): void {
    const audit = this.auditTrailKind();
    if (audit !== undefined) this.db.exec(`DROP ${audit === 'view' ? 'VIEW' : 'TABLE'} audit_trail`);
    this.db.exec(DROP);
    this.db.exec(CREATE);
    this.db.exec(this.beside ? auditView(CHECKPOINT_NAME) : AUDIT_TABLE + GRANT_STATE_TABLE);
    this.db
      .prepare(
        `INSERT INTO projection_checkpoint (name, position, schema_version, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, schema_version = excluded.schema_version, updated_at = excluded.updated_at`,
      )
      .run(CHECKPOINT_NAME, START_CHECKPOINT, SQLITE_READ_SCHEMA_VERSION, new Date().toISOString());
  }

  /** Beside the events table: the events of some streams up to a position, in order. */
  private prepareBeside() {
    return {
      prefixes: this.db
        .prepare<[string, number], PrefixRow>(
          `SELECT stream_id, revision, position, type, version, data FROM events
            WHERE stream_id IN (SELECT value FROM json_each(?)) AND position <= ? ORDER BY stream_id, revision`,
        )
        .raw(true),
      states: undefined,
      upsertState: undefined,
    };
  }

  /** Events elsewhere: folded states kept in grant_state. */
  private prepareStateTable() {
    return {
      prefixes: undefined,
      states: this.db.prepare<[string], GrantStateRecord>(
        'SELECT * FROM grant_state WHERE grant_id IN (SELECT value FROM json_each(?))',
      ),
      upsertState: this.db.prepare(insertSql('grant_state', ['grant_id', 'stream_id', 'revision', 'first_position', 'last_position', 'state'], 'INSERT OR REPLACE')),
    };
  }

  /** What `audit_trail` is in the file now, if anything. */
  private auditTrailKind(): 'table' | 'view' | undefined {
    const row = this.db.prepare<[], { type: string }>("SELECT type FROM sqlite_master WHERE name = 'audit_trail'").get();
    return row?.type === 'view' ? 'view' : row?.type === 'table' ? 'table' : undefined;
  }

  private prepare() {
    const db = this.db;
    return {
      checkpoint: db.prepare<[string], { position: number }>('SELECT position FROM projection_checkpoint WHERE name = ?'),
      setCheckpoint: db.prepare<[number, string, string]>('UPDATE projection_checkpoint SET position = ?, updated_at = ? WHERE name = ?'),
      ...(this.beside ? this.prepareBeside() : this.prepareStateTable()),
      upsertBalance: db.prepare(insertSql('grant_balance', BALANCE_COLUMNS, 'INSERT OR REPLACE')),
      deleteBalance: db.prepare('DELETE FROM grant_balance WHERE grant_id = ?'),
      deleteConditions: db.prepare('DELETE FROM grant_condition WHERE grant_id = ?'),
      deleteIndicators: db.prepare('DELETE FROM indicator_status WHERE grant_id = ?'),
      deleteDeliveries: db.prepare('DELETE FROM indicator_delivery WHERE grant_id = ?'),
      deletePayments: db.prepare('DELETE FROM payment_journal WHERE grant_id = ?'),
      insertCondition: db.prepare(insertSql('grant_condition', ['grant_id', 'seq', 'condition_id', 'text', 'fulfilled', 'fulfilled_on', 'evidence'])),
      insertIndicator: db.prepare(
        insertSql('indicator_status', ['grant_id', 'indicator_seq', 'indicator_id', 'name', 'kind_seq', 'kind', 'target', 'achieved']),
      ),
      insertDelivery: db.prepare(insertSql('indicator_delivery', ['grant_id', 'indicator_id', 'seq', 'kind', 'title', 'delivered_on'])),
      insertPayment: db.prepare(
        insertSql('payment_journal', [
          'grant_id', 'seq', 'payment_id', 'kind', 'claim_id', 'amount', 'status', 'ordered_on', 'ordered_by', 'attested_on', 'attested_by',
          'cancelled_on', 'cancelled_by', 'cancel_reason', 'settled', 'bank_reference', 'booked_on', 'booked_amount',
        ]),
      ),
      insertAudit: !this.beside
          ? db.prepare(
              insertSql('audit_trail', [
                'position', 'grant_id', 'stream_id', 'revision', 'type', 'version', 'business_date', 'recorded_at', 'actor', 'command_id',
                'correlation_id', 'causation_id', 'hash', 'data',
              ]),
            )
          : undefined,
      balance: db.prepare<[string], BalanceRecord>('SELECT * FROM grant_balance WHERE grant_id = ?'),
      balances: db.prepare<[], BalanceRecord>('SELECT * FROM grant_balance'),
      balancesWithStatus: db.prepare<[string], BalanceRecord>('SELECT * FROM grant_balance WHERE status = ?'),
      conditions: db.prepare<[string], ConditionRecord>('SELECT * FROM grant_condition WHERE grant_id = ? ORDER BY seq'),
      allConditions: db.prepare<[], ConditionRecord>('SELECT * FROM grant_condition ORDER BY grant_id, seq'),
      indicators: db.prepare<[string], IndicatorRecord>('SELECT * FROM indicator_status WHERE grant_id = ? ORDER BY indicator_seq, kind_seq'),
      deliveries: db.prepare<[string, string], DeliveryRecord>(
        `SELECT d.* FROM indicator_delivery d
           JOIN (SELECT DISTINCT indicator_id, indicator_seq FROM indicator_status WHERE grant_id = ?) i ON i.indicator_id = d.indicator_id
          WHERE d.grant_id = ? ORDER BY i.indicator_seq, d.seq`,
      ),
      payments: db.prepare<[string], PaymentRecord>('SELECT * FROM payment_journal WHERE grant_id = ? ORDER BY seq'),
      allPayments: db.prepare<[], PaymentRecord>(
        `SELECT p.* FROM payment_journal p JOIN grant_balance b ON b.grant_id = p.grant_id ORDER BY b.first_position, p.seq`,
      ),
      history: db.prepare<[string], AuditRecord>('SELECT * FROM audit_trail WHERE stream_id = ? ORDER BY revision'),
      portfolio: db.prepare<[], PortfolioRecord>(
        `SELECT appropriation, ${PORTFOLIO_SUMS}
           FROM grant_balance WHERE appropriation IS NOT NULL GROUP BY appropriation`,
      ).safeIntegers(true), // sums above 2^53 öre stay exact (BigInt)
    };
  }

  // ── ReadStore (what the runner calls) ────────────────────────────────────────────────

  async readCheckpoint(): Promise<number> {
    return this.s.checkpoint.get(CHECKPOINT_NAME)?.position ?? START_CHECKPOINT;
  }

  async applyBatch(events: readonly ProjectedEvent[], after: number, project: Projector): Promise<BatchOutcome> {
    const s = this.s;
    let committed: BatchWrite | undefined;
    const apply = this.db.transaction((): BatchOutcome => {
      const checkpoint = s.checkpoint.get(CHECKPOINT_NAME)?.position ?? START_CHECKPOINT;
      this.cache.validate(checkpoint);
      if (checkpoint < after) return { kind: 'stale', checkpoint };
      const pending = checkpoint === after ? events : events.filter((e) => e.position > checkpoint);
      if (pending.length === 0) return { kind: 'applied', checkpoint, applied: 0 };
      const write = this.projectAndWrite(pending, checkpoint, project);
      committed = write;
      return { kind: 'applied', checkpoint: write.checkpoint, applied: write.applied };
    });
    try {
      const outcome = apply.immediate();
      if (committed) this.cache.committed(committed);
      if (outcome.kind === 'applied') this.appliedUpTo = Math.max(this.appliedUpTo, outcome.checkpoint);
      return outcome;
    } catch (error) {
      this.cache.clear();
      throw error;
    }
  }

  /**
   * Inside a transaction, with the checkpoint read in it: loads the touched grants' states
   * (cache, else grant_state, else re-folded from the events up to the checkpoint),
   * projects `pending`, writes the rows and the checkpoint.
   */
  private projectAndWrite(pending: readonly ProjectedEvent[], checkpoint: number, project: Projector): BatchWrite {
    const { found: states, missing } = this.cache.lookup(grantIdsToLoad(pending));
    if (missing.length > 0) {
      if (this.s.prefixes) this.refold(missing, checkpoint, states);
      else for (const r of this.s.states!.all(JSON.stringify(missing))) states.set(r.grant_id, grantStateFromRecord(r));
    }
    const write = project(pending, states, { audit: !this.beside });
    this.write(write);
    return write;
  }

  /**
   * The states of `grantIds` as the tables hold them: the fold of each grant's events up
   * to the checkpoint. A grant with none is absent, and the projection starts it afresh
   * (knowing that it has no rows yet).
   */
  private refold(grantIds: readonly string[], checkpoint: number, into: Map<string, GrantStateRow>): void {
    const byStream = new Map<string, PrefixRow[]>();
    for (const row of this.s.prefixes!.all(JSON.stringify(grantIds.map(streamIdOf)), checkpoint)) {
      const list = byStream.get(row[0]);
      if (list) list.push(row);
      else byStream.set(row[0], [row]);
    }
    for (const [streamId, rows] of byStream) {
      const grantId = grantIdOf(streamId)!;
      const first = rows[0]!;
      const last = rows.at(-1)!;
      const events = rows.map(([, , , type, version, data]) => asGrantEvent({ type, version, data: JSON.parse(data) as unknown }));
      into.set(grantId, { grantId, streamId, revision: last[1], firstPosition: first[2], lastPosition: last[2], state: fold(events, initialState()) });
    }
  }

  /**
   * The inline projection (see besideEventStore). Inside the append's transaction the
   * write lock is held, so the checkpoint read here cannot move; everything after it —
   * this append's events, and any another process committed — is applied, unless that is
   * more than INLINE_LIMIT events (a rebuild in progress, read models long closed): then
   * catchUp does it in batches, outside commands.
   */
  private appendHook(): AppendHook {
    return {
      inTransaction: (tx) => {
        this.inlineWrite = undefined;
        const checkpoint = this.s.checkpoint.get(CHECKPOINT_NAME)?.position ?? START_CHECKPOINT;
        // Usually the tables are right behind this append: its own events are all there is to apply.
        const pending = tx.nextPosition(checkpoint) === tx.appended[0]?.position ? tx.appended : tx.readAfter(checkpoint, INLINE_LIMIT + 1);
        if (pending.length === 0 || pending.length > INLINE_LIMIT) return;
        this.cache.validate(checkpoint);
        this.inlineWrite = this.projectAndWrite(pending, checkpoint, projectBatch);
      },
      committed: () => {
        if (this.inlineWrite) {
          this.cache.committed(this.inlineWrite);
          this.appliedUpTo = Math.max(this.appliedUpTo, this.inlineWrite.checkpoint);
        }
        this.inlineWrite = undefined;
      },
      abandoned: () => {
        // Nothing of it was kept: forget what it folded; catchUp applies those events again.
        this.inlineWrite = undefined;
        this.cache.clear();
      },
    };
  }

  private write(w: BatchWrite): void {
    const s = this.s;
    for (const a of w.audit) {
      s.insertAudit!.run(
        a.position, a.grantId, a.streamId, a.revision, a.type, a.version, a.businessDate ?? null, a.recordedAt, a.actor, a.commandId,
        a.correlationId, a.causationId, a.hash, JSON.stringify(a.data),
      );
    }
    for (const g of w.grants) {
      const st = g.stateRow;
      s.upsertState?.run(st.grantId, st.streamId, st.revision, st.firstPosition, st.lastPosition, encodeGrantState(st.state));
      const b = g.balance;
      if (b) {
        s.upsertBalance.run(
          b.grantId, b.streamId, b.title, b.applicant, b.applicantOrgNumber, b.status, b.appropriation, b.cap, b.rate, b.advanceGranted,
          b.reportedCosts, b.approvedCosts, b.disallowedCosts, b.unreviewedCosts, b.entitlement, b.advancePaid, b.claimsPaid,
          b.pendingPayments, b.repaid, b.netPaid, b.advanceOffset, b.advanceOutstanding, b.payable, b.overpaid, b.advanceUnsettled,
          b.repaymentDue, b.interestPaid, b.recoverySchedule, b.remainingCap,
          b.undisbursed, b.finalReportDue, b.finalReportSubmittedOn, b.conditionsTotal, b.conditionsFulfilled, b.firstPosition,
          b.lastPosition, b.revision, JSON.stringify(b.payoutAccount),
        );
      } else {
        s.deleteBalance.run(g.grantId);
      }
      // Child rows are replaced as a whole, only when they changed, and deleted only when there may be some.
      if (g.changed.conditions) {
        if (g.mayHoldRows.conditions) s.deleteConditions.run(g.grantId);
        for (const c of g.conditions) s.insertCondition.run(c.grantId, c.seq, c.conditionId, c.text, c.fulfilled ? 1 : 0, c.fulfilledOn, c.evidence);
      }
      if (g.changed.indicators) {
        if (g.mayHoldRows.indicators) s.deleteIndicators.run(g.grantId);
        for (const i of g.indicators) s.insertIndicator.run(i.grantId, i.indicatorSeq, i.indicatorId, i.name, i.kindSeq, i.kind, i.target, i.achieved);
      }
      if (g.changed.deliveries) {
        if (g.mayHoldRows.deliveries) s.deleteDeliveries.run(g.grantId);
        for (const d of g.deliveries) s.insertDelivery.run(d.grantId, d.indicatorId, d.seq, d.kind, d.title, d.deliveredOn);
      }
      if (!g.changed.payments) continue;
      if (g.mayHoldRows.payments) s.deletePayments.run(g.grantId);
      for (const p of g.payments) {
        s.insertPayment.run(
          p.grantId, p.seq, p.paymentId, p.kind, p.claimId, p.amount, p.status, p.orderedOn, p.orderedBy, p.attestedOn, p.attestedBy,
          p.cancelledOn, p.cancelledBy, p.cancelReason, p.settled ? 1 : 0, p.bankReference, p.bookedOn, p.bookedAmount,
        );
      }
    }
    s.setCheckpoint.run(w.checkpoint, new Date().toISOString(), CHECKPOINT_NAME);
  }

  async reset(): Promise<void> {
    this.cache.clear();
    this.appliedUpTo = START_CHECKPOINT;
    this.db.transaction(() => this.recreate()).immediate();
    this.s = this.prepare();
  }

  // ── ReadModels ───────────────────────────────────────────────────────────────────────

  async catchUp(): Promise<void> {
    await this.queue.shared(() => this.runner.catchUp());
  }

  async catchUpTo(position: number): Promise<void> {
    if (this.appliedUpTo >= position) return; // the append's own transaction projected it
    await this.catchUp();
  }

  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    return this.queue.exclusive(() => this.runner.rebuild(onProgress));
  }

  /** The position of the last event the tables reflect. */
  checkpoint(): Promise<number> {
    return this.readCheckpoint();
  }

  async balance(grantId: string, today: string, rates: readonly ReferenceRate[] = []): Promise<GrantBalance | undefined> {
    const row = this.s.balance.get(grantId);
    return row && balanceFromRecord(row, this.s.conditions.all(grantId), today, rates);
  }

  async indicators(grantId: string, today: string): Promise<IndicatorStatus[] | undefined> {
    const row = this.s.balance.get(grantId);
    if (!row) return undefined;
    return indicatorsFromRecords(grantId, row, this.s.indicators.all(grantId), this.s.deliveries.all(grantId, grantId), today);
  }

  async grants(today: string, status?: ListedStatus, rates: readonly ReferenceRate[] = []): Promise<GrantBalance[]> {
    const read = this.db.transaction(() => ({
      rows: status === undefined ? this.s.balances.all() : this.s.balancesWithStatus.all(status),
      conditions: this.s.allConditions.all(),
    }));
    const { rows, conditions } = read();
    const byGrant = new Map<string, ConditionRecord[]>();
    for (const c of conditions) {
      const list = byGrant.get(c.grant_id);
      if (list) list.push(c);
      else byGrant.set(c.grant_id, [c]);
    }
    return rows.map((r) => balanceFromRecord(r, byGrant.get(r.grant_id) ?? [], today, rates)).sort(byGrantId);
  }

  async portfolio(_today: string, appropriation?: string): Promise<PortfolioLine[]> {
    const lines = portfolioFromRecords(this.s.portfolio.all());
    return appropriation === undefined ? lines : lines.filter((l) => l.appropriation === appropriation);
  }

  async payments(grantId?: string): Promise<JournalEntry[]> {
    return (grantId === undefined ? this.s.allPayments.all() : this.s.payments.all(grantId)).map(journalFromRecord);
  }

  async history(grantId: string): Promise<AuditEntry[]> {
    return this.s.history.all(streamIdOf(grantId)).map((r) => auditFromRecord(r, JSON.parse(r.data as string)));
  }

  async close(): Promise<void> {
    await this.queue.exclusive(async () => undefined);
    this.unhook?.();
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
