// Real stores for the read-model tests: a SQLite file in a temp dir, or a fresh
// PostgreSQL schema on DATABASE_URL. Without DATABASE_URL the PostgreSQL cases are
// registered as skipped, with a warning saying why (never a silent pass).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from '@jest/globals';
import type Database from 'better-sqlite3';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import type { EventStore } from '../../commands/event-store-port.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import {
  postgresReadModelsBeside,
  projectedReadModels,
  sqliteReadModelsBeside,
} from '../../infra/open-ledger.js';
import { PostgresReadStore } from '../../infra/readstore/postgres-read-store.js';
import { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import type { ProjectedReadModels } from '../../projections/projected-read-models.js';
import type { ReadModels } from '../../projections/read-models.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';

/** Read models as the app composes them (openReadModels), on SQLite or PostgreSQL tables. */
export type SqlReadModels = ProjectedReadModels<SqliteReadStore | PostgresReadStore>;

export interface ReadStoreFixture {
  store: EventStore;
  readModels: SqlReadModels;
  /**
   * Another read-model instance on the same tables (a second process, as far as the tables know).
   */
  another(options?: { batchSize?: number }): Promise<SqlReadModels>;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(options?: { batchSize?: number }): Promise<ReadStoreFixture>;
}

export function tempDir(prefix = 'ledger-rm-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  async open(options = {}) {
    const { dir, remove } = tempDir();
    const store = SqliteEventStore.open(path.join(dir, 'ledger.db'));
    const opened: SqlReadModels[] = [];
    const make = async (o: { batchSize?: number }) => {
      const rm = sqliteReadModelsBeside(store, o);
      opened.push(rm);
      return rm;
    };
    const readModels = await make(options);
    return {
      store,
      readModels,
      another: (o = {}) => make(o),
      cleanup: async () => {
        for (const rm of opened) await rm.close();
        await store.close();
        remove();
      },
    };
  },
};

export const DATABASE_URL = process.env.DATABASE_URL;

export const postgresBackend: Backend = {
  name: 'postgres',
  async open(options = {}) {
    const url = DATABASE_URL!;
    const schema = freshSchemaName('readmodels');
    const store = await PostgresEventStore.open({ connectionString: url, schema, pollMs: 100 });
    const opened: SqlReadModels[] = [];
    const make = async (o: { batchSize?: number }) => {
      const rm = await postgresReadModelsBeside(store, o);
      opened.push(rm);
      return rm;
    };
    const readModels = await make(options);
    return {
      store,
      readModels,
      another: async (o = {}) => {
        // A pool of its own, as another process would have.
        const readStore = await PostgresReadStore.open({ connectionString: url, schema });
        const rm = projectedReadModels(store, readStore, o);
        opened.push(rm);
        return rm;
      },
      cleanup: async () => {
        for (const rm of opened) await rm.close();
        await store.close();
        await dropSchema(url, schema);
      },
    };
  },
};

/** describe() for PostgreSQL: skipped, with a warning, when DATABASE_URL is not set. */
export function describePostgres(name: string, body: () => void): void {
  if (DATABASE_URL) {
    describe(name, body);
    return;
  }
  console.warn(
    `${name}: skipped — DATABASE_URL is not set (CI sets postgres://ledger:ledger@127.0.0.1:5432/ledger_test)`,
  );
  describe.skip(name, body);
}

/** Everything the ReadModels interface shows, for every grant, as of `today`. */
export async function snapshot(readModels: ReadModels, grantIds: readonly string[], today: string) {
  const perGrant: Record<string, unknown> = {};
  for (const id of grantIds) {
    perGrant[id] = {
      balance: await readModels.balance(id, today),
      indicators: await readModels.indicators(id, today),
      payments: await readModels.payments(id),
      history: await readModels.history(id),
    };
  }
  return {
    perGrant,
    grants: await readModels.grants(today),
    approved: await readModels.grants(today, 'approved'),
    portfolio: await readModels.portfolio(today),
    payments: await readModels.payments(),
  };
}

export const foldOf = (store: EventStore): FoldReadModels => new FoldReadModels(store);

/** Every SQLite read-model table with its key order: what "the same rows" compares. */
export const READ_MODEL_TABLES: Readonly<Record<string, string>> = {
  grant_balance: 'grant_id',
  grant_condition: 'grant_id, seq',
  indicator_status: 'grant_id, indicator_seq, kind_seq',
  indicator_delivery: 'grant_id, indicator_id, seq',
  payment_journal: 'grant_id, seq',
  audit_trail: 'position',
  // no grant_state: beside the event store, a grant's state is re-folded from its events
};

/** Every row of every read-model table, in key order. */
export function readModelRows(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(READ_MODEL_TABLES))
    out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();
  return out;
}
