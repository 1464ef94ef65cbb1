// The part of @eventstore/db-client the EventStoreDB adapter uses, named as an interface
// so that the adapter depends on this small surface rather than on the whole client: the
// real EventStoreDBClient satisfies it as it is, and the unit tests drive the adapter
// through a scripted fake of it (test/contract/esdb-fake-client.ts), leader changes and
// dropped connections included.
import esdb from '@eventstore/db-client';
import type * as Client from '@eventstore/db-client';

const {
  NotLeaderError,
  UnavailableError,
  CancelledError,
  DeadlineExceededError,
  TimeoutError,
  UnknownError,
  convertToCommandError,
  isCommandError,
} = esdb;

/** A finite read: iterate it; `cancel` (when the client has it) closes the call early. */
export type Reading<E> = AsyncIterable<E> & { cancel?(): Promise<void> };

/**
 * A live subscription to $all. It is a readable stream in the real client: `push` lets
 * the adapter put checkpoint markers into it in the order the server sent them.
 */
export interface AllSubscription extends AsyncIterable<unknown> {
  push(chunk: unknown): boolean;
  on(event: 'caughtUp', listener: () => void): unknown;
  unsubscribe(): Promise<void>;
}

export interface EsdbClient {
  appendToStream(
    streamName: string,
    events: Client.EventData[],
    options: Client.AppendToStreamOptions,
  ): Promise<Client.AppendResult>;
  readStream(streamName: string, options: Client.ReadStreamOptions): Reading<Client.ResolvedEvent>;
  readAll(options: Client.ReadAllOptions): Reading<Client.AllStreamResolvedEvent>;
  subscribeToAll(options: Client.SubscribeToAllOptions): AllSubscription;
  dispose(): Promise<void>;
}

// The client's types the adapter and its fake speak in, from one place.
export type {
  AllStreamResolvedEvent,
  AppendResult,
  AppendToStreamOptions,
  EventData,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@eventstore/db-client';
type Position = Client.Position;

/** A position given as one number (a checkpoint this store handed out): commit = prepare. */
export function exactPosition(position: number): Position {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** Whether a comes strictly after b in $all order (commit, then prepare). */
export function isAfter(a: Position, b: Position): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}

/**
 * What a leaderless cluster answers an append (Streams.BatchAppend, 22.6 to 24.10): a
 * status whose details pack google.protobuf.Empty, with one of these messages. The
 * client does not know that detail type and surfaces it as an UnknownError "Could not
 * recognize <message>". Nothing was written: the node did not handle the request.
 */
const NOT_HANDLED = /Server Is Not Ready|Server Is Busy|No leader info available/;

/**
 * What the client throws when no seed named a leader within its discovery attempts: in a
 * failover, the election may simply not be over yet.
 */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts/;

/**
 * Thrown when a call still failed transiently once its retry budget was spent (the
 * cluster stayed without a leader, or out of reach). The code tells the HTTP API to answer
 * 503 STORE_UNAVAILABLE (infra/store-unavailable.ts); the last error is the cause.
 */
export class EsdbUnavailableError extends Error {
  readonly code = 'ESDB_UNAVAILABLE';
  constructor(budgetMs: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`EventStoreDB did not answer within its retry budget of ${budgetMs} ms: ${reason}`, {
      cause,
    });
    this.name = 'EsdbUnavailableError';
  }
}

/**
 * Errors after which the same call may succeed: the node is not (or no longer) the
 * leader, the connection dropped, the cluster has no leader yet ("not ready", "busy"), or
 * the outcome is unknown (the server's write timeout, a call deadline). The client has
 * already chosen where its next call goes (the leader it was told of, or a fresh
 * discovery), so trying again is the cure. An append whose outcome is unknown may have
 * committed; running it again is safe because its claims and the stream scan recognise a
 * batch already stored (esdb.ts).
 */
export function isTransient(error: unknown): boolean {
  // Some calls fail with grpc's own error (a status code, before the client converts it),
  // for instance when no connection can be made at all.
  const command =
    error instanceof Error && !isCommandError(error) && 'code' in error
      ? convertToCommandError(error)
      : error;
  return (
    command instanceof NotLeaderError ||
    command instanceof UnavailableError ||
    command instanceof CancelledError ||
    command instanceof DeadlineExceededError ||
    command instanceof TimeoutError ||
    (command instanceof UnknownError && NOT_HANDLED.test(command.message)) ||
    (command instanceof Error && !isCommandError(command) && DISCOVERY_FAILED.test(command.message))
  );
}

export interface RetryTuning {
  /**
   * How long (ms) a call keeps being tried after its first failure. It must outlast a
   * failover: the gossip timeout that declares the leader dead plus an election.
   */
  budgetMs: number;
  /** The first pause; each further one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Retry budget of one call unless the connection string says otherwise (retryBudgetMs). */
export const DEFAULT_RETRY_BUDGET_MS = 20_000;

export const CALL_RETRY: RetryTuning = {
  budgetMs: DEFAULT_RETRY_BUDGET_MS,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
};

/** The pause before try `attempt` + 1 (from 0), jittered so that clients spread out. */
export function backoffDelay(tuning: RetryTuning, attempt: number): number {
  const ceiling = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Runs `call`, trying again after a transient error (see isTransient) with back-off, for
 * as long as the time budget lasts; then EsdbUnavailableError, with the last error as its
 * cause, is thrown (never retried again by an enclosing retryTransient).
 */
export async function retryTransient<T>(
  call: () => Promise<T>,
  tuning: RetryTuning = CALL_RETRY,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delay = backoffDelay(tuning, attempt);
      if (Date.now() - started + delay > tuning.budgetMs)
        throw new EsdbUnavailableError(tuning.budgetMs, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
