// The projection runner's page reads (EventSource.readPage): a batch read as one array,
// and, for read models that need no metadata, without it. The rows must not depend on
// which way the events were read.
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { projectedReadModels, sqliteReadModelsBeside } from '../../infra/open-ledger.js';
import { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import { foldGrant } from '../../projections/grant-fold.js';
import { encodeGrantState } from '../../projections/grant-state-codec.js';
import { projectBatch } from '../../projections/project-batch.js';
import type { EventSource } from '../../projections/runner.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { DATABASE_URL, describePostgres, readModelRows, tempDir } from './fixtures.js';
import { generateInto } from './generate.js';

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

describe('readPage of the SQLite event store', () => {
  it('given generated grants, when pages are read with and without metadata, then they are readAll cut at after and limit, the lean ones without id and metadata', async () => {
    // given
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    const count = await generateInto(file, 6);
    const store = SqliteEventStore.open(file);
    try {
      const all = await collect(store.readAll());
      expect(all).toHaveLength(count);
      const after = all[9]!.position;
      // when
      const full = store.readPage(after, 25, { metadata: true });
      const lean = store.readPage(after, 25, { metadata: false });
      const tail = store.readPage(all.at(-3)!.position, 25, { metadata: false });
      // then
      expect(full).toEqual(all.slice(10, 35));
      expect(lean).toEqual(
        all.slice(10, 35).map(({ eventId: _id, metadata: _metadata, ...rest }) => rest),
      );
      expect(lean.every((e) => e.metadata === undefined && e.eventId === undefined)).toBe(true);
      expect(tail.map((e) => e.position)).toEqual(all.slice(-2).map((e) => e.position));
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('readStreamWithoutMetadata of the SQLite event store (replays as of a business date)', () => {
  it('given a grant, when its stream is read without metadata, then it is readStream without ids and metadata, and folds to the same state as of any date', async () => {
    // given
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    await generateInto(file, 2);
    const store = SqliteEventStore.open(file);
    try {
      const streamId = 'grant-GEN/1/2023';
      const full = await store.readStream(streamId);
      // when
      const lean = await store.readStreamWithoutMetadata(streamId);
      // then
      expect(full.length).toBeGreaterThan(8);
      expect(lean).toEqual(full.map(({ eventId: _id, metadata: _metadata, ...rest }) => rest));
      for (const asOf of ['2023-01-01', '2023-06-30', '2024-01-15', '2030-01-01']) {
        expect(encodeGrantState(foldGrant(lean, { asOf }))).toBe(
          encodeGrantState(foldGrant(full, { asOf })),
        );
      }
      // as of a recorded moment the metadata is needed: lean events are refused, never folded
      // as if visible
      expect(() => foldGrant(lean, { asOfRecorded: '2024-02-01T09:00:00.000Z' })).toThrow(
        /without the metadata/,
      );
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('the runner reads pages when the source can', () => {
  it('given 30 generated grants, when read models are caught up through lean pages (beside the store) and through readAll alone (a source without readPage), then every table holds the same rows', async () => {
    // given
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    const count = await generateInto(file, 30);
    const store = SqliteEventStore.open(file);
    const paged = sqliteReadModelsBeside(store, { batchSize: 61 });
    // Only readAll: what EventStoreDB offers. Its read store keeps an audit_trail table, so it also
    // needs the metadata.
    const apart = new SqliteReadStore({ path: path.join(dir.dir, 'apart.db') });
    const readAllOnly: EventSource = { readAll: (o) => store.readAll(o) };
    const iterated = projectedReadModels(readAllOnly, apart, { batchSize: 47 });
    try {
      expect(paged.store.needsMetadata).toBe(false);
      expect(iterated.store.needsMetadata).toBe(true);
      // when
      await paged.catchUp();
      await iterated.catchUp();
      // then
      expect(await paged.checkpoint()).toBe(count);
      expect(await iterated.checkpoint()).toBe(count);
      const a = readModelRows(paged.store.db);
      expect(a.grant_balance).toHaveLength(30);
      expect(a.audit_trail).toHaveLength(count);
      expect(a).toEqual(readModelRows(iterated.store.db));
    } finally {
      await paged.close();
      await iterated.close();
      await store.close();
      dir.remove();
    }
  });

  it('given events read without metadata, when a batch that writes an audit trail is projected, then it refuses instead of writing a trail without actors and hashes', async () => {
    // given
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    await generateInto(file, 1);
    const store = SqliteEventStore.open(file);
    try {
      const lean = store.readPage(-1, 10, { metadata: false });
      // when / then
      expect(() => projectBatch(lean, new Map(), { audit: true })).toThrow(
        /without the metadata the audit trail needs/,
      );
      expect(projectBatch(lean, new Map(), { audit: false }).grants).toHaveLength(1);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describePostgres('readPage and readStreamWithoutMetadata of the PostgreSQL event store', () => {
  it('given events, when a page is read, then it is readAll cut at after and limit, with metadata; a stream read without metadata is readStream without ids and metadata', async () => {
    // given
    const schema = freshSchemaName('readpage');
    const store = await PostgresEventStore.open({ connectionString: DATABASE_URL!, schema });
    try {
      const dir = tempDir();
      const file = path.join(dir.dir, 'ledger.db');
      await generateInto(file, 3);
      const source = SqliteEventStore.open(file);
      for (const e of await collect(source.readAll())) {
        const { hash: _hash, ...metadata } = e.metadata; // the store chains its own hashes
        await store.append(
          e.streamId,
          [{ eventId: e.eventId, type: e.type, version: e.version, data: e.data, metadata }],
          e.revision === 0 ? 'no_stream' : e.revision - 1,
        );
      }
      await source.close();
      dir.remove();
      const all = await collect(store.readAll());
      // when
      const page = await store.readPage(all[4]!.position, 7);
      // then
      expect(all.length).toBeGreaterThan(20);
      expect(page).toEqual(all.slice(5, 12));
      const full = await store.readStream('grant-GEN/2/2023');
      expect(full.length).toBeGreaterThan(8);
      expect(await store.readStreamWithoutMetadata('grant-GEN/2/2023')).toEqual(
        full.map(({ eventId: _id, metadata: _metadata, ...rest }) => rest),
      );
    } finally {
      await store.close();
      await dropSchema(DATABASE_URL!, schema);
    }
  });
});
