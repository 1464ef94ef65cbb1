// Store URL → a ready Ledger: the event store adapter and the read models that go with it.
//   sqlite:./data/ledger.db (the default)  events and read models in one SQLite file
//   postgres://…                           events and read models in one PostgreSQL database (same schema)
//   esdb://…                               events in EventStoreDB; read models where `readStoreUrl`
//                                          (or LEDGER_READ_STORE) says: sqlite:… or postgres://…,
//                                          default sqlite:./data/readmodels.db
//   memory:                                tests: read models fold the log on demand
// The read models catch up once here, then inline after every command (Ledger).
import { systemClock, type Clock } from '../commands/clock.js';
import { openEventStore, postgresTarget, sqlitePath } from './eventstore/open.js';
import { PostgresEventStore } from './eventstore/postgres.js';
import type { EventStore } from '../commands/event-store-port.js';
import { SqliteEventStore } from './eventstore/sqlite.js';
import type { ReadModels } from '../projections/read-models.js';
import { FoldReadModels } from './readstore/fold-read-models.js';
import { PostgresReadModels } from './readstore/postgres-read-models.js';
import { SqliteReadModels } from './readstore/sqlite-read-models.js';
import { Ledger } from './ledger.js';

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
export async function openReadModels(store: EventStore, readStoreUrl?: string): Promise<ReadModels> {
  if (store instanceof SqliteEventStore) return SqliteReadModels.besideEventStore(store);
  if (store instanceof PostgresEventStore) return PostgresReadModels.besideEventStore(store);
  if (store.kind === 'memory') return new FoldReadModels(store);
  return openReadStore(store, readStoreUrl ?? DEFAULT_READ_STORE_URL);
}

/** Read models at a URL of their own (sqlite:… or postgres://…), fed from `store`. */
export async function openReadStore(store: EventStore, url: string): Promise<ReadModels> {
  if (url.startsWith('sqlite:')) return new SqliteReadModels({ source: store, path: sqlitePath(url) });
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { connectionString, schema } = postgresTarget(url);
    return PostgresReadModels.open({ source: store, connectionString, ...(schema ? { schema } : {}) });
  }
  throw new Error(`unknown read store URL "${url}": use sqlite:PATH or postgres://…`);
}
