// The command path: parse (zod) → load the grant's stream → decide → append with the
// expected revision; on a concurrency conflict, reload and decide again (bounded).
// Idempotency (domain.md "Idempotency"): a commandId is unique in the whole ledger. The
// store keeps an index of commandId → (stream, fingerprint of the command), written in the
// append's own transaction. The same id with the same command appends nothing and answers
// the events of the first handling; with another command (another grant, or other fields)
// it is IDEMPOTENCY_CONFLICT. The index is the store's, so this holds across processes and
// restarts; two processes racing with one id meet at the index's primary key.
//
// Loading: the handler keeps, per stream, the state folded up to a revision and the
// commandIds seen in it (a bounded LRU). A command on a cached stream is decided on that
// state without asking the store first, and appended expecting that revision: the append's
// expected-revision check and the store's commandId index (both in the append's own
// transaction) refuse it if another writer moved the stream or used the id. Only an
// accepted decision is trusted that way; a refusal decided on cached state is decided
// again the long way (index look-up, then the events after the cached revision, by
// EventStore.readStreamFrom when the adapter has it), so a grant is not re-read and
// re-folded from its first event on every command. A cached entry is only ever a true
// (revision, state) pair of the stored stream; a stale or foreign entry can at worst make
// the append fail its expected-revision check, after which the entry is dropped and the
// stream is read whole again.
import { normalActor } from '../domain/actor.js';
import { reject, isRejection, type Rejection } from '../domain/errors.js';
import { decide, type DecisionContext } from '../domain/grant/decide.js';
import { fold } from '../domain/grant/evolve.js';
import { asGrantEvent, type GrantEvent } from '../domain/grant/events.js';
import { isGrantCommand, type LedgerCommand } from '../domain/ledger-commands.js';
import { decideReferenceRate, foldReferenceRates } from '../domain/reference-rates/decider.js';
import {
  REFERENCE_RATES_STREAM,
  type ReferenceRateSetEvent,
} from '../domain/reference-rates/events.js';
import { streamIdOf } from '../domain/grant/decider.js';
import { initialState, type GrantState } from '../domain/grant/state.js';
import type { CommandType } from '../domain/grant/commands.js';
import {
  CommandIdTakenError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type StreamWrite,
} from './event-store-port.js';
import { systemClock, type Clock } from './clock.js';
import { eventIdFor, newCommandId } from './event-ids.js';
import { commandFingerprint } from './fingerprint.js';
import { parseCommand } from './parse.js';

/** Not a domain rule: the store kept moving under us for every retry (HTTP 409). */
export interface ConcurrencyConflict {
  kind: 'conflict';
  code: 'CONCURRENCY_CONFLICT';
  message: string;
  path: string;
}

/** grantId: the grant's; absent for the ledger-wide SetReferenceRate. */
export type HandleResult =
  | { ok: true; commandId: string; grantId?: string; events: StoredEvent[]; duplicate: boolean }
  | { ok: false; commandId?: string; grantId?: string; error: Rejection | ConcurrencyConflict };

export interface HandleOptions {
  /**
   * The authenticated actor: overrides whatever `meta.actor` says (HTTP takes it from the token).
   */
  actor?: string;
  /** Used when the command names no actor (the CLI's --actor). */
  defaultActor?: string;
  /**
   * handleAll only: when any command is refused, record none of them (a bank statement is
   * recorded whole or not at all); the others answer that nothing was recorded.
   */
  allOrNothing?: boolean;
}

export interface CommandHandlerOptions {
  store: EventStore;
  clock?: Clock;
  /** Attempts before giving up with CONCURRENCY_CONFLICT. */
  maxAttempts?: number;
  /** Runs after a successful append, before the caller is answered (inline read models). */
  afterAppend?: (events: StoredEvent[]) => Promise<void> | void;
  /**
   * Streams whose folded state is kept between commands (0: none, read every stream
   * whole). Default 1,000.
   */
  stateCacheSize?: number;
  /**
   * The pause after a lost race, before attempt `attempt + 1` (default: a jittered
   * 0–5·attempt ms). Tests that choose the interleaving themselves pass their own.
   */
  backoff?: (attempt: number) => Promise<void>;
}

const jitteredBackoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

