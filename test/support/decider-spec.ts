// Given / when / then for the grant decider, in the manner of Emmett's DeciderSpecification:
// given past commands (decided for real, so the history is always a valid one), when a
// raw command (parsed like at the edge), then the events or the rejection.
import { expect } from '@jest/globals';
import { parseCommand } from '../../commands/parse.js';
import { decide, type DecisionContext } from '../../domain/grant/decide.js';
import { evolve } from '../../domain/grant/evolve.js';
import type { GrantEvent } from '../../domain/grant/events.js';
import { initialState, type GrantState } from '../../domain/grant/state.js';
import { isGrantCommand } from '../../domain/ledger-commands.js';
import type { ReferenceRate } from '../../domain/interest.js';
import { DEMO_REFERENCE_RATES } from '../../infra/demo/reference-rates.js';
import { isRejection, type Rejection, type RejectionCode } from '../../domain/errors.js';

export const NOW = '2023-06-01T10:00:00.000Z';

export type RawCommand = Record<string, unknown>;

function actorOf(raw: RawCommand): string {
  const meta = raw.meta as { actor?: string } | undefined;
  return meta?.actor ?? 'officer@test';
}

/** Parses and decides one raw command against a state; returns events or the rejection. */
export function run(raw: RawCommand, state: GrantState, now = NOW, referenceRates: readonly ReferenceRate[] = DEMO_REFERENCE_RATES): GrantEvent[] | Rejection {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return parsed.rejection;
  if (!isGrantCommand(parsed.command)) throw new Error('run: a grant command, please (SetReferenceRate has its own decider)');
  const context: DecisionContext = { actor: actorOf(raw), now, referenceRates };
  return decide(parsed.command, state, context);
}

/** Applies raw commands in order; each must succeed (a failing given is a broken test). */
export function given(...commands: RawCommand[]): { state: GrantState; events: GrantEvent[] } {
  let state = initialState();
  const events: GrantEvent[] = [];
  for (const raw of commands) {
    const result = run(raw, state);
    if (isRejection(result)) throw new Error(`given ${String(raw.type)} was rejected: ${result.code} ${result.message}`);
    for (const e of result) {
      state = evolve(state, e);
      events.push(e);
    }
  }
  return { state, events };
}

export function when(state: GrantState, raw: RawCommand) {
  const result = run(raw, state);
  return {
    thenEvents(expected: Partial<GrantEvent>[]): GrantEvent[] {
      if (isRejection(result)) throw new Error(`expected events, got ${result.code}: ${result.message}`);
      expect(result).toMatchObject(expected);
      return result;
    },
    thenRejected(code: RejectionCode, path?: string): Rejection {
      if (!isRejection(result)) throw new Error(`expected ${code}, got events ${result.map((e) => e.type).join(', ')}`);
      expect(result.code).toBe(code);
      if (path !== undefined) expect(result.path).toBe(path);
      return result;
    },
    result,
  };
}
