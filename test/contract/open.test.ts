// Store URL → adapter (interfaces.md, "Stores").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEventStore, postgresTarget } from '../../infra/eventstore/open.js';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { dropSchema, freshSchemaName } from './backends.js';
import { newEvents } from './eventstore.contract.js';

describe('openEventStore', () => {
  it('given memory:, then an in-memory store', async () => {
    // when
    const store = await openEventStore('memory:');
    // then
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('given sqlite::memory:, then a SQLite store in memory', async () => {
    // when
    const store = await openEventStore('sqlite::memory:');
    // then
    expect(store.kind).toBe('sqlite');
    await store.append('s', newEvents(1), 'no_stream');
    expect(await store.readStream('s')).toHaveLength(1);
    await store.close();
  });

  it('given sqlite: with a path in a missing directory, then the directory and the file are created and keep the events', async () => {
    // given
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-open-'));
    const file = path.join(dir, 'data', 'ledger.db');
    try {
      // when
      const first = await openEventStore(`sqlite:${file}`);
      await first.append('s', newEvents(2), 'no_stream');
      await first.close();
      const reopened = await openEventStore(`sqlite:${file}`);
      // then
      expect(fs.existsSync(file)).toBe(true);
      expect(await reopened.readStream('s')).toHaveLength(2);
      await reopened.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given a postgres URL with a schema parameter, then the schema is split off for the store', () => {
    // when
    const target = postgresTarget(
      'postgresql://ledger:ledger@db:5432/ledger?schema=tenant_a&sslmode=disable',
    );
    // then
    expect(target).toEqual({
      connectionString: 'postgresql://ledger:ledger@db:5432/ledger?sslmode=disable',
      schema: 'tenant_a',
    });
  });

  it('given an unknown scheme, then it says which URLs it knows', async () => {
    // when
    const attempt = openEventStore('mysql://localhost/ledger');
    // then
    await expect(attempt).rejects.toThrow(/sqlite:PATH, postgres:\/\/…, esdb:\/\/… or memory:/);
  });

  const databaseUrl = process.env.DATABASE_URL;
  (databaseUrl ? it : it.skip)(
    'given postgres:// with ?schema=, then a PostgreSQL store in that schema',
    async () => {
      // given
      const schema = freshSchemaName('open');
      const url = new URL(databaseUrl!);
      url.searchParams.set('schema', schema);
      try {
        // when
        const store = await openEventStore(url.toString());
        // then
        expect(store).toBeInstanceOf(PostgresEventStore);
        expect((store as PostgresEventStore).schema).toBe(schema);
        await store.close();
      } finally {
        await dropSchema(databaseUrl!, schema);
      }
    },
  );
});
