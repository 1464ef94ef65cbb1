// Where each measurement runs: a fresh, throwaway store per purpose, and how to get rid
// of it. SQLite: files in a temp directory. PostgreSQL: fresh schemas in DATABASE_URL's
// database (`?schema=bench_…`, understood by openLedger/openEventStore), dropped after.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StoreKind } from './args.js';
import { bulkLoadPostgres, bulkLoadSqlite } from './bulk-load.js';
import { postgresRawInserter, sqliteRawInserter, type RawInserter } from './raw-baselines.js';

export interface BenchStore {
  kind: StoreKind;
  /** A store URL nothing has written to yet. */
  fresh(label: string): string;
  /** Raw single-row inserts into a copy of the events table in the same database. */
  rawInserter(url: string): Promise<RawInserter>;
  bulkLoad(url: string, events: number, onProgress?: (done: number) => void): Promise<number>;
  /** Removes everything `fresh` handed out. */
  cleanup(): Promise<void>;
}

export function sqliteBenchStore(): BenchStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  return {
    kind: 'sqlite',
    fresh: (label) => `sqlite:${path.join(dir, `${label}.db`)}`,
    rawInserter: async (url) => sqliteRawInserter(url),
    bulkLoad: bulkLoadSqlite,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresBenchStore(databaseUrl: string): BenchStore {
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  return {
    kind: 'postgres',
    fresh: (label) => {
      const schema = `${prefix}_${label.replace(/[^A-Za-z0-9_]/g, '_')}`;
      schemas.push(schema);
      const url = new URL(databaseUrl);
      url.searchParams.set('schema', schema);
      return url.toString();
    },
    rawInserter: postgresRawInserter,
    bulkLoad: bulkLoadPostgres,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const schema of schemas)
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export function benchStore(kind: StoreKind, env: NodeJS.ProcessEnv = process.env): BenchStore {
  if (kind === 'sqlite') return sqliteBenchStore();
  if (!env.DATABASE_URL) throw new Error('the PostgreSQL figures need DATABASE_URL');
  return postgresBenchStore(env.DATABASE_URL);
}
