// A separate OS process for the crash test: runs `rebuild` or `catchUp` over a SQLite
// file and prints its progress, one line per batch, so the test can SIGKILL it midway.
//   node --import tsx test/projections/rebuild-child.ts FILE rebuild|catchup BATCH_SIZE
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { sqliteReadModelsBeside } from '../../infra/open-ledger.js';

const [file, mode = 'rebuild', batch = '100'] = process.argv.slice(2);
if (!file) throw new Error('usage: rebuild-child FILE rebuild|catchup BATCH_SIZE');
const store = SqliteEventStore.open(file);
const readModels = sqliteReadModelsBeside(store, { batchSize: Number(batch) });
if (mode === 'rebuild') {
  await readModels.rebuild(({ done, total }) =>
    process.stdout.write(`progress ${done} ${total}\n`),
  );
} else {
  // catchUp reports no progress: the test watches the checkpoint row instead
  await readModels.catchUp();
}
process.stdout.write('finished\n');
await readModels.close();
await store.close();
