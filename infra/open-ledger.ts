// Store URL → a ready Ledger: the event store adapter and the read models that go with it.
//   sqlite:./data/ledger.db (the default)  events and read models in one SQLite file
// postgres://… events and read models in one PostgreSQL database (same schema) esdb://… events in
// EventStoreDB; read models where `readStoreUrl` (or LEDGER_READ_STORE) says: sqlite:… or
// postgres://…, default sqlite:./data/readmodels.db memory: tests: read models fold the log on
// demand The read models catch up once here, then inline after every command (Ledger). This is
// where the app is composed: the event store, the read store (a plain adapter), the projection
// runner that keeps the one up to date from the other, and the Ledger.
import { systemClock, type Clock } from '../commands/clock.js';
import { openEventStore, postgresTarget, sqlitePath } from './eventstore/open.js';
import { PostgresEventStore } from './eventstore/postgres.js';
import type { EventStore } from '../commands/event-store-port.js';
import { SqliteEventStore } from './eventstore/sqlite.js';
import type { ReadModels } from '../projections/read-models.js';
import {
  ProjectedReadModels,
  type QueryableReadStore,
} from '../projections/projected-read-models.js';
import { ProjectionRunner, type EventSource } from '../projections/runner.js';
import { FoldReadModels } from './readstore/fold-read-models.js';
import { PostgresReadStore } from './readstore/postgres-read-store.js';
import { SqliteReadStore } from './readstore/sqlite-read-store.js';
import { Ledger } from './ledger.js';
import { displayUrl } from './redact.js';

export const DEFAULT_STORE_URL = 'sqlite:./data/ledger.db';
export const DEFAULT_READ_STORE_URL = 'sqlite:./data/readmodels.db';

export interface OpenLedgerOptions {
  storeUrl?: string;
  /** Where the read models live when the events are in EventStoreDB. */
  readStoreUrl?: string;
  clock?: Clock;
}

export async function openLedger(options: OpenLedgerOptions = {}): Promise<Ledger> {
  const storeUrl = options.storeUrl ?? process.env.LEDGER_STORE ?? DEFAULT_STORE_URL;
  const store = await openEventStore(storeUrl);
  let readModels: ReadModels | undefined;
  try {
    readModels = await openReadModels(store, options.readStoreUrl ?? process.env.LEDGER_READ_STORE);
    await readModels.catchUp();
  } catch (error) {
    await readModels?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  return new Ledger(store, readModels, options.clock ?? systemClock);
}

/** The read models that go with an event store (see the file comment). */
export async function openReadModels(
  store: EventStore,
  readStoreUrl?: string,
): Promise<ReadModels> {
  if (store instanceof SqliteEventStore) return sqliteReadModelsBeside(store);
  if (store instanceof PostgresEventStore) return postgresReadModelsBeside(store);
  if (store.kind === 'memory') return new FoldReadModels(store);
  return openReadStore(store, readStoreUrl ?? DEFAULT_READ_STORE_URL);
}

/** Read models at a URL of their own (sqlite:… or postgres://…), fed from `store`. */
export async function openReadStore(store: EventStore, url: string): Promise<ReadModels> {
  if (url.startsWith('sqlite:')) {
    return projectedReadModels(store, new SqliteReadStore({ path: sqlitePath(url) }));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { connectionString, schema } = postgresTarget(url);
    const readStore = await PostgresReadStore.open({
      connectionString,
      ...(schema ? { schema } : {}),
    });
    return projectedReadModels(store, readStore);
  }
  throw new Error(`unknown read store URL "${displayUrl(url)}": use sqlite:PATH or postgres://…`);
}

/**
 * The read models the app queries: `readStore`'s tables, kept up to date from `source` by a
 * projection runner (`batchSize` events per transaction; the store counts the events for a
 * rebuild's progress where it sits beside them).
 */
export function projectedReadModels<S extends QueryableReadStore>(
  source: EventSource,
  readStore: S,
  options: { batchSize?: number } = {},
): ProjectedReadModels<S> {
  const count = readStore.countEventsAfter;
  const runner = new ProjectionRunner(source, readStore, {
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(count ? { countEventsAfter: count } : {}),
  });
  return new ProjectedReadModels(runner, readStore);
}

/** Read models beside a SQLite event store: its file and connection, projected inline. */
export function sqliteReadModelsBeside(
  store: SqliteEventStore,
  options: { batchSize?: number } = {},
): ProjectedReadModels<SqliteReadStore> {
  return projectedReadModels(store, SqliteReadStore.besideEventStore(store), options);
}

/** Read models beside a PostgreSQL event store: its pool and schema, projected inline. */
export async function postgresReadModelsBeside(
  store: PostgresEventStore,
  options: { batchSize?: number } = {},
): Promise<ProjectedReadModels<PostgresReadStore>> {
  return projectedReadModels(store, await PostgresReadStore.besideEventStore(store), options);
}