/** A stream as the handler last knew it: exactly the stored stream up to `revision`. */
interface LoadedStream {
  /** Revision of the last event folded into `state`; -1 when the stream has no events. */
  revision: number;
  state: GrantState;
  /** Every commandId in the stream up to `revision`. */
  commandIds: Set<string>;
}

const NO_ACTOR = reject(
  'INVALID_INPUT',
  'meta.actor: every write needs an actor (a name, not blank)',
  'meta.actor',
);

/** A command of a batch, with what every attempt at it needs. */
interface PreparedCommand {
  command: LedgerCommand;
  /** Undefined when no actor was named: the command is refused. */
  actor: string | undefined;
  ids: { commandId: string; grantId?: string };
  streamId: string;
  fingerprint: string;
}

/** One attempt at a batch (see CommandHandler.decideBatch). */
interface DecidedBatch {
  /** By command index: the answers known without appending. */
  answers: (HandleResult | undefined)[];
  /** The writes to append, each with the index of its command. */
  writes: { index: number; write: StreamWrite }[];
  /** Command index → the index of the same command earlier in the batch. */
  repeats: Map<number, number>;
}

/**
 * The grant commands whose rules need the reference rates (recovery interest) on any grant;
 * on a grant with recoveries every command does, as repayments divide into interest and
 * principal by them, and netPaid with them.
 */
const NEEDS_REFERENCE_RATES: ReadonlySet<CommandType> = new Set([
  'ClaimRecovery',
  'RegisterRepayment',
  'CloseGrant',
]);

const EMPTY_STREAM = (): LoadedStream => ({
  revision: -1,
  state: initialState(),
  commandIds: new Set(),
});

export class CommandHandler {
  private readonly store: EventStore;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly afterAppend: CommandHandlerOptions['afterAppend'];
  private readonly cacheSize: number;
  private readonly backoff: (attempt: number) => Promise<void>;
  /** Insertion order is recency (see remember): the first key is the least recently used. */
  private readonly cache = new Map<string, LoadedStream>();

  constructor(options: CommandHandlerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.afterAppend = options.afterAppend;
    this.cacheSize = Math.max(0, options.stateCacheSize ?? 1000);
    this.backoff = options.backoff ?? jitteredBackoff;
  }

  async handle(raw: unknown, options: HandleOptions = {}): Promise<HandleResult> {
    const parsed = parseCommand(raw);
    if (!parsed.ok) return { ok: false, error: parsed.rejection };
    return this.handleParsed(parsed.command, options);
  }

