// The runner's pure parts: the grant-state codec and the batch projection.
import { describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import { MemoryEventStore } from '../../infra/eventstore/memory.js';
import { FOUNDING_CASE_COMMANDS, FOUNDING_GRANT_ID } from '../../infra/demo/founding-case.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { figuresOf } from '../../domain/grant/figures.js';
import { balanceOf } from '../../projections/balance.js';
import { decodeGrantState, encodeGrantState } from '../../projections/grant-state-codec.js';
import { foldGrant } from '../../projections/grant-fold.js';
import { grantIdsToLoad, projectBatch } from '../../projections/project-batch.js';
import type { GrantStateRow } from '../../projections/read-model-rows.js';
import { SerialQueue } from '../../projections/serial-queue.js';
import type { StoredEvent } from '../../commands/event-store-port.js';

async function foundingEvents(): Promise<StoredEvent[]> {
  const store = new MemoryEventStore();
  const handler = new CommandHandler({ store, clock: steppingClock('2023-06-01T09:00:00.000Z') });
  for (const command of FOUNDING_CASE_COMMANDS) await handler.handle(command);
  return store.readStream(streamIdOf(FOUNDING_GRANT_ID));
}

describe('the grant-state codec', () => {
  it('given a folded state, when encoded and decoded, then Decimals and Maps come back equal', async () => {
    const state = foldGrant(await foundingEvents());
    const back = decodeGrantState(encodeGrantState(state));
    expect(back.payments).toBeInstanceOf(Map);
    expect(encodeGrantState(back)).toBe(encodeGrantState(state));
    expect(balanceOf(FOUNDING_GRANT_ID, back, '2023-06-01')).toEqual(
      balanceOf(FOUNDING_GRANT_ID, state, '2023-06-01'),
    );
    expect(figuresOf(back).undisbursed.toFixed(2)).toBe('620864.00');
    // amounts are stored as exact decimal text, never as JSON numbers
    expect(encodeGrantState(state)).toContain('{"$dec":"142779"}');
  });
});

describe('projectBatch', () => {
  it('given a batch split anywhere, when folded batch by batch through stored states, then the rows equal one fold', async () => {
    const events = await foundingEvents();
    const whole = projectBatch(events, new Map());
    for (let split = 1; split < events.length; split++) {
      const first = projectBatch(events.slice(0, split), new Map());
      const g = first.grants[0]!;
      const stored = new Map<string, GrantStateRow>([[g.grantId, { ...g.stateRow }]]);
      const second = projectBatch(events.slice(split), stored);
      expect(second.grants[0]!.balance).toEqual(whole.grants[0]!.balance);
      expect(second.grants[0]!.payments).toEqual(whole.grants[0]!.payments);
      expect([...first.audit, ...second.audit]).toEqual(whole.audit);
      expect(second.checkpoint).toBe(events.at(-1)!.position);
    }
  });

  it('given an event already folded into the stored state, then it is not applied twice', async () => {
    const events = await foundingEvents();
    const all = projectBatch(events, new Map());
    const g = all.grants[0]!;
    const again = projectBatch(events.slice(-1), new Map([[g.grantId, { ...g.stateRow }]]));
    expect(again.grants).toEqual([]);
    expect(again.audit).toEqual([]);
  });

  it('given a gap in a stream, then it refuses to skip an event', async () => {
    const events = await foundingEvents();
    expect(() => projectBatch([events[0]!, events[2]!], new Map())).toThrow(
      /jumps from revision 0 to 2/,
    );
  });
});

describe('grantIdsToLoad', () => {
  it('given a batch, then it names each touched grant once, except those it starts at revision 0 (nothing before them) and streams that are not grants', () => {
    const at = (streamId: string, revision: number, position: number) => ({
      streamId,
      revision,
      position,
      type: 'Noted',
      version: 1,
      data: {},
    });
    const batch = [
      at('grant-NEW/1/2024', 0, 10),
      at('grant-OLD/7/2023', 4, 11),
      at('grant-NEW/1/2024', 1, 12),
      at('admin-log', 3, 13),
      at('grant-OLD/7/2023', 5, 14),
      at('grant-OLD/8/2023', 1, 15),
    ];
    expect(grantIdsToLoad(batch)).toEqual(['OLD/7/2023', 'OLD/8/2023']);
  });
});

describe('SerialQueue', () => {
  it('given concurrent catch-ups, then they share the queued run and never overlap', async () => {
    const queue = new SerialQueue();
    let running = 0;
    let runs = 0;
    const work = async () => {
      running += 1;
      expect(running).toBe(1);
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
    };
    const first = queue.shared(work);
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first run has started
    // asked while it runs: these must not be satisfied by it, they share one new run
    const later = [queue.shared(work), queue.shared(work), queue.shared(work)];
    const rebuild = queue.exclusive(work);
    await Promise.all([first, ...later, rebuild]);
    expect(runs).toBe(3); // the first run, one shared run for the later callers, the exclusive one
  });
});
