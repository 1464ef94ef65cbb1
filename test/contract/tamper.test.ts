// Integrity (domain.md): whoever edits or deletes a stored event behind the ledger's back,
// straight in the database, is caught by verify, which names the stream and revision.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore } from '../../commands/event-store-port.js';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { verifyStore } from '../../infra/eventstore/verify.js';
import { dropSchema, freshSchemaName, postgresServer } from './backends.js';
import { postgresIntruder, sqliteIntruder } from './intruder.js';
import { newEvents, streamName } from './eventstore.contract.js';

/**
 * A store plus plain SQL on its events table, run behind the store's back; each returns
 * the rows touched.
 */
interface Tamperable {
  store: EventStore;
  setData(streamId: string, revision: number, data: unknown): Promise<number>;
  setActor(streamId: string, revision: number, actor: string): Promise<number>;
  deleteEvent(streamId: string, revision: number): Promise<number>;
  dispose(): Promise<void>;
}

interface Target {
  name: string;
  skip?: string;
  open(): Promise<Tamperable>;
}

const sqlite: Target = {
  name: 'sqlite',
  open: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tamper-'));
    const file = path.join(dir, 'ledger.db');
    const store = SqliteEventStore.open(file);
    const run = sqliteIntruder(file);
    return {
      store,
      setData: (streamId, revision, data) =>
        run(
          'UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?',
          JSON.stringify(data),
          streamId,
          revision,
        ),
      setActor: (streamId, revision, actor) =>
        run(
          "UPDATE events SET metadata = json_set(metadata, '$.actor', ?) WHERE stream_id = ? AND revision = ?",
          actor,
          streamId,
          revision,
        ),
      deleteEvent: (streamId, revision) =>
        run('DELETE FROM events WHERE stream_id = ? AND revision = ?', streamId, revision),
      dispose: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const server = await postgresServer();
const postgres: Target = {
  name: 'postgres',
  ...('skip' in server ? { skip: server.skip } : {}),
  open: async () => {
    if ('skip' in server) throw new Error(server.skip);
    const schema = freshSchemaName('tamper');
    const store = await PostgresEventStore.open({ connectionString: server.url, schema });
    const table = `"${schema}".events`;
    const run = postgresIntruder(server.url);
    return {
      store,
      setData: (streamId, revision, data) =>
        run(
          `UPDATE ${table} SET data = $1::jsonb WHERE stream_id = $2 AND revision = $3`,
          JSON.stringify(data),
          streamId,
          revision,
        ),
      setActor: (streamId, revision, actor) =>
        run(
          `UPDATE ${table} SET metadata = jsonb_set(metadata, '{actor}', to_jsonb($1::text)) WHERE stream_id = $2 AND revision = $3`,
          actor,
          streamId,
          revision,
        ),
      deleteEvent: (streamId, revision) =>
        run(`DELETE FROM ${table} WHERE stream_id = $1 AND revision = $2`, streamId, revision),
      dispose: async () => {
        await store.close();
        await dropSchema(server.url, schema);
      },
    };
  },
};

afterAll(async () => {
  if (!('skip' in server)) await server.release?.();
});

for (const target of [sqlite, postgres]) {
  if (target.skip) console.warn(`SKIPPED ${target.name} tamper tests: ${target.skip}`);
  const suite = target.skip ? describe.skip : describe;

  suite(`tampering with a ${target.name} event store`, () => {
    let ledger: Tamperable;
    let grantA: string;
    let grantB: string;

    beforeEach(async () => {
      // given two intact streams of three events each
      ledger = await target.open();
      grantA = streamName('grant-a');
      grantB = streamName('grant-b');
      await ledger.store.append(grantA, newEvents(3), 'no_stream');
      await ledger.store.append(grantB, newEvents(3, 3), 'no_stream');
      expect(await verifyStore(ledger.store)).toEqual({ ok: true, streams: 2, events: 6 });
    });

    afterEach(async () => {
      await ledger.dispose();
    });

    it('given an event whose data was changed with SQL, when verifying, then exactly that stream and revision are named', async () => {
      // when
      const changed = await ledger.setData(grantB, 1, { n: 99 });
      const report = await verifyStore(ledger.store);
      // then
      expect(changed).toBe(1);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ streamId: grantB, revision: 1 });
      expect(report.streams).toBe(2);
    });

    it('given the middle event of a stream deleted with SQL, when verifying, then the gap is named', async () => {
      // when
      const deleted = await ledger.deleteEvent(grantA, 1);
      const report = await verifyStore(ledger.store);
      // then
      expect(deleted).toBe(1);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ streamId: grantA, revision: 1 });
      expect(report.events).toBe(5);
    });

    it('given the first event of a stream deleted with SQL, when verifying, then the stream is still listed and the break named', async () => {
      // when
      await ledger.deleteEvent(grantB, 0);
      const report = await verifyStore(ledger.store);
      // then
      expect(report.firstBreak).toMatchObject({ streamId: grantB, revision: 0 });
    });

    it("given the actor in an event's metadata rewritten with SQL, when verifying, then that event is named", async () => {
      // when
      const changed = await ledger.setActor(grantA, 2, 'someone-else');
      const report = await verifyStore(ledger.store);
      // then
      expect(changed).toBe(1);
      expect(report.firstBreak).toMatchObject({ streamId: grantA, revision: 2 });
    });
  });
}
