// An inline projection's hook into a store's append: work that must commit with the events
// it follows (Emmett calls these inline projections). One shape for every store that
// offers it (SQLite, PostgreSQL): the hook runs in the append's transaction, on the same
// connection, after the events are inserted, inside a savepoint — if it throws, only its
// own writes are undone, the append still commits and `abandoned` is told why — and it
// answers what to do once the append has committed. The read models beside a store use it
// so that a command costs one commit, not two, and the tables never lag the log.
//
// The stores differ only in whether the transaction answers at once (SQLite:
// better-sqlite3 is synchronous) or by a promise (PostgreSQL), and in what else it offers
// (PostgreSQL: the client; and `prepare`, for its one-round-trip append).
import type { StoredEvent } from '../../commands/event-store-port.js';

/** T at once (`Async` false: SQLite) or a promise of it (true: PostgreSQL). */
export type Answer<Async extends boolean, T> = Async extends true ? Promise<T> : T;

/** What the hook does once the append, with the hook's writes, has committed. */
export type AfterCommit = () => void;

/** What a hook sees of the append's transaction (the log cannot move while it runs). */
export interface AppendTransaction<Async extends boolean> {
  /** The events this append inserted, in order, with their positions. */
  appended: readonly StoredEvent[];
  /** The position of the first event after `position`, if any (no JSON is parsed). */
  nextPosition(position: number): Answer<Async, number | undefined>;
  /** Up to `limit` events after `position`, in global order. */
  readAfter(position: number, limit: number): Answer<Async, StoredEvent[]>;
}

export interface AppendHook<Tx extends AppendTransaction<Async>, Async extends boolean> {
  /**
   * Inside the append's transaction, as a savepoint; answers what to do once the append
   * has committed (undefined: nothing).
   */
  inTransaction(tx: Tx): Answer<Async, AfterCommit | undefined>;
  /**
   * Optional, where the store appends in one round trip (PostgreSQL): the hook's writes
   * for `events` computed before the append, as if the log's head were what the hook last
   * saw. The store applies them only if that still holds; otherwise the events are
   * appended without them and the hook's owner catches up afterwards. Undefined: nothing
   * prepared; the append then runs in a transaction of its own, with inTransaction.
   */
  prepare?(events: readonly Omit<StoredEvent, 'position'>[]): PreparedHookWrite | undefined;
  /** The hook threw, or the append it ran in was rolled back: its writes did not happen. */
  abandoned(error: unknown): void;
}

/** What a hook prepared for an append (AppendHook.prepare). */
export interface PreparedHookWrite {
  /**
   * The hook's checkpoint the writes were computed from; the events were given positions
   * max(checkpoint, 0) + 1, + 2, …
   */
  checkpoint: number;
  /** The document the schema's read_models_inline(checkpoint, document) function writes. */
  document: string;
  /** The append committed with the writes. */
  committed(): void;
}