  async handleParsed(command: LedgerCommand, options: HandleOptions = {}): Promise<HandleResult> {
    const { actor, ids, streamId, fingerprint } = this.prepare(command, options);
    const { commandId } = ids;
    if (!actor) return { ok: false, ...ids, error: NO_ACTOR };

    // First, trust the cached state (see trusted below); once that fails, ask the store.
    let trustCache = true;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const cached = trustCache ? this.cache.get(streamId) : undefined;
      trustCache = false;
      // A generated id is new: only a caller's own id can have been used before.
      if (!cached && (command.meta?.commandId !== undefined || attempt > 1)) {
        const earlier = await this.earlierHandling(commandId, fingerprint, streamId, ids);
        if (earlier) return earlier;
      }
      const loaded = cached ?? (await this.load(streamId));
      if (cached && loaded.commandIds.has(commandId)) {
        attempt -= 1; // a reused id: the index judges it (same command or another)
        continue;
      }
      if (loaded.commandIds.has(commandId)) {
        // The store's index has every id of the stream; this answers what it holds all the same.
        const earlier = (await this.store.readStream(streamId)).filter(
          (e) => e.metadata.commandId === commandId,
        );
        return { ok: true, ...ids, events: earlier, duplicate: true };
      }

      const now = this.clock().toISOString();
      const decision = await this.decideOn(command, loaded.state, { actor, now });
      if (isRejection(decision)) {
        // Refused on a state no store read confirmed: ask the store (a reused id, a newer stream)
        // and decide again.
        if (cached) {
          attempt -= 1;
          continue;
        }
        return { ok: false, ...ids, error: decision };
      }

      const { meta } = command;
      const newEvents = newEventsOf(decision, { streamId, commandId, actor, now, meta });
      const appended = await this.appendDecided(
        loaded,
        streamId,
        newEvents,
        { commandId, fingerprint },
        attempt,
      );
      if (appended === 'retry') continue;
      if (this.afterAppend) await this.afterAppend(appended);
      return { ok: true, ...ids, events: appended, duplicate: false };
    }
    return { ok: false, ...ids, error: this.gaveUp(streamId) };
  }

  /**
   * Appends a decision expecting the revision it was decided on; the stored events, or
   * 'retry' when another writer moved the stream or recorded the id first (after a
   * jittered pause for a moved stream).
   */
  private async appendDecided(
    loaded: LoadedStream,
    streamId: string,
    events: NewEvent[],
    command: { commandId: string; fingerprint: string },
    attempt: number,
  ): Promise<StoredEvent[] | 'retry'> {
    let appended: AppendResult;
    try {
      const expected = loaded.revision >= 0 ? loaded.revision : 'no_stream';
      appended = await this.store.append(streamId, events, expected, { command });
    } catch (error) {
      this.cache.delete(streamId);
      // Another process recorded this id first: the next attempt answers from the index.
      if (error instanceof CommandIdTakenError) return 'retry';
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Someone else wrote first: back off a little (jittered) and decide again on fresh state.
      await this.backoff(attempt);
      return 'retry';
    }
    // A re-append (another process recorded this command while we decided it) answers
    // the first handling's events, which may lie after events we never folded: then the
    // cache cannot be advanced to their revision, and is dropped.
    const next = follows(loaded, appended.events) ? advance(loaded, appended.events) : undefined;
    if (next) this.remember(streamId, next);
    else this.cache.delete(streamId);
    return appended.events;
  }

  /** The answer when the stream kept moving for every attempt. */
  private gaveUp(streamId: string): ConcurrencyConflict {
    const message = `stream ${streamId} kept changing; gave up after ${this.maxAttempts} attempts`;
    return { kind: 'conflict', code: 'CONCURRENCY_CONFLICT', message, path: '' };
  }

  /**
   * Several commands recorded all-or-nothing (a bank statement's settlements and
   * repayments): each is decided on the state the ones before it leave, and the accepted
   * ones are appended by ONE EventStore.appendMany, so a store failure records none of
   * them. A rejection is that command's own answer and records nothing of it; the others
   * still go in. When another writer moved a stream meanwhile, the whole batch is decided
   * again. Answers come in the order of the commands.
   */
  async handleAll(commands: LedgerCommand[], options: HandleOptions = {}): Promise<HandleResult[]> {
    const prepared = commands.map((command) => this.prepare(command, options));
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const batch = await this.decideBatch(prepared, attempt);
      if (options.allOrNothing && batch.answers.some((a) => a !== undefined && !a.ok)) {
        return this.noneRecorded(prepared, batch.answers);
      }
      let appended: AppendResult[];
      try {
        appended = await this.store.appendMany(batch.writes.map((w) => w.write));
      } catch (error) {
        for (const { write } of batch.writes) this.cache.delete(write.streamId);
        const conflict =
          error instanceof CommandIdTakenError || error instanceof WrongExpectedRevisionError;
        if (!conflict) throw error;
        await this.backoff(attempt);
        continue;
      }
      const answers = batch.answers;
      batch.writes.forEach(({ index, write }, i) => {
        this.cache.delete(write.streamId);
        const { ids } = prepared[index]!;
        answers[index] = { ok: true, ...ids, events: appended[i]!.events, duplicate: false };
      });
      for (const [index, first] of batch.repeats) {
        const answer = answers[first]!;
        const { ids } = prepared[index]!;
        answers[index] = answer.ok ? { ...answer, ...ids, duplicate: true } : answer;
      }
      const events = appended.flatMap((r) => r.events).sort((a, b) => a.position - b.position);
      if (this.afterAppend && events.length > 0) await this.afterAppend(events);
      return answers.map((a) => a!);
    }
    return prepared.map(({ ids, streamId }): HandleResult => {
      return { ok: false, ...ids, error: this.gaveUp(streamId) };
    });
  }

  /** A batch recorded all-or-nothing with a refusal: the refusals, "not recorded" for the rest. */
  private noneRecorded(
    prepared: PreparedCommand[],
    answers: (HandleResult | undefined)[],
  ): HandleResult[] {
    return prepared.map(({ ids }, index): HandleResult => {
      const answer = answers[index];
      if (answer !== undefined && !answer.ok) return answer;
      const message = 'not recorded: another command of the same batch was refused';
      return { ok: false, ...ids, error: reject('INVALID_STATE', message) };
    });
  }

  /** What every attempt at a command needs: who, which id, which stream. */
  private prepare(command: LedgerCommand, options: HandleOptions): PreparedCommand {
    const named = options.actor ?? command.meta?.actor ?? options.defaultActor;
    // One person however the name is typed (domain.md "Who acts"): stored in normal form.
    const actor = named === undefined ? undefined : normalActor(named);
    const commandId = command.meta?.commandId ?? newCommandId();
    const grantId = isGrantCommand(command) ? command.grantId : undefined;
    const ids = { commandId, ...(grantId !== undefined ? { grantId } : {}) };
    const streamId = grantId !== undefined ? streamIdOf(grantId) : REFERENCE_RATES_STREAM;
    return { command, actor, ids, streamId, fingerprint: commandFingerprint(command) };
  }

  /**
   * One attempt at a batch: the answers known before appending (rejections, earlier
   * handlings), the writes to append, and commands repeated inside the batch (the same id
   * and command twice: answered as the first).
   */
  private async decideBatch(prepared: PreparedCommand[], attempt: number): Promise<DecidedBatch> {
    const answers: (HandleResult | undefined)[] = [];
    const writes: DecidedBatch['writes'] = [];
    const repeats = new Map<number, number>();
    const inBatch = new Map<string, number>();
    const pending = new Map<string, LoadedStream>();
    const now = this.clock().toISOString();
    for (const [index, { command, actor, ids, streamId, fingerprint }] of prepared.entries()) {
      if (!actor) {
        answers[index] = { ok: false, ...ids, error: NO_ACTOR };
        continue;
      }
      const first = inBatch.get(ids.commandId);
      if (first !== undefined) {
        const earlier = prepared[first]!;
        if (earlier.fingerprint === fingerprint && earlier.streamId === streamId) {
          repeats.set(index, first);
        } else {
          const message = `command id ${ids.commandId} names two commands in this batch`;
          const error = reject('IDEMPOTENCY_CONFLICT', message, 'meta.commandId');
          answers[index] = { ok: false, ...ids, error };
        }
        continue;
      }
      inBatch.set(ids.commandId, index);
      if (command.meta?.commandId !== undefined || attempt > 1) {
        const earlier = await this.earlierHandling(ids.commandId, fingerprint, streamId, ids);
        if (earlier) {
          answers[index] = earlier;
          continue;
        }
      }
      const loaded = pending.get(streamId) ?? (await this.load(streamId));
      const decision = await this.decideOn(command, loaded.state, { actor, now });
      if (isRejection(decision)) {
        answers[index] = { ok: false, ...ids, error: decision };
        continue;
      }
      const { commandId } = ids;
      const events = newEventsOf(decision, { streamId, commandId, actor, now, meta: command.meta });
      const expected = loaded.revision >= 0 ? loaded.revision : 'no_stream';
      const claim: StreamWrite['command'] = { commandId, fingerprint };
      const write: StreamWrite = { streamId, events, expected, command: claim };
      writes.push({ index, write });
      pending.set(streamId, {
        revision: loaded.revision + events.length,
        state: fold(events.map(asGrantEvent), loaded.state),
        commandIds: new Set([...loaded.commandIds, ids.commandId]),
      });
    }
    return { answers, writes, repeats };
  }

  /**
   * The answer to a commandId already in the store's index: the first handling's events
   * for the same command, IDEMPOTENCY_CONFLICT for another. Undefined when the id is new
   * (or claimed without events, as a crashed EventStoreDB append can leave it).
   */
  private async earlierHandling(
    commandId: string,
    fingerprint: string,
    streamId: string,
    ids: { commandId: string; grantId?: string },
  ): Promise<HandleResult | undefined> {
    const first = await this.store.findCommand(commandId);
    if (!first) return undefined;
    // Commands recorded before fingerprints were kept are judged by their stream alone.
    if (
      first.streamId !== streamId ||
      (first.fingerprint !== undefined && first.fingerprint !== fingerprint)
    ) {
      const where = first.streamId === streamId ? 'with other fields' : `for ${first.streamId}`;
      const message = `command id ${commandId} was already used ${where}; send a new command id for a new command`;
      return {
        ok: false,
        ...ids,
        error: reject('IDEMPOTENCY_CONFLICT', message, 'meta.commandId'),
      };
    }
    const events = (await this.store.readStream(streamId)).filter(
      (e) => e.metadata.commandId === commandId,
    );
    return events.length === 0 ? undefined : { ok: true, ...ids, events, duplicate: true };
  }

  /**
   * The decision, by the command's own decider. Recovery interest needs the reference rates
   * (stream `reference-rates`): read here and handed to the pure decider in its context.
   * The rates stream itself is loaded like any other (revision, commandIds); its grant
   * state stays empty, as the grant fold knows no rate events.
   */
  private async decideOn(
    command: LedgerCommand,
    state: GrantState,
    context: DecisionContext,
  ): Promise<GrantEvent[] | ReferenceRateSetEvent[] | Rejection> {
    if (!isGrantCommand(command)) return decideReferenceRate(command);
    if (!NEEDS_REFERENCE_RATES.has(command.type) && state.recoveries.size === 0)
      return decide(command, state, context);
    const referenceRates = foldReferenceRates(await this.store.readStream(REFERENCE_RATES_STREAM));
    return decide(command, state, { ...context, referenceRates });
  }

  /** The stream's current state: the cached fold plus the events after it, or the whole stream. */
  private async load(streamId: string): Promise<LoadedStream> {
    const cached = this.cache.get(streamId);
    if (cached) {
      const from = cached.revision + 1;
      const newer = this.store.readStreamFrom
        ? await this.store.readStreamFrom(streamId, from)
        : (await this.store.readStream(streamId)).filter((e) => e.revision >= from);
      // Dense from the cached revision on, or the cache no longer describes this stream.
      if (follows(cached, newer)) {
        const loaded = advance(cached, newer);
        this.remember(streamId, loaded);
        return loaded;
      }
      this.cache.delete(streamId);
    }
    const loaded = advance(EMPTY_STREAM(), await this.store.readStream(streamId));
    this.remember(streamId, loaded);
    return loaded;
  }

  private remember(streamId: string, loaded: LoadedStream): void {
    if (this.cacheSize === 0) return;
    this.cache.delete(streamId);
    this.cache.set(streamId, loaded);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }
}

