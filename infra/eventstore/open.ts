// Store URL → event store adapter (interfaces.md, "Stores"):
//   sqlite:./data/ledger.db   sqlite:/abs/path.db   sqlite::memory:
//   postgres://user:pw@host:5432/db[?schema=name]   (also postgresql://)
//   esdb://host:2113?tls=false
//   memory:
import fs from 'node:fs';
import path from 'node:path';
import { EsdbEventStore } from './esdb.js';
import { MemoryEventStore } from './memory.js';
import type { EventStore } from '../../commands/event-store-port.js';
import { PostgresEventStore } from './postgres.js';
import { SqliteEventStore } from './sqlite.js';
import { displayUrl } from '../redact.js';
import { StoreNotFoundError } from './store-not-found.js';

export async function openEventStore(url: string): Promise<EventStore> {
  if (url === 'memory:' || url === 'memory://') return new MemoryEventStore();
  if (url.startsWith('sqlite:')) return SqliteEventStore.open(sqlitePath(url));
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { connectionString, schema } = postgresTarget(url);
    return PostgresEventStore.open({ connectionString, ...(schema ? { schema } : {}) });
  }
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://'))
    return EsdbEventStore.connect(url);
  throw new Error(
    `unknown store URL "${displayUrl(url)}": use sqlite:PATH, postgres://…, esdb://… or memory:`,
  );
}

/**
 * Opens an existing store without changing it (verify): nothing is created, not even a
 * directory; a store that is not there is a StoreNotFoundError.
 */
export async function openEventStoreReadOnly(url: string): Promise<EventStore> {
  if (url.startsWith('sqlite:')) {
    const file = sqliteFile(url);
    if (file === ':memory:')
      throw new StoreNotFoundError('an in-memory SQLite store is empty: there is nothing to open');
    return new SqliteEventStore({ path: file, readonly: true });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { connectionString, schema } = postgresTarget(url);
    return PostgresEventStore.open({
      connectionString,
      readonly: true,
      ...(schema ? { schema } : {}),
    });
  }
  return openEventStore(url);
}

function sqliteFile(url: string): string {
  let file = url.slice('sqlite:'.length);
  if (file.startsWith('//')) file = file.slice(2); // sqlite:///abs/path.db → /abs/path.db
  if (file === '') throw new Error(`store URL "${url}" names no file`);
  return file;
}

/** The file path of a sqlite: URL, its directory created; ':memory:' stays in memory. */
export function sqlitePath(url: string): string {
  const file = sqliteFile(url);
  if (file === ':memory:') return file;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}

/** Splits our own `schema` parameter off a PostgreSQL URL, leaving what pg understands. */
export function postgresTarget(url: string): { connectionString: string; schema?: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), ...(schema ? { schema } : {}) };
}
