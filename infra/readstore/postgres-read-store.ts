// Read models in PostgreSQL: plain tables (amounts NUMERIC(18,2), dates DATE, timestamps
// TIMESTAMPTZ, event data JSONB) that BI tools read directly (docs/read-models.md). A plain
// adapter: the I/O steps of the projection runner's batches (projections/runner.ts's
// ReadStore), the inline projection's hook, and the queries; the runner that drives it is
// composed in infra/open-ledger.ts. With the PostgreSQL event
// store they live in the same database and schema; an optional schema name isolates tests.
//
// Every batch is one transaction that first locks the checkpoint row (SELECT … FOR
// UPDATE) and re-reads it, so several processes catching up at once take turns and the
// later one skips what the earlier one applied. A batch's rows are written by one call of
// read_models_write (postgres-write-function.ts), not one round trip per row or table.
// The tables' columns are described once (read-model-tables.ts).
// A rebuild TRUNCATEs the tables (it does not drop them, so views that BI users built on
// them survive); only a change of SCHEMA_VERSION drops and recreates them.
import pg from 'pg';
import type { PostgresAppendHook, PreparedHookWrite } from '../eventstore/postgres.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { guardedPool } from '../postgres/guarded-pool.js';
import { inTransaction, quoteIdent } from '../postgres/transaction.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import type { AuditEntry } from '../../projections/audit.js';
import type { GrantBalance } from '../../projections/balance.js';
import type { RatesSource } from '../../projections/read-models.js';
import type { IndicatorStatus } from '../../projections/indicators.js';
import type { JournalEntry } from '../../projections/journal.js';
import type { PortfolioLine } from '../../projections/portfolio.js';
import type { ProjectedEvent } from '../../projections/recorded-event.js';
import { CHECKPOINT_NAME, writeDocument, writeFunctionsSql } from './postgres-write-function.js';
import { START_CHECKPOINT } from '../../projections/checkpoint.js';
import {
  appliedOutcome,
  CheckpointProtocol,
  INLINE_LIMIT,
  type BatchOutcome,
  type ProjectStep,
} from '../../projections/checkpoint-protocol.js';
import type { BatchWrite } from '../../projections/read-model-rows.js';
import type { QueryableReadStore } from '../../projections/projected-read-models.js';
import {
  auditFromRecord,
  balanceFromRecord,
  byGrantId,
  indicatorsFromRecords,
  grantStateFromRecord,
  journalFromRecord,
  portfolioFromRecords,
  ratesFor,
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
import * as tables from './read-model-tables.js';
import { postgresCreateTable } from './postgres-tables.js';

export const POSTGRES_READ_SCHEMA_VERSION = 4;
const TABLES = tables.ALL.map((t) => t.name);

// DATE as its 'YYYY-MM-DD' text (pg would make a local-time Date of it); NUMERIC stays a string.
const DATE_OID = 1082;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

function createSql(s: string): string {
  return `
  ${postgresCreateTable(s, tables.GRANT_BALANCE)}
  CREATE INDEX ON ${s}.grant_balance (status);
  CREATE INDEX ON ${s}.grant_balance (appropriation);
  ${postgresCreateTable(s, tables.GRANT_CONDITION)}
  ${postgresCreateTable(s, tables.INDICATOR_STATUS)}
  ${postgresCreateTable(s, tables.INDICATOR_DELIVERY)}
  ${postgresCreateTable(s, tables.PAYMENT_JOURNAL)}
  ${postgresCreateTable(s, tables.AUDIT_TRAIL)}
  CREATE INDEX ON ${s}.audit_trail (stream_id, revision);
  CREATE INDEX ON ${s}.audit_trail (grant_id);
  ${postgresCreateTable(s, tables.GRANT_STATE)}
  CREATE VIEW ${s}.portfolio AS
  SELECT appropriation,
         committed,
         paid,
         committed - paid                 AS remaining_commitment,
         approved                         AS grants_approved,
         closed                           AS grants_closed,
         withdrawn                        AS grants_withdrawn,
         approved + closed + withdrawn    AS grants_total
    FROM (SELECT appropriation,
                 COALESCE(SUM(CASE status WHEN 'approved' THEN cap WHEN 'closed' THEN net_paid ELSE 0 END), 0)::NUMERIC(18,2) AS committed,
                 COALESCE(SUM(net_paid), 0)::NUMERIC(18,2)   AS paid,
                 COUNT(*) FILTER (WHERE status = 'approved')  AS approved,
                 COUNT(*) FILTER (WHERE status = 'closed')    AS closed,
                 COUNT(*) FILTER (WHERE status = 'withdrawn') AS withdrawn
            FROM ${s}.grant_balance
           WHERE appropriation IS NOT NULL
           GROUP BY appropriation) p;

  CREATE VIEW ${s}.grant_balance_today AS
  SELECT b.*,
         CASE WHEN final_report_submitted_on IS NOT NULL THEN
                CASE WHEN final_report_due IS NOT NULL AND final_report_submitted_on > final_report_due THEN 'late' ELSE 'on-time' END
              WHEN final_report_due IS NOT NULL AND (now() AT TIME ZONE 'UTC')::date > final_report_due THEN 'overdue'
              ELSE 'pending' END AS final_report_state
    FROM ${s}.grant_balance b;

  CREATE VIEW ${s}.indicator_status_today AS
  SELECT i.*,
         CASE WHEN bool_and(i.achieved >= i.target) OVER w THEN 'achieved'
              WHEN b.final_report_submitted_on IS NOT NULL
                OR (b.final_report_due IS NOT NULL AND (now() AT TIME ZONE 'UTC')::date > b.final_report_due) THEN 'missed'
              WHEN bool_or(i.achieved > 0) OVER w THEN 'in-progress'
              ELSE 'not-started' END AS indicator_state
    FROM ${s}.indicator_status i JOIN ${s}.grant_balance b ON b.grant_id = i.grant_id
  WINDOW w AS (PARTITION BY i.grant_id, i.indicator_id);
`;
}

export interface PostgresReadStoreOptions {
  connectionString?: string;
  /** An existing pool (e.g. the event store's); not ended by close(). */
  pool?: pg.Pool;
  /** Schema holding the read-model tables (created if missing). Default: public. */
  schema?: string;
  /** Counts the events after a position cheaply (beside the events table). */
  countEventsAfter?: (after: number) => Promise<number>;
}

export class PostgresReadStore implements QueryableReadStore {
  /** Its audit_trail is a table: the projection writes every event's metadata into it. */
  readonly needsMetadata = true;
  private readonly q: string;
  private readonly protocol = new CheckpointProtocol();
  /** Unregisters the append hook (read models beside the event store). */
  private unhook: (() => void) | undefined;
  /** Beside the events table: audit rows are copied from it (postgres-audit-from-events.ts). */
  private auditFromEvents = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    /** Beside the events it counts them itself; apart, the runner counts through its source. */
    readonly countEventsAfter: ((after: number) => Promise<number>) | undefined,
  ) {
    this.q = quoteIdent(schema);
  }

  static async open(options: PostgresReadStoreOptions): Promise<PostgresReadStore> {
    if (!options.pool && !options.connectionString) {
      throw new Error('PostgresReadStore needs a connectionString or a pool');
    }
    const schema = options.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
      throw new Error(`invalid PostgreSQL schema name: ${schema}`);
    const pool =
      options.pool ??
      guardedPool({ connectionString: options.connectionString }, 'postgres read models');
    const models = new PostgresReadStore(pool, !options.pool, schema, options.countEventsAfter);
    try {
      await models.ensureSchema();
    } catch (error) {
      if (!options.pool) await pool.end();
      throw error;
    }
    return models;
  }

  /**
   * Read models beside a PostgreSQL event store: same pool, same schema, counting its events table.
   */
  static async besideEventStore(store: {
    db: pg.Pool;
    schema: string;
    addAppendHook(hook: PostgresAppendHook): () => void;
  }): Promise<PostgresReadStore> {
    const events = `${quoteIdent(store.schema)}.events`;
    const readModels = await PostgresReadStore.open({
      pool: store.db,
      schema: store.schema,
      countEventsAfter: async (after) =>
        Number(
          (
            await store.db.query<{ n: string }>(
              `SELECT count(*) AS n FROM ${events} WHERE position > $1`,
              [after],
            )
          ).rows[0]!.n,
        ),
    });
    // Inline: the rows of a command's events commit in the command's own transaction (see
    // appendHook).
    readModels.unhook = store.addAppendHook(readModels.appendHook());
    readModels.auditFromEvents = true;
    return readModels;
  }

  // ── schema ───────────────────────────────────────────────────────────────────────────

  private async ensureSchema(): Promise<void> {
    const s = this.q;
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `grant-ledger/read-schema:${this.schema}`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoint (
        name           TEXT PRIMARY KEY,
        position       BIGINT  NOT NULL,
        schema_version INTEGER NOT NULL,
        updated_at     TIMESTAMPTZ NOT NULL
      )`);
      const row = (
        await client.query<{ schema_version: number }>(
          `SELECT schema_version FROM ${s}.projection_checkpoint WHERE name = $1 FOR UPDATE`,
          [CHECKPOINT_NAME],
        )
      ).rows[0];
      const present =
        (await client.query(`SELECT to_regclass($1) AS t`, [`${s}.grant_state`])).rows[0]?.t !==
        null;
      // The write functions are (re)created every time: they change with the code, not the tables.
      if (row && row.schema_version === POSTGRES_READ_SCHEMA_VERSION && present)
        return void (await client.query(writeFunctionsSql(s)));
      await client.query(
        `DROP VIEW IF EXISTS ${s}.portfolio, ${s}.grant_balance_today, ${s}.indicator_status_today`,
      );
      await client.query(
        `DROP TABLE IF EXISTS ${TABLES.map((t) => `${s}.${t}`).join(', ')} CASCADE`,
      );
      await client.query(createSql(s));
      await client.query(
        `INSERT INTO ${s}.projection_checkpoint (name, position, schema_version, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, schema_version = EXCLUDED.schema_version, updated_at = now()`,
        [CHECKPOINT_NAME, START_CHECKPOINT, POSTGRES_READ_SCHEMA_VERSION],
      );
      await client.query(writeFunctionsSql(s));
    });
  }

  // ── ReadStore ────────────────────────────────────────────────────────────────────────

  async readCheckpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.q}.projection_checkpoint WHERE name = $1`,
      [CHECKPOINT_NAME],
    );
    return rows[0] ? Number(rows[0].position) : START_CHECKPOINT;
  }

  /** The checkpoint protocol (checkpoint-protocol.ts), the checkpoint row locked FOR UPDATE. */
  async applyBatch(events: readonly ProjectedEvent[], after: number): Promise<BatchOutcome> {
    const protocol = this.protocol;
    let write: BatchWrite | undefined;
    try {
      const outcome = await inTransaction(this.pool, async (client): Promise<BatchOutcome> => {
        const step = protocol.begin(await this.lockCheckpoint(client), after, events);
        if (step.kind !== 'project') return step;
        write = await this.projectAndWrite(client, step);
        return appliedOutcome(write);
      });
      protocol.committed(write, outcome);
      return outcome;
    } catch (error) {
      protocol.failed();
      throw error;
    }
  }

  /** Locks the checkpoint row for the transaction and reads it. */
  private async lockCheckpoint(client: pg.PoolClient): Promise<number> {
    const locked = await client.query<{ position: string }>(
      `SELECT position FROM ${this.q}.projection_checkpoint WHERE name = $1 FOR UPDATE`,
      [CHECKPOINT_NAME],
    );
    return locked.rows[0] ? Number(locked.rows[0].position) : START_CHECKPOINT;
  }

  /** Loads the states the step needs (grant_state), projects, writes rows and checkpoint. */
  private async projectAndWrite(client: pg.PoolClient, step: ProjectStep): Promise<BatchWrite> {
    const loaded =
      step.load.length === 0
        ? []
        : (
            await client.query<GrantStateRecord>(
              `SELECT grant_id, stream_id, revision, first_position, last_position,
                      state::text AS state
                 FROM ${this.q}.grant_state WHERE grant_id = ANY($1::text[])`,
              [step.load],
            )
          ).rows.map(grantStateFromRecord);
    const write = this.protocol.finish(step, loaded);
    await this.write(client, write);
    return write;
  }

  /**
   * The inline projection (see besideEventStore), by the checkpoint protocol's inline step:
   * inside the append's transaction, with the append lock held, it locks the checkpoint row.
   * Appends take turns on the append lock, so one hook runs at a time per database; the
   * cache stays safe because every transaction validates it against the checkpoint it locked.
   */
  private appendHook(): PostgresAppendHook {
    return {
      inTransaction: async (tx) => {
        const checkpoint = await this.lockCheckpoint(tx.client);
        // Usually the tables are right behind this append: its own events are all there is
        // to apply.
        const justBehind = (await tx.nextPosition(checkpoint)) === tx.appended[0]?.position;
        const pending = justBehind ? tx.appended : await tx.readAfter(checkpoint, INLINE_LIMIT + 1);
        const step = this.protocol.beginInline(checkpoint, pending);
        if (!step) return undefined;
        const write = await this.projectAndWrite(tx.client, step);
        return () => this.protocol.committed(write);
      },
      prepare: (events) => this.prepareInline(events),
      // Nothing of it was kept: forget what it folded; catchUp applies those events again.
      abandoned: () => this.protocol.failed(),
    };
  }

  /**
   * The inline projection of the one-round-trip append (the protocol's predict step): the
   * rows as read_models_inline's document, written only if the log's head and the locked
   * checkpoint are still the step's checkpoint (the append function checks both).
   */
  private prepareInline(
    events: readonly Omit<StoredEvent, 'position'>[],
  ): PreparedHookWrite | undefined {
    const step = this.protocol.predict(events);
    if (!step) return undefined;
    const write = this.protocol.finish(step, []);
    return {
      checkpoint: step.checkpoint,
      document: writeDocument(write, { auditFromEvents: this.auditFromEvents }),
      committed: () => this.protocol.committedPredicted(step, write),
    };
  }

  /**
   * One round trip: the rows and the checkpoint, by read_models_write (postgres-write-function.ts).
   */
  private async write(client: pg.PoolClient, w: BatchWrite): Promise<void> {
    await client.query({
      name: `read_models_write:${this.schema}`,
      text: `SELECT ${this.q}.read_models_write($1::json)`,
      values: [writeDocument(w, { auditFromEvents: this.auditFromEvents })],
    });
  }

  async reset(): Promise<void> {
    const s = this.q;
    this.protocol.reset();
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `SELECT position FROM ${s}.projection_checkpoint WHERE name = $1 FOR UPDATE`,
        [CHECKPOINT_NAME],
      );
      await client.query(`TRUNCATE ${TABLES.map((t) => `${s}.${t}`).join(', ')}`);
      await client.query(
        `UPDATE ${s}.projection_checkpoint SET position = $1, updated_at = now() WHERE name = $2`,
        [START_CHECKPOINT, CHECKPOINT_NAME],
      );
    });
  }

  /** Whether the event at `position` is in the tables (its append projected it inline). */
  hasApplied(position: number): boolean {
    return this.protocol.hasApplied(position);
  }

  // ── queries ─────────────────────────────────────────────────────────────────────────

  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    return (await this.pool.query<R>({ text, values, types })).rows;
  }

  async balance(
    grantId: string,
    today: string,
    rates?: RatesSource,
  ): Promise<GrantBalance | undefined> {
    // One round trip, a prepared statement: the balance row with its conditions as JSON (dates are
    // their text there too).
    const { rows } = await this.pool.query<BalanceRecord & { conditions: ConditionRecord[] }>({
      name: `read_models_balance:${this.schema}`,
      text: `SELECT b.*, (SELECT COALESCE(json_agg(c ORDER BY c.seq), '[]') FROM ${this.q}.grant_condition c WHERE c.grant_id = b.grant_id) AS conditions
               FROM ${this.q}.grant_balance b WHERE b.grant_id = $1`,
      values: [grantId],
      types,
    });
    const row = rows[0];
    if (!row) return undefined;
    const { conditions, ...balance } = row;
    const held = await ratesFor([balance], rates);
    return balanceFromRecord(balance, conditions, today, held);
  }

  async indicators(grantId: string, today: string): Promise<IndicatorStatus[] | undefined> {
    const [row] = await this.query<BalanceRecord>(
      `SELECT * FROM ${this.q}.grant_balance WHERE grant_id = $1`,
      [grantId],
    );
    if (!row) return undefined;
    const indicators = await this.query<IndicatorRecord>(
      `SELECT * FROM ${this.q}.indicator_status WHERE grant_id = $1 ORDER BY indicator_seq, kind_seq`,
      [grantId],
    );
    const deliveries = await this.query<DeliveryRecord>(
      `SELECT d.* FROM ${this.q}.indicator_delivery d
         JOIN (SELECT DISTINCT indicator_id, indicator_seq FROM ${this.q}.indicator_status WHERE grant_id = $1) i ON i.indicator_id = d.indicator_id
        WHERE d.grant_id = $1 ORDER BY i.indicator_seq, d.seq`,
      [grantId],
    );
    return indicatorsFromRecords(grantId, row, indicators, deliveries, today);
  }

  async grants(today: string, status?: ListedStatus, rates?: RatesSource): Promise<GrantBalance[]> {
    // One snapshot for balances and conditions.
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rows = (
        await client.query<BalanceRecord>({
          text: `SELECT * FROM ${this.q}.grant_balance ${status === undefined ? '' : 'WHERE status = $1'}`,
          values: status === undefined ? [] : [status],
          types,
        })
      ).rows;
      const conditions = (
        await client.query<ConditionRecord>({
          text: `SELECT * FROM ${this.q}.grant_condition ORDER BY grant_id, seq`,
          types,
        })
      ).rows;
      await client.query('COMMIT');
      const held = await ratesFor(rows, rates);
      const byGrant = new Map<string, ConditionRecord[]>();
      for (const c of conditions) {
        const list = byGrant.get(c.grant_id);
        if (list) list.push(c);
        else byGrant.set(c.grant_id, [c]);
      }
      return rows
        .map((r) => balanceFromRecord(r, byGrant.get(r.grant_id) ?? [], today, held))
        .sort(byGrantId);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async portfolio(_today: string, appropriation?: string): Promise<PortfolioLine[]> {
    const rows = await this.query<PortfolioRecord>(`SELECT * FROM ${this.q}.portfolio`);
    const lines = portfolioFromRecords(rows);
    return appropriation === undefined
      ? lines
      : lines.filter((l) => l.appropriation === appropriation);
  }

  async payments(grantId?: string): Promise<JournalEntry[]> {
    const rows =
      grantId === undefined
        ? await this.query<PaymentRecord>(
            `SELECT p.* FROM ${this.q}.payment_journal p JOIN ${this.q}.grant_balance b ON b.grant_id = p.grant_id ORDER BY b.first_position, p.seq`,
          )
        : await this.query<PaymentRecord>(
            `SELECT * FROM ${this.q}.payment_journal WHERE grant_id = $1 ORDER BY seq`,
            [grantId],
          );
    return rows.map(journalFromRecord);
  }

  async history(grantId: string): Promise<AuditEntry[]> {
    const rows = await this.query<AuditRecord>(
      `SELECT position, grant_id, stream_id, revision, type, version, business_date,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
              actor, command_id, correlation_id, causation_id, hash, data
         FROM ${this.q}.audit_trail WHERE stream_id = $1 ORDER BY revision`,
      [streamIdOf(grantId)],
    );
    return rows.map((r) => auditFromRecord(r, r.data));
  }

  async close(): Promise<void> {
    this.unhook?.();
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}
