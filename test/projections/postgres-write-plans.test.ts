// The read models' write function keeps its plans for the life of a connection, and a plan
// made right after a rebuild's TRUNCATE sees empty tables: a sequential scan chosen then
// stays while the tables grow (deleting a batch's payments scanned all of payment_journal,
// every batch). The function therefore plans without sequential scans; every row it
// touches is found by an index. This pins the setting and that a rebuild still holds
// exactly the fold's rows with it.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { postgresReadModelsBeside } from '../../infra/open-ledger.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import { dropSchema, freshSchemaName } from '../contract/backends.js';
import { DATABASE_URL, describePostgres, snapshot, type SqlReadModels } from './fixtures.js';
import { generateIntoStore } from './generate.js';

describePostgres('the PostgreSQL write function plans with indexes', () => {
  const schema = freshSchemaName('writeplans');
  let store: PostgresEventStore;
  let readModels: SqlReadModels;

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: DATABASE_URL!, schema });
    await generateIntoStore(store, 24);
    readModels = await postgresReadModelsBeside(store, { batchSize: 17 });
  });

  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    await dropSchema(DATABASE_URL!, schema);
  });

  it('given the schema, then read_models_write runs with enable_seqscan off', async () => {
    const { rows } = await store.db.query<{ proconfig: string[] | null }>(
      `SELECT p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND p.proname = 'read_models_write'`,
      [schema],
    );
    expect(rows).toEqual([{ proconfig: ['enable_seqscan=off'] }]);
  });

  it('when rebuilt in small batches from empty tables, then it holds the fold of every grant', async () => {
    await readModels.rebuild();
    const grants = Array.from({ length: 24 }, (_, i) => `GEN/${i}/2023`);
    expect(await snapshot(readModels, grants, '2024-06-30')).toEqual(
      await snapshot(new FoldReadModels(store), grants, '2024-06-30'),
    );
  });
});
