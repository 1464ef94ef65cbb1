// Several read-model instances (separate connections, as separate processes would have)
// catching up the same tables at once: each batch locks the checkpoint and re-reads it,
// so every event is applied exactly once and the tables equal the pure folds.
import { describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import { FOUNDING_CASE_COMMANDS } from '../../infra/demo/founding-case.js';
import * as c from '../../commands/builders/grant-commands.js';
import type { CommandInput } from '../../domain/ledger-commands.js';
import {
  describePostgres,
  foldOf,
  postgresBackend,
  snapshot,
  sqliteBackend,
  type Backend,
} from './fixtures.js';

const GRANT_IDS = Array.from({ length: 12 }, (_, i) => `C/${i}/2023`);

function commandsFor(grantId: string, i: number): Record<string, unknown>[] {
  const steps: CommandInput[] = [
    c.apply(),
    c.approve({}, { cap: String(50000 + i) }),
    c.payAdvance(),
    c.attest('adv-1'),
    c.reportIndicator(),
  ];
  if (i % 2 === 0) steps.push(c.fulfil(), c.reportCosts(), c.review());
  return steps.map((s) => ({ ...s, grantId }));
}

function concurrentCatchUp(backend: Backend) {
  return async () => {
    // given events appended without any read model catching up
    const fixture = await backend.open({ batchSize: 4 });
    try {
      const handler = new CommandHandler({
        store: fixture.store,
        clock: steppingClock('2024-01-01T00:00:00.000Z'),
      });
      for (const command of FOUNDING_CASE_COMMANDS) await handler.handle(command);
      const plans = GRANT_IDS.map(commandsFor);
      for (let step = 0; step < 8; step++)
        for (const plan of plans)
          if (plan[step]) expect((await handler.handle(plan[step]!)).ok).toBe(true);
      const instances = [
        fixture.readModels,
        await fixture.another({ batchSize: 3 }),
        await fixture.another({ batchSize: 7 }),
      ];
      // when all of them catch up at once, twice
      await Promise.all(instances.map((rm) => rm.catchUp()));
      await Promise.all(instances.map((rm) => rm.catchUp()));
      // then every instance shows exactly the folds
      const ids = ['RUN/573/2022', ...GRANT_IDS];
      const expected = await snapshot(foldOf(fixture.store), ids, '2024-02-01');
      for (const rm of instances) expect(await snapshot(rm, ids, '2024-02-01')).toEqual(expected);
      let events = 0;
      for await (const _ of fixture.store.readAll()) events += 1;
      expect(await instances[0]!.checkpoint()).toBeGreaterThan(0);
      const history = await Promise.all(ids.map((id) => instances[1]!.history(id)));
      expect(history.flat()).toHaveLength(events);
    } finally {
      await fixture.cleanup();
    }
  };
}

describe('concurrent catch-up (SQLite file)', () => {
  it(
    'given three instances catching up at once, then each event is applied exactly once',
    concurrentCatchUp(sqliteBackend),
  );
});

describePostgres('concurrent catch-up (PostgreSQL)', () => {
  it(
    'given three instances catching up at once, then each event is applied exactly once',
    concurrentCatchUp(postgresBackend),
  );
});
