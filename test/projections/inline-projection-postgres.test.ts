// Read models beside the PostgreSQL event store are projected inside every append's
// transaction (PostgresAppendHook), as beside the SQLite store: one commit for events and
// tables. The same edges as test/projections/inline-projection.test.ts: current the moment
// append returns; a failing hook never costs the append; far behind, the hook steps aside
// for catchUp; appends committed by another store instance are applied with the next one.
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { steppingClock } from '../../commands/clock.js';
import type { NewEvent } from '../../commands/event-store-port.js';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import { Ledger } from '../../infra/ledger.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { postgresReadModelsBeside } from '../../infra/open-ledger.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { DATABASE_URL, describePostgres, tempDir } from './fixtures.js';
import { generateInto } from './generate.js';
import {
  expectCurrentAfterEveryAppend,
  expectFarBehindLeftToCatchUp,
  expectOthersAppendsAppliedWithNext,
} from './inline-scenarios.js';

async function withSchema(body: (schema: string) => Promise<void>): Promise<void> {
  const schema = freshSchemaName('inline');
  try {
    await body(schema);
  } finally {
    await dropSchema(DATABASE_URL!, schema);
  }
}

const openStore = (schema: string) =>
  PostgresEventStore.open({ connectionString: DATABASE_URL!, schema, pollMs: 100 });

/** Copies `grants` generated grants into the store, a stream per append (no read models on it). */
async function generateIntoPostgres(store: PostgresEventStore, grants: number): Promise<number> {
  const dir = tempDir();
  const file = path.join(dir.dir, 'ledger.db');
  await generateInto(file, grants);
  const source = SqliteEventStore.open(file);
  const streams = new Map<string, NewEvent[]>();
  let count = 0;
  try {
    for await (const e of source.readAll()) {
      const { hash: _hash, ...metadata } = e.metadata; // the store chains its own hashes
      const list = streams.get(e.streamId) ?? [];
      list.push({ eventId: e.eventId, type: e.type, version: e.version, data: e.data, metadata });
      streams.set(e.streamId, list);
      count += 1;
    }
  } finally {
    await source.close();
    dir.remove();
  }
  for (const [streamId, events] of streams) await store.append(streamId, events, 'no_stream');
  return count;
}

const noted = (n: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Noted',
  version: 1,
  data: {},
  metadata: { actor: 'a', commandId: `c-${n}`, recordedAt: '2024-01-01T00:00:00.000Z' },
});

describePostgres('inline projection (PostgreSQL read models beside the event store)', () => {
  it('given read models beside the store, when commands are appended, then the tables hold them as soon as append returns, with no catchUp', async () => {
    await withSchema(async (schema) => {
      const store = await openStore(schema);
      const readModels = await postgresReadModelsBeside(store);
      try {
        await expectCurrentAfterEveryAppend(store, readModels);
      } finally {
        await readModels.close();
        await store.close();
      }
    });
  });

  it('given a grant this process has handled, when its next commands come, then each is one query to the server (append, rows and commit in one call)', async () => {
    await withSchema(async (schema) => {
      const store = await openStore(schema);
      const readModels = await postgresReadModelsBeside(store);
      try {
        const ledger = new Ledger(store, readModels, steppingClock('2023-06-01T09:00:00.000Z'));
        const [apply, ...rest] = FOUNDING_CASE_COMMANDS;
        expect((await ledger.execute(apply)).ok).toBe(true);
        const calls: string[] = [];
        const pool = store.db;
        const query = pool.query.bind(pool);
        const connect = pool.connect.bind(pool);
        let inQuery = false; // pool.query checks a client out through pool.connect itself
        pool.query = ((...args: Parameters<typeof pool.query>) => {
          calls.push('query');
          inQuery = true;
          try {
            return query(...args);
          } finally {
            inQuery = false;
          }
        }) as typeof pool.query;
        pool.connect = ((...args: Parameters<typeof pool.connect>) => {
          if (!inQuery) calls.push('connect'); // a transaction of its own: several round trips
          return connect(...args);
        }) as typeof pool.connect;
        for (const command of rest) {
          calls.length = 0;
          expect((await ledger.execute(command)).ok).toBe(true);
          expect(calls).toEqual(['query']);
        }
        expect(await readModels.balance(FOUNDING_GRANT_ID, '2024-06-01')).toEqual(
          await new FoldReadModels(store).balance(FOUNDING_GRANT_ID, '2024-06-01'),
        );
      } finally {
        await readModels.close();
        await store.close();
      }
    });
  });

  it('given a hook that throws, when appending, then the events still commit, the other hooks still run and the thrower is told', async () => {
    await withSchema(async (schema) => {
      const store = await openStore(schema);
      try {
        const told: unknown[] = [];
        const committed: string[] = [];
        store.addAppendHook({
          inTransaction: async (tx) => {
            // its own writes, undone with its savepoint
            await tx.client.query('CREATE TABLE hook_scratch (x int)');
            await tx.readAfter(-1, 10);
            throw new Error('projection bug');
          },
          abandoned: (error) => told.push(error),
        });
        store.addAppendHook({
          inTransaction: async () => () => committed.push('second'),
          abandoned: (error) => told.push(error),
        });
        const result = await store.append('s-1', [noted(1)], 'no_stream');
        expect(result.events).toHaveLength(1);
        expect(await store.readStream('s-1')).toHaveLength(1);
        expect(told).toEqual([new Error('projection bug')]);
        expect(committed).toEqual(['second']);
        const scratch = await store.db.query(
          `SELECT to_regclass('"${schema}".hook_scratch') AS t, to_regclass('public.hook_scratch') AS p`,
        );
        expect(scratch.rows[0]).toEqual({ t: null, p: null });
      } finally {
        await store.close();
      }
    });
  });

  it('given an append that is refused (wrong expected revision), then no hook runs and none is told it committed', async () => {
    await withSchema(async (schema) => {
      const store = await openStore(schema);
      try {
        const calls: string[] = [];
        store.addAppendHook({
          inTransaction: async () => {
            calls.push('in');
            return () => calls.push('committed');
          },
          abandoned: () => calls.push('abandoned'),
        });
        await expect(store.append('s-1', [noted(2)], 3)).rejects.toThrow();
        expect(calls).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  it('given read models more than 1 000 events behind, when a command is appended, then the hook steps aside and catchUp applies everything', async () => {
    await withSchema(async (schema) => {
      const loader = await openStore(schema);
      const events = await generateIntoPostgres(loader, 100); // ~1 200 events, no read models yet
      await loader.close();
      expect(events).toBeGreaterThan(1000);
      const store = await openStore(schema);
      const readModels = await postgresReadModelsBeside(store);
      try {
        await expectFarBehindLeftToCatchUp(store, readModels);
      } finally {
        await readModels.close();
        await store.close();
      }
    });
  });

  it('given events appended through another store instance (another process), when this one appends, then its transaction applies those too', async () => {
    await withSchema(async (schema) => {
      const store = await openStore(schema);
      const readModels = await postgresReadModelsBeside(store);
      // no read models on it: its appends leave the tables behind
      const other = await openStore(schema);
      try {
        await expectOthersAppendsAppliedWithNext(store, other, readModels);
      } finally {
        await other.close();
        await readModels.close();
        await store.close();
      }
    });
  });
});
