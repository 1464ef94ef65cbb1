// "A rejected command changes nothing": helpers that look at a grant from outside — its
// projections and the event list a store would hold — before and after a command.
import { expect } from '@jest/globals';
import { balanceOf } from '../../projections/balance.js';
import { indicatorsOf } from '../../projections/indicators.js';
import { journalOf } from '../../projections/journal.js';
import { fold } from '../../domain/grant/evolve.js';
import type { GrantEvent } from '../../domain/grant/events.js';
import { initialState, type GrantState } from '../../domain/grant/state.js';
import { isRejection, REJECTION_CODES, type Rejection, type RejectionCode } from '../../domain/errors.js';
import { GRANT } from '../../commands/builders/grant-commands.js';
import { run, type RawCommand } from './decider-spec.js';

export const TODAY = '2023-06-01';

/** Everything a reader can see of one grant, as JSON: balance, indicators, payments journal. */
export function snapshot(state: GrantState, today = TODAY): string {
  return JSON.stringify({
    balance: balanceOf(GRANT, state, today) ?? null,
    indicators: indicatorsOf(GRANT, state, today),
    journal: journalOf(GRANT, state),
  });
}

/**
 * When `raw` on the history `events` (whose fold is `state`): expects the rejection `code`
 * (and `path` if given), that no event is produced, that the event list a store would
 * hold afterwards is the one before, and that the grant seen through its projections
 * (refolded from that list, and the very state object decide was given) is unchanged.
 */
export function expectRejectedUnchanged(
  history: { state: GrantState; events: GrantEvent[] },
  raw: RawCommand,
  code: RejectionCode,
  path?: string,
): Rejection {
  const before = snapshot(history.state);
  const result = run(raw, history.state);
  if (!isRejection(result)) throw new Error(`expected ${code}, got events ${result.map((e) => e.type).join(', ')}`);
  expect(REJECTION_CODES).toContain(result.code);
  expect(result.code).toBe(code);
  if (path !== undefined) expect(result.path).toBe(path);
  const eventsAfter = [...history.events]; // a rejection appends nothing
  expect(eventsAfter).toEqual(history.events);
  expect(snapshot(fold(eventsAfter, initialState()))).toBe(before);
  expect(snapshot(history.state)).toBe(before); // decide did not mutate what it was given
  return result;
}

/** When `raw` is accepted: the new history (state and events). */
export function accept(history: { state: GrantState; events: GrantEvent[] }, raw: RawCommand): { state: GrantState; events: GrantEvent[]; produced: GrantEvent[] } {
  const result = run(raw, history.state);
  if (isRejection(result)) throw new Error(`expected ${String(raw.type)} to be accepted, got ${result.code}: ${result.message}`);
  return { state: fold(result, history.state), events: [...history.events, ...result], produced: result };
}

/** When `raw` on `state`: expects events matching `expected` (partial objects, deep). */
export function expectEvents(state: GrantState, raw: RawCommand, expected: Record<string, unknown>[]): GrantEvent[] {
  const result = run(raw, state);
  if (isRejection(result)) throw new Error(`expected events, got ${result.code}: ${result.message}`);
  expect(result).toMatchObject(expected);
  return result;
}
