// Given / when / then for the grant decider, in the manner of Emmett's DeciderSpecification:
//   given(pastCommands…) — decided for real, so the history is always a valid one — or
//   given(pastEvents)    — a history as a store holds it,
//   .when(command)       — parsed like at the edge, then decided,
//   .then(events) / .thenRejected(code, path).
// A rejection must change nothing: thenRejected also proves the state decide was given is,
// field by field, the state it had before (so a store would append nothing and its read
// models would see what they saw).
import { expect } from '@jest/globals';
import { parseCommand } from '../../commands/parse.js';
import { decide, type DecisionContext } from '../../domain/grant/decide.js';
import { fold } from '../../domain/grant/evolve.js';
import type { GrantEvent } from '../../domain/grant/events.js';
import { initialState, type GrantState } from '../../domain/grant/state.js';
import { isGrantCommand, type CommandInput } from '../../domain/ledger-commands.js';
import type { ReferenceRate } from '../../domain/interest.js';
import { DEMO_REFERENCE_RATES } from '../../infra/demo/reference-rates.js';
import { isRejection, type Rejection, type RejectionCode } from '../../domain/errors.js';

export const NOW = '2026-06-01T10:00:00.000Z';

/** A command as JSON may bring it, typed (CommandInput) or not (bad input on purpose). */
export type RawCommand = CommandInput | Record<string, unknown>;

/** When a command is decided: the clock's "now" and the reference rates it sees. */
export interface WhenOptions {
  now?: string;
  referenceRates?: readonly ReferenceRate[];
}

function actorOf(raw: RawCommand): string {
  const meta = raw.meta as { actor?: string } | undefined;
  return meta?.actor ?? 'officer@test';
}

/** Parses and decides one raw command against a state; returns events or the rejection. */
function decideRaw(
  raw: RawCommand,
  state: GrantState,
  options: WhenOptions = {},
): GrantEvent[] | Rejection {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return parsed.rejection;
  if (!isGrantCommand(parsed.command)) {
    throw new Error('a grant command, please (SetReferenceRate has its own decider)');
  }
  const { now = NOW, referenceRates = DEMO_REFERENCE_RATES } = options;
  const context: DecisionContext = { actor: actorOf(raw), now, referenceRates };
  return decide(parsed.command, state, context);
}

/** Every field of a state, Maps and amounts included, as one text: equal texts, equal states. */
export function stateText(state: GrantState): string {
  const plain = (_key: string, value: unknown) =>
    value instanceof Map ? [...value.entries()] : value;
  return JSON.stringify(state, plain);
}

const typesOf = (events: readonly GrantEvent[]) =>
  events.map((e) => e.type).join(', ') || 'no events';

/** The outcome of `when`: what the decider answered, and the checks on it. */
export class When {
  constructor(
    /** The events or the rejection, for checks of their own. */
    readonly result: GrantEvent[] | Rejection,
    private readonly history: Given,
    private readonly before: string,
  ) {}

  /** Expects events matching `expected` (partial objects, deep; as many as expected). */
  then(expected: Record<string, unknown>[]): GrantEvent[] {
    if (isRejection(this.result)) {
      throw new Error(`expected events, got ${this.result.code}: ${this.result.message}`);
    }
    expect(this.result).toMatchObject(expected);
    return this.result;
  }

  /** Expects the rejection `code` (at `path`, if given), and that it changed nothing. */
  thenRejected(code: RejectionCode, path?: string): Rejection {
    if (!isRejection(this.result)) {
      throw new Error(`expected ${code}, got events: ${typesOf(this.result)}`);
    }
    expect(this.result.code).toBe(code);
    if (path !== undefined) expect(this.result.path).toBe(path);
    // decide did not touch what it was given: the state is, field by field, the one before.
    expect(stateText(this.history.state)).toBe(this.before);
    return this.result;
  }

  /** Expects the command to be accepted: the history with its events added. */
  thenAccepted(): Given {
    const { result, history } = this;
    if (isRejection(result)) {
      throw new Error(`expected acceptance, got ${result.code}: ${result.message}`);
    }
    return new Given(fold(result, history.state), [...history.events, ...result], result);
  }
}

/** A grant's history: its state, the events that made it, and what its last step produced. */
export class Given {
  constructor(
    readonly state: GrantState,
    readonly events: GrantEvent[],
    /** The events the last command of the history produced. */
    readonly produced: GrantEvent[] = [],
  ) {}

  /** Decides `raw` on this history. */
  when(raw: RawCommand, options?: WhenOptions): When {
    const before = stateText(this.state);
    return new When(decideRaw(raw, this.state, options), this, before);
  }

  /** The history after more commands, each of which must be accepted. */
  and(...commands: RawCommand[]): Given {
    let history: Given = this;
    for (const raw of commands) {
      const result = decideRaw(raw, history.state);
      if (isRejection(result)) {
        throw new Error(`given ${String(raw.type)} was rejected: ${result.code} ${result.message}`);
      }
      history = new Given(fold(result, history.state), [...history.events, ...result], result);
    }
    return history;
  }
}

/** A history as a store holds it: these events, folded. */
export function given(events: GrantEvent[]): Given;
/** A history made by deciding these commands in order; each must be accepted. */
export function given(...commands: RawCommand[]): Given;
export function given(...args: RawCommand[] | [GrantEvent[]]): Given {
  const [first] = args;
  if (args.length === 1 && Array.isArray(first)) {
    const events = first;
    return new Given(fold(events, initialState()), [...events], []);
  }
  return new Given(initialState(), []).and(...(args as RawCommand[]));
}
