// The audit trail in SQLite has two forms with one shape: beside the SQLite event store it
// is a view over the events table; with events elsewhere (EventStoreDB) it is a table the
// runner fills. An auditor's SQL must read the same rows from either.
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { projectedReadModels, sqliteReadModelsBeside } from '../../infra/open-ledger.js';
import { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import { generateInto } from './generate.js';
import { tempDir } from './fixtures.js';

const kindOf = (db: Database.Database) =>
  (
    db.prepare("SELECT type FROM sqlite_master WHERE name = 'audit_trail'").get() as {
      type: string;
    }
  ).type;
const rowsOf = (db: Database.Database) =>
  db.prepare('SELECT * FROM audit_trail ORDER BY position').all();

describe('audit trail (SQLite): view over the events vs table of its own', () => {
  it('given 40 generated grants, when both forms are caught up, then they hold the same rows, column for column, and history() agrees with the fold', async () => {
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    const events = await generateInto(file, 40);
    const store = SqliteEventStore.open(file);
    const beside = sqliteReadModelsBeside(store, { batchSize: 97 });
    const apartStore = new SqliteReadStore({ path: path.join(dir.dir, 'readmodels.db') });
    const apart = projectedReadModels(store, apartStore, { batchSize: 131 });
    try {
      await beside.catchUp();
      await apart.catchUp();
      expect(kindOf(beside.store.db)).toBe('view');
      expect(kindOf(apart.store.db)).toBe('table');
      const viewRows = rowsOf(beside.store.db);
      expect(viewRows).toHaveLength(events);
      expect(viewRows).toEqual(rowsOf(apart.store.db));
      const fold = new FoldReadModels(store);
      for (const grantId of ['GEN/0/2023', 'GEN/7/2023', 'GEN/39/2023']) {
        const expected = await fold.history(grantId);
        expect(expected.length).toBeGreaterThan(4);
        expect(await beside.history(grantId)).toEqual(expected);
        expect(await apart.history(grantId)).toEqual(expected);
      }
    } finally {
      await beside.close();
      await apart.close();
      await store.close();
      dir.remove();
    }
  });

  it('given the view, when the checkpoint is behind the log, then the trail stops at the checkpoint like every other read model', async () => {
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    const events = await generateInto(file, 5);
    const store = SqliteEventStore.open(file);
    const readModels = sqliteReadModelsBeside(store);
    try {
      expect(rowsOf(readModels.store.db)).toHaveLength(0); // nothing applied yet
      await readModels.catchUp();
      expect(rowsOf(readModels.store.db)).toHaveLength(events);
      expect(await readModels.checkpoint()).toBe(events);
      await readModels.rebuild();
      expect(rowsOf(readModels.store.db)).toHaveLength(events);
    } finally {
      await readModels.close();
      await store.close();
      dir.remove();
    }
  });

  it('given a file whose audit trail is a table, when opened beside the event store, then it becomes the view and the read models are rebuilt', async () => {
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    const events = await generateInto(file, 3);
    const store = SqliteEventStore.open(file);
    try {
      const tableStore = new SqliteReadStore({ db: store.db, ownsDb: false });
      const asTable = projectedReadModels(store, tableStore);
      await asTable.catchUp();
      expect(kindOf(store.db)).toBe('table');
      await asTable.close();
      const asView = sqliteReadModelsBeside(store);
      expect(kindOf(asView.store.db)).toBe('view');
      await asView.catchUp();
      expect(rowsOf(asView.store.db)).toHaveLength(events);
      await asView.close();
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
