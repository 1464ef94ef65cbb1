// Read models beside the SQLite event store are projected inside every append's
// transaction (AppendHook): one durable commit for events and tables. These tests pin the
// edges: the tables are current the moment append returns; a failing hook never costs
// the append; far behind (a rebuild, a long pause) the hook steps aside for catchUp; and
// appends committed by another connection are applied with the next one.
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import { sqliteReadModelsBeside } from '../../infra/open-ledger.js';
import { generateInto } from './generate.js';
import {
  expectCurrentAfterEveryAppend,
  expectFarBehindLeftToCatchUp,
  expectOthersAppendsAppliedWithNext,
} from './inline-scenarios.js';
import { tempDir } from './fixtures.js';

const TODAY = '2024-06-01';

async function withStore(
  body: (store: SqliteEventStore, file: string) => Promise<void>,
): Promise<void> {
  const dir = tempDir();
  const file = path.join(dir.dir, 'ledger.db');
  const store = SqliteEventStore.open(file);
  try {
    await body(store, file);
  } finally {
    await store.close();
    dir.remove();
  }
}

describe('inline projection (SQLite read models beside the event store)', () => {
  it('given read models beside the store, when commands are appended, then the tables hold them as soon as append returns, with no catchUp', async () => {
    await withStore(async (store) => {
      const readModels = sqliteReadModelsBeside(store);
      try {
        await expectCurrentAfterEveryAppend(store, readModels);
      } finally {
        await readModels.close();
      }
    });
  });

  it('given a hook that throws, when appending, then the events still commit, the other hooks still run and the thrower is told', async () => {
    await withStore(async (store) => {
      const told: unknown[] = [];
      let committed = 0;
      store.addAppendHook({
        inTransaction: (tx) => {
          tx.readAfter(-1, 10); // it may read; then it fails
          throw new Error('projection bug');
        },
        abandoned: (error) => told.push(error),
      });
      store.addAppendHook({
        inTransaction: () => () => (committed += 1),
        abandoned: (error) => told.push(error),
      });
      const result = await store.append(
        's-1',
        [
          {
            eventId: '00000000-0000-4000-8000-000000000001',
            type: 'Noted',
            version: 1,
            data: {},
            metadata: { actor: 'a', commandId: 'c', recordedAt: '2024-01-01T00:00:00.000Z' },
          },
        ],
        'no_stream',
      );
      expect(result.events).toHaveLength(1);
      expect(await store.readStream('s-1')).toHaveLength(1);
      expect(told).toEqual([new Error('projection bug')]);
      expect(committed).toBe(1);
    });
  });

  it('given an append that is refused (wrong expected revision), then no hook runs and none is told it committed', async () => {
    await withStore(async (store) => {
      const calls: string[] = [];
      store.addAppendHook({
        inTransaction: () => {
          calls.push('in');
          return () => calls.push('committed');
        },
        abandoned: () => calls.push('abandoned'),
      });
      await expect(
        store.append(
          's-1',
          [
            {
              eventId: '00000000-0000-4000-8000-000000000002',
              type: 'Noted',
              version: 1,
              data: {},
              metadata: { actor: 'a', commandId: 'c', recordedAt: '2024-01-01T00:00:00.000Z' },
            },
          ],
          3,
        ),
      ).rejects.toThrow();
      expect(calls).toEqual([]);
    });
  });

  it('given read models more than 1 000 events behind, when a command is appended, then the hook steps aside and catchUp applies everything', async () => {
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    try {
      const events = await generateInto(file, 100); // ~1 200 events, no read models yet
      expect(events).toBeGreaterThan(1000);
      const store = SqliteEventStore.open(file);
      const readModels = sqliteReadModelsBeside(store);
      try {
        await expectFarBehindLeftToCatchUp(store, readModels);
        expect(await readModels.checkpoint()).toBe(events + 1);
      } finally {
        await readModels.close();
        await store.close();
      }
    } finally {
      dir.remove();
    }
  });

  it('given events appended through another connection (another process), when this one appends, then its transaction applies those too', async () => {
    await withStore(async (store, file) => {
      const readModels = sqliteReadModelsBeside(store);
      // no read models on it: its appends leave the tables behind
      const other = SqliteEventStore.open(file);
      try {
        await expectOthersAppendsAppliedWithNext(store, other, readModels);
      } finally {
        await other.close();
        await readModels.close();
      }
    });
  });

  it('given a cold instance (another process, empty cache), when it applies the next events, then each touched grant is re-folded from its events up to the checkpoint and the rows equal the fold', async () => {
    const dir = tempDir();
    const file = path.join(dir.dir, 'ledger.db');
    try {
      const total = await generateInto(file, 30);
      const store = SqliteEventStore.open(file);
      try {
        const warm = sqliteReadModelsBeside(store, { batchSize: 97 });
        // apply roughly half, in batches, then stop: the rest is left for a cold instance
        await warm.rebuild();
        await warm.close();
        const db = store.db;
        const half = Math.floor(total / 2);
        db.prepare("UPDATE projection_checkpoint SET position = ? WHERE name = 'read-models'").run(
          half,
        );
        // (the rows beyond `half` are now ahead of the checkpoint: a rebuild from `half` must
        // rewrite them exactly)
        const cold = sqliteReadModelsBeside(store, { batchSize: 113 });
        try {
          expect(
            db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'grant_state'").get(),
          ).toEqual({ n: 0 });
          await cold.catchUp();
          expect(await cold.checkpoint()).toBe(total);
          const fold = new FoldReadModels(store);
          for (let i = 0; i < 30; i += 7) {
            const grantId = `GEN/${i}/2023`;
            expect(await cold.balance(grantId, TODAY)).toEqual(await fold.balance(grantId, TODAY));
            expect(await cold.payments(grantId)).toEqual(await fold.payments(grantId));
            expect(await cold.indicators(grantId, TODAY)).toEqual(
              await fold.indicators(grantId, TODAY),
            );
          }
        } finally {
          await cold.close();
        }
      } finally {
        await store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
