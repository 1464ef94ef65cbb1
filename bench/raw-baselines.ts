// The raw limits each ledger figure is compared with, measured on the same database in
// the same run: what the storage engine alone can do, with nothing of the ledger on top.
//   inserts:    one event-shaped row per transaction into a copy of the events table
//               (same columns, same unique indexes), same durability settings as the
//               store — SQLite WAL + synchronous=FULL, PostgreSQL synchronous_commit=on;
//   scan+parse: every row of the events table in position order, data and metadata
//               parsed from JSON (PostgreSQL's driver parses JSONB itself).
import Database from 'better-sqlite3';
import pg from 'pg';
import { postgresTarget, sqlitePath } from '../infra/eventstore/open.js';
import { nowMs } from './stats.js';

const RAW_TABLE = 'bench_raw_events';

/** A row the size and shape of a stored CostsReported event. */
function sampleRow(i: number) {
  const data = {
    claimId: 'claim-1',
    period: { from: '2023-01-01', to: '2023-06-30' },
    costs: [
      { category: 'personal', amount: '40000.00' },
      { category: 'externa tjänster', amount: '10000.00' },
    ],
    total: '50000.00',
    submittedOn: '2023-07-10',
    final: false,
  };
  const metadata = {
    actor: 'applicant@bench',
    commandId: `raw-${i}#claim-1`,
    recordedAt: '2024-02-01T09:00:00.000Z',
    correlationId: `raw-${i}#claim-1`,
    hash: 'f'.repeat(64),
  };
  return {
    eventId: `00000000-0000-5000-8000-${String(i).padStart(12, '0')}`,
    streamId: `grant-RAW/${i}/2024`,
    revision: 0,
    type: 'CostsReported',
    version: 1,
    data: JSON.stringify(data),
    metadata: JSON.stringify(metadata),
    commandId: metadata.commandId,
    recordedAt: metadata.recordedAt,
  };
}

export interface RateResult {
  count: number;
  seconds: number;
  perSec: number;
}

/**
 * Single-row transactional inserts on demand, so they can be interleaved with the workload they are
 * compared with.
 */
export interface RawInserter {
  /** Inserts `count` rows, one transaction each; returns the elapsed seconds. */
  insert(count: number): Promise<number>;
  /**
   * The least a read can cost on this connection: `SELECT 1`, one round trip. Timed beside
   * the balance reads, it is the floor their latency stands on.
   */
  roundTrip(): Promise<void>;
  /** Drops the raw table and disconnects. */
  close(): Promise<void>;
}

/** Sums interleaved chunks into one rate. */
export function rateOf(chunks: readonly { count: number; seconds: number }[]): RateResult {
  const count = chunks.reduce((a, c) => a + c.count, 0);
  const seconds = chunks.reduce((a, c) => a + c.seconds, 0);
  return { count, seconds, perSec: count / seconds };
}

export function sqliteRawInserter(url: string): RawInserter {
  const db = new Database(sqlitePath(url));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`DROP TABLE IF EXISTS ${RAW_TABLE}`);
  db.exec(`
    CREATE TABLE ${RAW_TABLE} (
      position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL,
      metadata TEXT NOT NULL, command_id TEXT, recorded_at TEXT, UNIQUE (stream_id, revision));
    CREATE INDEX ${RAW_TABLE}_command_id ON ${RAW_TABLE} (command_id);`);
  const insert = db.prepare(
    `INSERT INTO ${RAW_TABLE} (event_id, stream_id, revision, type, version, data, metadata, command_id, recorded_at)
     VALUES (@eventId, @streamId, @revision, @type, @version, @data, @metadata, @commandId, @recordedAt)`,
  );
  const one = db.transaction((row: ReturnType<typeof sampleRow>) => insert.run(row));
  const selectOne = db.prepare('SELECT 1').pluck();
  let next = 0;
  return {
    roundTrip: async () => void selectOne.get(),
    insert: async (count) => {
      const rows = Array.from({ length: count }, () => sampleRow(next++));
      const start = nowMs();
      // BEGIN IMMEDIATE … INSERT … COMMIT, as the store's append does.
      for (const row of rows) one.immediate(row);
      return (nowMs() - start) / 1000;
    },
    close: async () => {
      if (!db.open) return;
      db.exec(`DROP TABLE IF EXISTS ${RAW_TABLE}`);
      db.close();
    },
  };
}

