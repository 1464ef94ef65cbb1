// The command path: parse (zod) → load the grant's stream → decide → append with the
// expected revision; on a concurrency conflict, reload and decide again (bounded).
// Idempotency: a command whose commandId is already in the stream appends nothing and
// returns the events it produced the first time — across processes and restarts too,
// because the answer comes from the stored stream itself.
import { reject, isRejection, type Rejection } from '../domain/errors.js';
import { decide } from '../domain/grant/decide.js';
import { evolve } from '../domain/grant/evolve.js';
import type { GrantEvent } from '../domain/grant/events.js';
import { streamIdOf } from '../domain/grant/decider.js';
import { initialState, type GrantState } from '../domain/grant/state.js';
import type { GrantCommand } from '../domain/grant/commands.js';
import { WrongExpectedRevisionError, type EventStore, type NewEvent, type StoredEvent } from '../infra/eventstore/port.js';
import { systemClock, type Clock } from './clock.js';
import { eventIdFor, newCommandId } from './event-ids.js';
import { parseCommand } from './parse.js';

/** Not a domain rule: the store kept moving under us for every retry (HTTP 409). */
export interface ConcurrencyConflict {
  kind: 'conflict';
  code: 'CONCURRENCY_CONFLICT';
  message: string;
  path: string;
}

export type HandleResult =
  | { ok: true; commandId: string; grantId: string; events: StoredEvent[]; duplicate: boolean }
  | { ok: false; commandId?: string; grantId?: string; error: Rejection | ConcurrencyConflict };

export interface HandleOptions {
  /** The authenticated actor: overrides whatever `meta.actor` says (HTTP takes it from the token). */
  actor?: string;
  /** Used when the command names no actor (the CLI's --actor). */
  defaultActor?: string;
}

export interface CommandHandlerOptions {
  store: EventStore;
  clock?: Clock;
  /** Attempts before giving up with CONCURRENCY_CONFLICT. */
  maxAttempts?: number;
  /** Runs after a successful append, before the caller is answered (inline read models). */
  afterAppend?: (events: StoredEvent[]) => Promise<void> | void;
}

export function toGrantEvent(e: StoredEvent): GrantEvent {
  return { type: e.type, version: e.version, data: e.data } as GrantEvent;
}

export function foldStream(events: StoredEvent[]): GrantState {
  let state = initialState();
  for (const e of events) state = evolve(state, toGrantEvent(e));
  return state;
}

export class CommandHandler {
  private readonly store: EventStore;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly afterAppend: CommandHandlerOptions['afterAppend'];

  constructor(options: CommandHandlerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.afterAppend = options.afterAppend;
  }

  async handle(raw: unknown, options: HandleOptions = {}): Promise<HandleResult> {
    const parsed = parseCommand(raw);
    if (!parsed.ok) return { ok: false, error: parsed.rejection };
    return this.handleParsed(parsed.command, options);
  }

  async handleParsed(command: GrantCommand, options: HandleOptions = {}): Promise<HandleResult> {
    const actor = options.actor ?? command.meta?.actor ?? options.defaultActor;
    const commandId = command.meta?.commandId ?? newCommandId();
    const grantId = command.grantId;
    if (!actor) return { ok: false, commandId, grantId, error: reject('INVALID_INPUT', 'meta.actor: every write needs an actor', 'meta.actor') };
    const streamId = streamIdOf(grantId);

    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const stream = await this.store.readStream(streamId);
      const earlier = stream.filter((e) => e.metadata.commandId === commandId);
      if (earlier.length > 0) return { ok: true, commandId, grantId, events: earlier, duplicate: true };

      const now = this.clock().toISOString();
      const decision = decide(command, foldStream(stream), { actor, now });
      if (isRejection(decision)) return { ok: false, commandId, grantId, error: decision };

      const newEvents: NewEvent[] = decision.map((e, index) => ({
        eventId: eventIdFor(streamId, commandId, index),
        type: e.type,
        version: e.version,
        data: e.data,
        metadata: {
          actor,
          commandId,
          recordedAt: now,
          ...(command.meta?.correlationId !== undefined ? { correlationId: command.meta.correlationId } : { correlationId: commandId }),
          ...(command.meta?.causationId !== undefined ? { causationId: command.meta.causationId } : {}),
        },
      }));
      const last = stream.at(-1);
      try {
        const appended = await this.store.append(streamId, newEvents, last ? last.revision : 'no_stream');
        if (this.afterAppend) await this.afterAppend(appended.events);
        return { ok: true, commandId, grantId, events: appended.events, duplicate: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Someone else wrote first: back off a little (jittered) and decide again on fresh state.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
    return {
      ok: false,
      commandId,
      grantId,
      error: { kind: 'conflict', code: 'CONCURRENCY_CONFLICT', message: `grant ${grantId} kept changing; gave up after ${this.maxAttempts} attempts`, path: '' },
    };
  }
}
