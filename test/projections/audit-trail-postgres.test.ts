// The audit trail in PostgreSQL has two sources with one shape: beside the PostgreSQL event
// store its rows are copied from the events table by the write function (the document
// carries only each event's grant and business date); with the read models in a schema of
// their own the runner sends whole rows. An auditor's SQL must read the same rows from either.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { postgresReadModelsBeside, projectedReadModels } from '../../infra/open-ledger.js';
import { PostgresReadStore } from '../../infra/readstore/postgres-read-store.js';
import { writeDocument } from '../../infra/readstore/postgres-write-function.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import type { SqlReadModels } from './fixtures.js';
import { DATABASE_URL, describePostgres } from './fixtures.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { generateIntoStore } from './generate.js';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import * as c from '../../commands/builders/grant-commands.js';

const rowsOf = async (pool: pg.Pool, schema: string) =>
  (await pool.query(`SELECT * FROM "${schema}".audit_trail ORDER BY position`)).rows;

describePostgres('audit trail (PostgreSQL): copied from the events vs sent whole', () => {
  const eventsSchema = freshSchemaName('auditbeside');
  const apartSchema = freshSchemaName('auditapart');
  let store: PostgresEventStore;
  let beside: SqlReadModels;
  let apart: SqlReadModels;
  let events: number;

  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: DATABASE_URL!,
      schema: eventsSchema,
    });
    events = await generateIntoStore(store, 30);
    beside = await postgresReadModelsBeside(store, { batchSize: 97 });
    const apartStore = await PostgresReadStore.open({
      connectionString: DATABASE_URL!,
      schema: apartSchema,
    });
    apart = projectedReadModels(store, apartStore, { batchSize: 131 });
  });

  afterAll(async () => {
    await beside?.close();
    await apart?.close();
    await store?.close();
    await dropSchema(DATABASE_URL!, eventsSchema);
    await dropSchema(DATABASE_URL!, apartSchema);
  });

  it('given 30 generated grants, when both are rebuilt, then they hold the same rows, column for column, and history() agrees with the fold', async () => {
    await beside.rebuild();
    await apart.rebuild();
    const copied = await rowsOf(store.db, eventsSchema);
    expect(copied).toHaveLength(events);
    expect(copied).toEqual(await rowsOf(store.db, apartSchema));
    const fold = new FoldReadModels(store);
    for (const grantId of ['GEN/0/2023', 'GEN/7/2023', 'GEN/29/2023']) {
      const expected = await fold.history(grantId);
      expect(expected.length).toBeGreaterThan(4);
      expect(await beside.history(grantId)).toEqual(expected);
      expect(await apart.history(grantId)).toEqual(expected);
    }
  });

  it('when a command is appended beside, then its audit row is copied inline with the same columns as one sent whole', async () => {
    const handler = new CommandHandler({ store, clock: steppingClock('2024-03-02T10:00:00.000Z') });
    const result = await handler.handle({
      ...c.reportIndicator({ kind: 'report', title: 'Inline', deliveredOn: '2023-06-15' }),
      grantId: 'GEN/3/2023',
    });
    if (!result.ok) throw new Error(result.error.message);
    // Projected inline, in the append's own transaction: beside is at the head already.
    const appended = (await store.readStream('grant-GEN/3/2023')).at(-1)!;
    expect(await beside.checkpoint()).toBe(appended.position);
    await beside.catchUp();
    await apart.catchUp();
    const [copied] = (await rowsOf(store.db, eventsSchema)).slice(-1);
    const [sent] = (await rowsOf(store.db, apartSchema)).slice(-1);
    expect(copied).toMatchObject({ grant_id: 'GEN/3/2023', type: 'IndicatorProgressReported' });
    expect(copied).toEqual(sent);
  });

  it('given a key whose event is not in the events table, when written, then the write fails and nothing is written', async () => {
    const before = await rowsOf(store.db, eventsSchema);
    const document = writeDocument(
      {
        checkpoint: Number.MAX_SAFE_INTEGER,
        audit: [{ ...before[0], position: 987_654_321, grantId: 'GEN/0/2023', businessDate: null }],
        grants: [],
      } as never,
      { auditFromEvents: true },
    );
    expect(JSON.parse(document)).not.toHaveProperty('audit_trail');
    await expect(
      store.db.query(`SELECT "${eventsSchema}".read_models_write($1::json)`, [document]),
    ).rejects.toThrow(/audit trail: 0 of 1 events found/);
    expect(await rowsOf(store.db, eventsSchema)).toEqual(before);
  });
});
