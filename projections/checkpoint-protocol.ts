// "Never twice, never skipped": how a read store applies events to its tables, written
// once as steps without I/O. A read store (SQLite, PostgreSQL) only does the I/O between
// them, inside ONE transaction:
//
//   lock the checkpoint row, read it (c)
//   begin(c, after, events)   → stale (c < after: a rebuild reset it; read again from c)
//                             | nothing to do (every event is at or below c: another
//                               process applied it)
//                             | project: the events after c, the cached states, the
//                               grant ids to load
//   load the states of `load` (grant_state, or re-folded from the events beside them)
//   finish(step, loaded)      → BatchWrite: the rows of every touched grant, the new
//                               checkpoint
//   write the rows and the checkpoint; COMMIT
//   committed(write, outcome) | failed() when the transaction did not commit
//
// An append's inline projection takes the same steps in the append's transaction
// (beginInline), or before it (predict: PostgreSQL's one-round-trip append, which writes
// the predicted rows only if the log's head and the locked checkpoint are as predicted).
//
// Rows and checkpoint commit together, so the tables are always exactly the fold of the
// log up to their checkpoint, whoever (this process, another, an append's inline hook)
// got there first. The cache of folded states (grant-state-cache.ts) is trusted only at
// the checkpoint this process committed last: begin() empties it when the locked
// checkpoint is any other.
import { START_CHECKPOINT } from './checkpoint.js';
import { GrantStateCache } from './grant-state-cache.js';
import { grantIdsToLoad, projectBatch, type ProjectOptions } from './project-batch.js';
import type { BatchWrite, GrantStateRow } from './read-model-rows.js';
import type { ProjectedEvent } from './recorded-event.js';

/** The most events an append's transaction projects inline; further behind, catchUp does it. */
export const INLINE_LIMIT = 1000;

export type BatchOutcome =
  /** The rows of `applied` events and the checkpoint committed. */
  | { kind: 'applied'; checkpoint: number; applied: number }
  /** The locked checkpoint was behind the batch's start (a rebuild reset it): read again. */
  | { kind: 'stale'; checkpoint: number };

/** What to project: the events after the locked checkpoint, and the states they need. */
export interface ProjectStep {
  kind: 'project';
  /** The locked checkpoint. */
  checkpoint: number;
  pending: readonly ProjectedEvent[];
  /** The touched grants' states found in the cache. */
  states: Map<string, GrantStateRow>;
  /**
   * Grant ids whose states the store loads (from grant_state, or by re-folding their
   * events up to `checkpoint`).
   */
  load: string[];
}

export type BatchStep = BatchOutcome | ProjectStep;

export class CheckpointProtocol {
  private readonly cache: GrantStateCache;
  /** The highest checkpoint this process committed (catchUpTo skips what it projected). */
  private applied = START_CHECKPOINT;

  constructor(cache = new GrantStateCache()) {
    this.cache = cache;
  }

  /** A batch read after `after`, with the checkpoint `locked` in the transaction. */
  begin(locked: number, after: number, events: readonly ProjectedEvent[]): BatchStep {
    this.cache.validate(locked);
    if (locked < after) return { kind: 'stale', checkpoint: locked };
    const pending = locked === after ? events : events.filter((e) => e.position > locked);
    if (pending.length === 0) return { kind: 'applied', checkpoint: locked, applied: 0 };
    return this.project(locked, pending);
  }

  /**
   * Inside an append's transaction (the log cannot move): `pending` is everything after
   * the locked checkpoint, this append's events included. Undefined when there is nothing,
   * or more than INLINE_LIMIT events (a rebuild in progress, read models long closed):
   * catchUp then applies them in batches, outside commands.
   */
  beginInline(locked: number, pending: readonly ProjectedEvent[]): ProjectStep | undefined {
    if (pending.length === 0 || pending.length > INLINE_LIMIT) return undefined;
    this.cache.validate(locked);
    return this.project(locked, pending);
  }

  /**
   * Before an append, outside its transaction (PostgreSQL's one-round-trip append): the
   * step for `events` at the positions they get if the log's head is still the checkpoint
   * this process committed last. The append checks that, and the locked checkpoint, and
   * writes the rows only then; committedPredicted() once it did. From cached states only:
   * undefined when a touched grant's state is not cached at that checkpoint, or is behind
   * the events (another process appended what the tables have not seen yet) — the append
   * then takes the in-transaction path (beginInline), which loads what it needs.
   */
  predict(events: readonly Omit<ProjectedEvent, 'position'>[]): ProjectStep | undefined {
    const needed = grantIdsToLoad(events);
    const checkpoint = needed.length === 0 ? this.applied : this.cache.validCheckpoint;
    if (checkpoint === undefined) return undefined;
    if (needed.length > 0 && checkpoint !== this.applied) return undefined;
    const { found, missing } = this.cache.lookup(needed);
    if (missing.length > 0) return undefined;
    const first = new Map<string, number>();
    for (const e of events) if (!first.has(e.streamId)) first.set(e.streamId, e.revision);
    for (const state of found.values()) {
      if (state.revision !== first.get(state.streamId)! - 1) return undefined;
    }
    const base = Math.max(checkpoint, 0) + 1;
    const pending = events.map((e, i) => ({ ...e, position: base + i }));
    return { kind: 'project', checkpoint, pending, states: found, load: [] };
  }

  /** The rows to write, from the step and the states the store loaded for `step.load`. */
  finish(step: ProjectStep, loaded: Iterable<GrantStateRow>, options?: ProjectOptions): BatchWrite {
    for (const state of loaded) step.states.set(state.grantId, state);
    return projectBatch(step.pending, step.states, options);
  }

  /** After the transaction committed; `write` is what it wrote, if anything. */
  committed(write: BatchWrite | undefined, outcome?: BatchOutcome): void {
    if (write) {
      this.cache.committed(write);
      this.applied = Math.max(this.applied, write.checkpoint);
    }
    if (outcome?.kind === 'applied') this.applied = Math.max(this.applied, outcome.checkpoint);
  }

  /** After the append wrote a predicted step's rows (see predict). */
  committedPredicted(step: ProjectStep, write: BatchWrite): void {
    // The cache moved meanwhile (another batch of this process): its entries are not the
    // states this write continued from.
    if (this.cache.validCheckpoint !== step.checkpoint) this.cache.clear();
    this.committed(write);
  }

  /** The transaction did not commit: nothing of it was kept, so forget what it folded. */
  failed(): void {
    this.cache.clear();
  }

  /** The tables were emptied (rebuild). */
  reset(): void {
    this.cache.clear();
    this.applied = START_CHECKPOINT;
  }

  /** Whether this process has committed the tables up to `position` (or further). */
  hasApplied(position: number): boolean {
    return this.applied >= position;
  }

  private project(locked: number, pending: readonly ProjectedEvent[]): ProjectStep {
    const { found, missing } = this.cache.lookup(grantIdsToLoad(pending));
    return { kind: 'project', checkpoint: locked, pending, states: found, load: missing };
  }
}

/** A batch's outcome once its write committed. */
export const appliedOutcome = (write: BatchWrite): BatchOutcome => ({
  kind: 'applied',
  checkpoint: write.checkpoint,
  applied: write.applied,
});