type CommandMeta = LedgerCommand['meta'];

/** The events a decision records, with their deterministic ids and metadata. */
function newEventsOf(
  decision: readonly { type: string; version: number; data: unknown }[],
  on: { streamId: string; commandId: string; actor: string; now: string; meta: CommandMeta },
): NewEvent[] {
  const { streamId, commandId, actor, now, meta } = on;
  return decision.map((e, index) => ({
    eventId: eventIdFor(streamId, commandId, index),
    type: e.type,
    version: e.version,
    data: e.data,
    metadata: {
      actor,
      commandId,
      recordedAt: now,
      correlationId: meta?.correlationId ?? commandId,
      ...(meta?.causationId !== undefined ? { causationId: meta.causationId } : {}),
    },
  }));
}

/** Whether `events` are exactly the stream's next revisions after `loaded` (none counts). */
function follows(loaded: LoadedStream, events: readonly StoredEvent[]): boolean {
  return events.every((e, i) => e.revision === loaded.revision + 1 + i);
}

/**
 * Folds `events` (the stream's next revisions: see follows) onto a loaded stream. fold copies on
 * write, so the earlier state, which a caller may still hold, is never changed; the
 * commandId set is copied only when it grows.
 */
function advance(loaded: LoadedStream, events: StoredEvent[]): LoadedStream {
  if (events.length === 0) return loaded;
  const commandIds = new Set(loaded.commandIds);
  for (const e of events) commandIds.add(e.metadata.commandId);
  return {
    revision: events.at(-1)!.revision,
    state: fold(events.map(asGrantEvent), loaded.state),
    commandIds,
  };
}
