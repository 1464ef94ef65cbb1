// The inline-projection scenarios both stores' tests run (SQLite: inline-projection.test.ts,
// PostgreSQL: inline-projection-postgres.test.ts), written once.
import { expect } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import type { EventStore } from '../../commands/event-store-port.js';
import { FoldReadModels } from '../../infra/readstore/fold-read-models.js';
import type { ReadModels } from '../../projections/read-models.js';

/** Read models that say how far they are (the SQLite and PostgreSQL ones). */
type CheckpointedReadModels = ReadModels & { checkpoint(): Promise<number> };

const TODAY = '2024-06-01';

/**
 * Given read models beside `store`: after every founding-case command (no afterAppend, no catchUp)
 * the tables already hold it.
 */
export async function expectCurrentAfterEveryAppend(
  store: EventStore,
  readModels: CheckpointedReadModels,
): Promise<void> {
  // no afterAppend: nothing but the hook
  const handler = new CommandHandler({ store, clock: steppingClock('2023-06-01T09:00:00.000Z') });
  for (const command of FOUNDING_CASE_COMMANDS) {
    const result = await handler.handle(command);
    if (!result.ok) throw new Error(result.error.message);
    expect(await readModels.checkpoint()).toBe(result.events.at(-1)!.position);
  }
  const fold = new FoldReadModels(store);
  expect(await readModels.balance(FOUNDING_GRANT_ID, TODAY)).toEqual(
    await fold.balance(FOUNDING_GRANT_ID, TODAY),
  );
  expect((await readModels.balance(FOUNDING_GRANT_ID, TODAY))!.undisbursed).toBe('620864.00');
  expect(await readModels.history(FOUNDING_GRANT_ID)).toEqual(
    await fold.history(FOUNDING_GRANT_ID),
  );
}

/**
 * Given read models beside `store` and another store instance on the same events without
 * read models (another process): what the other appends is applied with this one's next append.
 */
export async function expectOthersAppendsAppliedWithNext(
  store: EventStore,
  other: EventStore,
  readModels: CheckpointedReadModels,
): Promise<void> {
  const mine = new CommandHandler({ store, clock: steppingClock('2023-06-01T09:00:00.000Z') });
  const theirs = new CommandHandler({
    store: other,
    clock: steppingClock('2023-06-01T10:00:00.000Z'),
  });
  const [apply, approve, ...rest] = FOUNDING_CASE_COMMANDS;
  expect((await mine.handle(apply)).ok).toBe(true);
  const approved = await theirs.handle(approve);
  if (!approved.ok) throw new Error(approved.error.message);
  expect(await readModels.checkpoint()).toBeLessThan(approved.events[0]!.position);
  for (const command of rest) expect((await mine.handle(command)).ok).toBe(true);
  expect(await readModels.balance(FOUNDING_GRANT_ID, TODAY)).toEqual(
    await new FoldReadModels(store).balance(FOUNDING_GRANT_ID, TODAY),
  );
  expect(await readModels.history(FOUNDING_GRANT_ID)).toHaveLength(
    (await store.readStream(`grant-${FOUNDING_GRANT_ID}`)).length,
  );
}

/**
 * Given read models beside `store` more than 1 000 events behind (the generated grants GEN/0
 * to GEN/99 not yet applied): a command's append steps aside, and catchUpTo applies everything.
 */
export async function expectFarBehindLeftToCatchUp(
  store: EventStore,
  readModels: CheckpointedReadModels,
): Promise<void> {
  const handler = new CommandHandler({ store, clock: steppingClock('2024-03-01T09:00:00.000Z') });
  const result = await handler.handle(FOUNDING_CASE_COMMANDS[0]);
  if (!result.ok) throw new Error(result.error.message);
  const last = result.events.at(-1)!.position;
  // stepped aside: a command never carries a rebuild
  expect(await readModels.checkpoint()).toBe(-1);
  await readModels.catchUpTo(last);
  expect(await readModels.checkpoint()).toBe(last);
  const fold = new FoldReadModels(store);
  for (const grantId of ['GEN/0/2023', 'GEN/99/2023', FOUNDING_GRANT_ID]) {
    expect(await readModels.balance(grantId, TODAY)).toEqual(await fold.balance(grantId, TODAY));
  }
}