export async function postgresRawInserter(url: string): Promise<RawInserter> {
  const { connectionString, schema = 'public' } = postgresTarget(url);
  const table = `"${schema}".${RAW_TABLE}`;
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('SET synchronous_commit = on');
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`
    CREATE TABLE ${table} (
      position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL, data JSONB NOT NULL,
      metadata JSONB NOT NULL, command_id TEXT, recorded_at TEXT, UNIQUE (stream_id, revision))`);
  await client.query(`CREATE INDEX ON ${table} (command_id)`);
  const sql = `INSERT INTO ${table} (event_id, stream_id, revision, type, version, data, metadata, command_id, recorded_at)
               VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)`;
  let next = 0;
  return {
    roundTrip: async () =>
      void (await client.query({ name: 'bench-round-trip', text: 'SELECT 1' })),
    insert: async (count) => {
      const rows = Array.from({ length: count }, () => sampleRow(next++));
      const start = nowMs();
      for (const r of rows) {
        await client.query('BEGIN');
        await client.query({
          name: 'bench-raw-insert',
          text: sql,
          values: [
            r.eventId,
            r.streamId,
            r.revision,
            r.type,
            r.version,
            r.data,
            r.metadata,
            r.commandId,
            r.recordedAt,
          ],
        });
        await client.query('COMMIT');
      }
      return (nowMs() - start) / 1000;
    },
    close: async () => {
      await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await client.end();
    },
  };
}

/** position, event_id, stream_id, revision, type, version, data, metadata */
type ScanRow = [number, string, string, number, string, number, string, string];

/** Reads and parses every event; returns how many. */
export function sqliteRawScanParse(url: string): RateResult {
  const db = new Database(sqlitePath(url), { readonly: true });
  try {
    let count = 0;
    let sink = 0;
    const start = nowMs();
    // Raw mode (arrays, not keyed objects): the fastest way better-sqlite3 reads rows, as the store
    // itself reads them.
    for (const row of db
      .prepare<[], ScanRow>(
        'SELECT position, event_id, stream_id, revision, type, version, data, metadata FROM events ORDER BY position',
      )
      .raw(true)
      .iterate()) {
      const data = JSON.parse(row[6]) as unknown;
      const metadata = JSON.parse(row[7]) as { hash?: string };
      if (data !== null && metadata.hash !== undefined) sink += 1;
      count += 1;
    }
    const seconds = (nowMs() - start) / 1000;
    if (sink !== count) throw new Error('raw scan: an event without a hash');
    return { count, seconds, perSec: count / seconds };
  } finally {
    db.close();
  }
}

export async function postgresRawScanParse(url: string): Promise<RateResult> {
  const { connectionString, schema = 'public' } = postgresTarget(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const pageSize = 5000;
    let after = -1;
    let count = 0;
    const start = nowMs();
    for (;;) {
      // The driver JSON-parses the JSONB columns.
      const { rows } = await client.query<{
        position: string;
        data: unknown;
        metadata: { hash?: string };
      }>(`SELECT * FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT $2`, [
        after,
        pageSize,
      ]);
      for (const row of rows) if (row.data !== null && row.metadata.hash !== undefined) count += 1;
      if (rows.length < pageSize) break;
      after = Number(rows.at(-1)!.position);
    }
    const seconds = (nowMs() - start) / 1000;
    return { count, seconds, perSec: count / seconds };
  } finally {
    await client.end();
  }
}
