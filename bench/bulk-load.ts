// Fills a store with many events quickly for the rebuild figures. NOT the command path:
// the events of one standard grant are decided once (through a real CommandHandler on the
// in-memory store, so they are exactly what commands produce), then appended as a batch
// per grant straight through EventStore.append — which still assigns revisions, chains
// the hashes and checks the expected revision — many grants per durable commit:
//   SQLite: a few hundred appends inside one outer transaction (the store's own
//           transaction nests as a savepoint), so 1,000,000 events cost ~200 fsyncs, not ~83,000;
//   PostgreSQL: a loading pool whose sessions run synchronous_commit=off.
// The measured ledger never runs with these settings: they only shorten the set-up.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CommandHandler } from '../commands/handler.js';
import { streamIdOf } from '../domain/grant/decider.js';
import { MemoryEventStore } from '../infra/eventstore/memory.js';
import { postgresTarget, sqlitePath } from '../infra/eventstore/open.js';
import type { EventStore, NewEvent } from '../commands/event-store-port.js';
import { PostgresEventStore } from '../infra/eventstore/postgres.js';
import { SqliteEventStore } from '../infra/eventstore/sqlite.js';
import { grantCommands } from './workload.js';

type TemplateEvent = Omit<NewEvent, 'eventId'>;

export const bulkGrantId = (i: number): string => `BULK/${i}/2024`;

/**
 * The events one standard grant's 12 commands produce, without ids (metadata keeps the template's
 * commandIds, made unique per grant below).
 */
export async function templateEvents(): Promise<TemplateEvent[]> {
  const store = new MemoryEventStore();
  const handler = new CommandHandler({ store, clock: () => new Date('2024-02-01T09:00:00.000Z') });
  for (const command of grantCommands('TEMPLATE/1/2024')) {
    const result = await handler.handle(command);
    if (!result.ok) throw new Error(`template command refused: ${JSON.stringify(result.error)}`);
  }
  const events = await store.readStream(streamIdOf('TEMPLATE/1/2024'));
  return events.map((e) => {
    const { hash: _hash, ...metadata } = e.metadata;
    return { type: e.type, version: e.version, data: e.data, metadata };
  });
}

function grantBatch(template: TemplateEvent[], grantIndex: number, count: number): NewEvent[] {
  const grantId = bulkGrantId(grantIndex);
  return template.slice(0, count).map((e) => ({
    ...e,
    eventId: randomUUID(),
    metadata: {
      ...e.metadata,
      commandId: `${grantId}:${e.metadata.commandId.split(':')[1] ?? 'x'}`,
    },
  }));
}

/**
 * Appends `total` events as whole standard grants (the last one possibly cut short: a prefix of a
 * valid grant is valid).
 */
async function appendGrants(
  template: TemplateEvent[],
  total: number,
  appendMany: (batches: { streamId: string; events: NewEvent[] }[]) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<number> {
  const grantsPerCommit = 400;
  let written = 0;
  let grant = 0;
  while (written < total) {
    const batches: { streamId: string; events: NewEvent[] }[] = [];
    while (batches.length < grantsPerCommit && written < total) {
      const events = grantBatch(template, grant, Math.min(template.length, total - written));
      batches.push({ streamId: streamIdOf(bulkGrantId(grant)), events });
      written += events.length;
      grant += 1;
    }
    await appendMany(batches);
    onProgress?.(written);
  }
  return grant;
}

/** Writes `total` events into the SQLite file behind `url`; returns the number of grants. */
export async function bulkLoadSqlite(
  url: string,
  total: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  const template = await templateEvents();
  const store = SqliteEventStore.open(sqlitePath(url));
  try {
    return await appendGrants(
      template,
      total,
      async (batches) => {
        // append() is synchronous for SQLite up to its returned promise, so every append
        // below runs inside this one outer transaction; failures surface when awaited.
        const pending: Promise<unknown>[] = [];
        store.db
          .transaction(() => {
            for (const b of batches) pending.push(store.append(b.streamId, b.events, 'no_stream'));
          })
          .immediate();
        await Promise.all(pending);
      },
      onProgress,
    );
  } finally {
    await store.close();
  }
}

/** Writes `total` events into the PostgreSQL schema behind `url`; returns the number of grants. */
export async function bulkLoadPostgres(
  url: string,
  total: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  const template = await templateEvents();
  const { connectionString, schema } = postgresTarget(url);
  const pool = new pg.Pool({ connectionString, options: '-c synchronous_commit=off', max: 4 });
  const store: EventStore = await PostgresEventStore.open({ pool, ...(schema ? { schema } : {}) });
  try {
    return await appendGrants(
      template,
      total,
      async (batches) => {
        // Appends serialise on the store's lock; a few in flight keep the connection busy.
        for (let i = 0; i < batches.length; i += 4) {
          await Promise.all(
            batches.slice(i, i + 4).map((b) => store.append(b.streamId, b.events, 'no_stream')),
          );
        }
      },
      onProgress,
    );
  } finally {
    await store.close();
    await pool.end();
  }
}
