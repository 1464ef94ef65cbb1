// A catch-up subscription on EventStoreDB: one server-side subscription to $all
// (subscribeToAll) rather than polling, filtered on the server so that system records
// never travel, with checkpoint records so that long filtered stretches still show
// progress.
//
// Three positions are kept apart:
// - the cursor: the full {commit, prepare} of the last record this subscription has
//   received (a ledger event handed to onEvent, or a record that is not one). After a
//   dropped connection it resubscribes from there (fromPosition is exclusive);
// - the floor: the last server checkpoint. A checkpoint says "every record before this
//   position has been dealt with", not "this record has": servers 22.6 to 23.6 send one
//   at the first live event's own position, just before that event. So a record at the
//   floor is still delivered, and the floor is never a resume point (resuming from it,
//   exclusively, would skip the record there). Servers 24.10.0 to 24.10.4 can send
//   (2^64-1, 2^64-1) on a fresh cluster: a position no log has, ignored;
// - the delivered checkpoint: the position (commit) of the last ledger event handed to
//   onEvent, the number a subscriber stores and passes back as `after`.
// Checkpoints and the server's "caught up" are turned into markers pushed into the
// subscription's own stream at the moment the client meets them, so they reach us in
// order with the events before them, not ahead of events still buffered.
//
// Transient errors (NotLeader during an election, Unavailable, a server-side cancel, a
// deadline) resubscribe with back-off; any other error, or a subscriber that throws,
// stops it and is reported through onError. stop() ends it wherever it is, even mid-wait.
import esdb from '@eventstore/db-client';
import {
  backoffDelay,
  exactPosition,
  isAfter,
  isTransient,
  type AllStreamResolvedEvent,
  type AllSubscription,
  type EsdbClient,
  type Position,
  type RetryTuning,
} from './esdb-client.js';
import type {
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../../commands/event-store-port.js';

const { excludeSystemEvents, START } = esdb;

/** The live subscription retries without limit; the pause between tries stays bounded. */
export const SUBSCRIPTION_RETRY: RetryTuning = {
  budgetMs: Infinity,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
};

export interface EsdbSubscriptionDeps {
  client: EsdbClient;
  /** Our event from a server record; undefined when the record is not a ledger event. */
  toStoredEvent(resolved: AllStreamResolvedEvent): StoredEvent | undefined;
  /** The position of the last record in $all now (undefined when empty), read from the leader. */
  readHead(): Promise<Position | undefined>;
  retry?: RetryTuning;
}

interface CheckpointMarker {
  checkpoint: Position;
}
interface CaughtUpMarker {
  caughtUp: true;
}

export function esdbSubscription(
  deps: EsdbSubscriptionDeps,
  options: SubscribeOptions,
): Subscription {
  const run = new SubscriptionRun(deps, options);
  return { caughtUp: run.caughtUp, stop: () => run.stop() };
}

/** What the subscriber's onEvent threw: never retried, whatever it is. */
class SubscriberFailure {
  constructor(readonly error: unknown) {}
}

type Item = AllStreamResolvedEvent | CheckpointMarker | CaughtUpMarker;

class SubscriptionRun {
  readonly caughtUp: Promise<void>;
  private readonly retry: RetryTuning;
  /** The last record received, in delivery order: where a resubscription starts. */
  private cursor: Position | undefined;
  /** The last server checkpoint: every record strictly before it is dealt with. */
  private floor: Position | undefined;
  /** The delivered checkpoint: the position of the last ledger event handed to onEvent. */
  private delivered: number | undefined;
  private stopped = false;
  private current: AllSubscription | undefined;
  private readonly stopSignal: Promise<'stopped'>;
  private wakeStop!: () => void;
  private isCaughtUp = false;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;
  private readonly loop: Promise<void>;

  constructor(
    private readonly deps: EsdbSubscriptionDeps,
    private readonly options: SubscribeOptions,
  ) {
    this.retry = deps.retry ?? SUBSCRIPTION_RETRY;
    this.cursor = options.after === undefined ? undefined : exactPosition(options.after);
    this.delivered = options.after;
    this.stopSignal = new Promise((resolve) => (this.wakeStop = () => resolve('stopped')));
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.resolveCaughtUp = () => {
        this.isCaughtUp = true;
        resolve();
      };
      this.rejectCaughtUp = reject;
    });
    // Nobody is obliged to await caughtUp; a failure is also reported through onError.
    this.caughtUp.catch(() => undefined);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStop();
    await this.current?.unsubscribe().catch(() => undefined);
    await this.loop;
  }

  /** Subscribes, and subscribes again after transient errors, until stopped or failed. */
  private async run(): Promise<void> {
    let failures = 0;
    let failingSince = 0;
    try {
      const head = await this.deps.readHead();
      if (!head || (this.cursor && !isAfter(head, this.cursor))) this.resolveCaughtUp();
      while (!this.stopped) {
        const before = this.cursor;
        try {
          await this.runOnce(head);
          if (this.stopped) return;
          // The server ended a subscription that should live: a node going away does that.
          throw new esdb.UnavailableError(undefined, 'EventStoreDB ended the subscription');
        } catch (error) {
          if (this.stopped) return;
          if (error instanceof SubscriberFailure || !isTransient(error)) throw error;
          if (this.cursor !== before || failures === 0) {
            failures = 0;
            failingSince = Date.now();
          }
          const delay = backoffDelay(this.retry, failures);
          if (Date.now() - failingSince + delay > this.retry.budgetMs) throw error;
          await Promise.race([pause(delay), this.stopSignal]);
          failures += 1;
        }
      }
    } catch (thrown) {
      const error = thrown instanceof SubscriberFailure ? thrown.error : thrown;
      this.stopped = true;
      this.rejectCaughtUp(error);
      this.options.onError?.(error);
    } finally {
      if (!this.isCaughtUp)
        this.rejectCaughtUp(new Error('subscription stopped before it caught up'));
    }
  }

  /** Subscribes from the raw cursor and delivers until the stream ends or fails. */
  private async runOnce(head: Position | undefined): Promise<void> {
    const subscription = this.deps.client.subscribeToAll({
      fromPosition: this.cursor ?? START,
      requiresLeader: true,
      filter: excludeSystemEvents({
        checkpointInterval: 1,
        checkpointReached: (sub, checkpoint) =>
          void sub.push({ checkpoint } satisfies CheckpointMarker),
      }),
    });
    const caughtUp: CaughtUpMarker = { caughtUp: true };
    subscription.on('caughtUp', () => void subscription.push(caughtUp));
    this.current = subscription;
    if (this.stopped) return;
    const items = subscription[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await Promise.race([items.next(), this.stopSignal]);
        if (next === 'stopped' || next.done) return;
        await this.deliver(next.value as Item, head);
        if (this.stopped) return;
      }
    } finally {
      this.current = undefined;
      void subscription.unsubscribe().catch(() => undefined);
      void items.return?.().catch(() => undefined);
    }
  }

  /** Hands a ledger event to the subscriber and moves the cursor over whatever the item is. */
  private async deliver(item: Item, head: Position | undefined): Promise<void> {
    if ('caughtUp' in item) {
      if (!this.isCaughtUp) this.resolveCaughtUp();
      return;
    }
    if ('checkpoint' in item) {
      const checkpoint = item.checkpoint;
      if (!isLogPosition(checkpoint)) return;
      if (!this.floor || isAfter(checkpoint, this.floor)) this.floor = checkpoint;
      this.checkCaughtUp(head);
      return;
    }
    const position = item.event?.position;
    if (!position) throw new Error('EventStoreDB sent a subscription record without a position');
    // Already received (the overlap of a resubscription), or before the last checkpoint.
    if (this.cursor && !isAfter(position, this.cursor)) return;
    if (this.floor && isAfter(this.floor, position)) return;
    const event = this.deps.toStoredEvent(item);
    if (event) {
      if (this.delivered !== undefined && event.position <= this.delivered) {
        throw new SharedCommitPositionError(event.position);
      }
      try {
        await this.options.onEvent(event);
      } catch (error) {
        throw new SubscriberFailure(error);
      }
      this.delivered = event.position;
    }
    this.cursor = position;
    this.checkCaughtUp(head);
  }

  /** Caught up once the head of $all read at the start is received or checkpointed past. */
  private checkCaughtUp(head: Position | undefined): void {
    if (this.isCaughtUp || !head) return;
    const received = this.cursor && !isAfter(head, this.cursor);
    const checkpointed = this.floor && !isAfter(head, this.floor);
    if (received || checkpointed) this.resolveCaughtUp();
  }
}

/** The largest position a log can have: positions are signed 64-bit numbers on the server. */
const MAX_LOG_POSITION = 2n ** 63n - 1n;

/** Whether a checkpoint names a place in a log (24.10.0-24.10.4 can send 2^64-1). */
function isLogPosition(position: Position): boolean {
  return (
    position.commit >= 0n &&
    position.prepare >= 0n &&
    position.commit <= MAX_LOG_POSITION &&
    position.prepare <= MAX_LOG_POSITION
  );
}

/**
 * Ledger events that share one commit position were written in a legacy (TCP) explicit
 * transaction: a numeric checkpoint cannot tell them apart, so resuming from it could skip
 * some. Refused loudly; gRPC appends (every append of this ledger) never do this.
 */
export class SharedCommitPositionError extends Error {
  constructor(readonly position: number) {
    super(
      `two ledger events share the $all commit position ${position} (a legacy TCP ` +
        'transaction); a checkpoint cannot tell them apart',
    );
    this.name = 'SharedCommitPositionError';
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
