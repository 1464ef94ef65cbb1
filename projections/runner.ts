// The projection runner: follows the event store's global order from a checkpoint and
// keeps the read-model tables up to date.
//
//   read checkpoint c ─► readPage(c, N) (or readAll) ─► ReadStore.applyBatch(batch, c, projectBatch)
//                                                          │ ONE transaction:
//                                                          │  lock + re-read the checkpoint
//                                                          │  drop events at or below it (another process applied them)
//                                                          │  load the touched grants' folded states (grant_state)
//                                                          │  projectBatch(): pure folds → row values
//                                                          │  write rows, grant states and the new checkpoint
//                                                          ▼ COMMIT
//
// Rows and checkpoint commit together, so a crash at any point leaves the tables exactly
// at some checkpoint: no event is applied twice or skipped, and the next catchUp (or
// rebuild) converges. The fold itself (projectBatch) is pure: no I/O, no clock; "today"
// dependent states (overdue, missed) are computed at query time from stored dates.
//
// The runner only needs `readAll({after, limit})` of the event source (readPage where the
// store has it: SQLite, PostgreSQL), so any EventStore
// (SQLite, PostgreSQL, EventStoreDB, memory) can feed any ReadStore (SQLite, PostgreSQL).
import { grantIdOf } from '../domain/grant/decider.js';
import { fold } from '../domain/grant/evolve.js';
import type { GrantEvent } from '../domain/grant/events.js';
import { initialState, type GrantState } from '../domain/grant/state.js';
import { auditEntryOf, type AuditEntry } from './audit.js';
import { balanceOf, type GrantBalance } from './balance.js';
import { decodeGrantState } from './grant-state-codec.js';
import { encodeRecoverySchedule } from './recovery-schedule.js';
import { indicatorsOf } from './indicators.js';
import { journalOf, type JournalEntry } from './journal.js';
import type { RebuildProgress } from './read-models.js';
import { asGrantEvent, withMetadata, type ProjectedEvent, type RecordedEvent } from './recorded-event.js';

/** The checkpoint before any event: read models are empty. */
export const START_CHECKPOINT = -1;
export const DEFAULT_BATCH_SIZE = 5000;

// ── Row values (what the read-store adapters write; one interface per table) ──────────

/** grant_balance: every figure of domain.md's balance as its own column. */
export interface BalanceRow extends Omit<GrantBalance, 'conditions' | 'finalReport' | 'interestAccrued' | 'interestDue' | 'recoveries'> {
  streamId: string;
  /** The recoveries and their repayments (recovery-schedule.ts): interest accrued is computed from it when asked. */
  recoverySchedule: string | null;
  applicantOrgNumber: string | null;
  finalReportDue: string | null;
  finalReportSubmittedOn: string | null;
  conditionsTotal: number;
  conditionsFulfilled: number;
  /** Position of the grant's first event: the order of first appearance (as listStreams). */
  firstPosition: number;
  /** Position of the last event folded into this row. */
  lastPosition: number;
  revision: number;
}

export interface ConditionRow {
  grantId: string;
  seq: number;
  conditionId: string;
  text: string;
  fulfilled: boolean;
  fulfilledOn: string | null;
  evidence: string | null;
}

/** indicator_status: one row per grant + indicator + kind. */
export interface IndicatorRow {
  grantId: string;
  indicatorSeq: number;
  indicatorId: string;
  name: string;
  kindSeq: number;
  kind: string;
  target: number;
  achieved: number;
}

export interface DeliveryRow {
  grantId: string;
  indicatorId: string;
  seq: number;
  kind: string;
  title: string;
  deliveredOn: string;
}

export interface PaymentRow extends JournalEntry {
  seq: number;
}

export type AuditRow = AuditEntry;

/** grant_state: where a grant's fold stands, so the next batch continues from it. */
export interface GrantStateRow {
  grantId: string;
  streamId: string;
  revision: number;
  firstPosition: number;
  lastPosition: number;
  /** encodeGrantState's JSON text (from the table), or the state itself (from GrantStateCache). */
  state: string | GrantState;
  /** What the child tables hold for this grant, when known (GrantStateCache): unchanged tables are not rewritten. */
  fingerprints?: Fingerprints;
}

/**
 * One child table's rows of a grant, to tell whether a batch changed them. The JSON text is
 * made only when two row sets of equal length are compared, and then once: a rebuild meets
 * most grants once, and never pays for it.
 */
export class Fingerprint {
  private text: string | undefined;

  constructor(readonly rows: readonly unknown[]) {}

  sameAs(other: Fingerprint): boolean {
    if (this.rows.length !== other.rows.length) return false;
    return this.rows.length === 0 || this.json() === other.json();
  }

  private json(): string {
    return (this.text ??= JSON.stringify(this.rows));
  }
}

/** What the child tables hold for a grant. */
export interface Fingerprints {
  conditions: Fingerprint;
  indicators: Fingerprint;
  deliveries: Fingerprint;
  payments: Fingerprint;
}

/** Everything one grant's events in a batch change: written once per grant per batch. */
export interface GrantRows {
  grantId: string;
  /** Where the grant's fold stands; the store encodes `state` (encodeGrantState) if it keeps a grant_state table. */
  stateRow: GrantStateRow & { state: GrantState };
  /** Absent while the grant has no application (its rows are then deleted). */
  balance: BalanceRow | undefined;
  conditions: ConditionRow[];
  indicators: IndicatorRow[];
  deliveries: DeliveryRow[];
  payments: PaymentRow[];
  fingerprints: Fingerprints;
  /** Which child tables differ from what they hold (all true unless the previous fingerprints were known). */
  changed: Record<keyof Fingerprints, boolean>;
  /** Which child tables may hold rows of this grant (false only when known to hold none): what to delete before inserting. */
  mayHoldRows: Record<keyof Fingerprints, boolean>;
}

/** What the child tables hold for a grant that was never projected: nothing. */
const NONE = new Fingerprint([]);
const NO_ROWS: Fingerprints = { conditions: NONE, indicators: NONE, deliveries: NONE, payments: NONE };

export interface BatchWrite {
  /** The new checkpoint: the position of the batch's last event. */
  checkpoint: number;
  grants: GrantRows[];
  audit: AuditRow[];
  /** Events applied (the batch after dropping those at or below the locked checkpoint). */
  applied: number;
}

export interface ProjectOptions {
  /** Derive audit rows (default true); false when the store's audit trail is a view over its events table. */
  audit?: boolean;
}

/** A pure function from (events, the touched grants' stored states) to the rows to write. */
export type Projector = (events: readonly ProjectedEvent[], states: ReadonlyMap<string, GrantStateRow>, options?: ProjectOptions) => BatchWrite;

/**
 * The grant ids whose stored state a batch needs (load these before projecting): the
 * touched grants, except those whose first event in the batch is their stream's first
 * (revision 0). Such a grant has no event at or below the checkpoint, so it has no state
 * and no rows yet: a rebuild meets most grants that way and need not look them up.
 */
export function grantIdsToLoad(events: readonly ProjectedEvent[]): string[] {
  const seen = new Set<string>();
  const load: string[] = [];
  for (const e of events) {
    if (seen.has(e.streamId)) continue;
    seen.add(e.streamId);
    const grantId = grantIdOf(e.streamId);
    if (grantId !== undefined && e.revision > 0) load.push(grantId);
  }
  return load;
}

interface Working {
  grantId: string;
  streamId: string;
  state: GrantState;
  /** This batch's events of the grant, in order, folded in one go at the end. */
  events: GrantEvent[];
  fingerprints: Fingerprints | undefined;
  revision: number;
  firstPosition: number;
  lastPosition: number;
  changed: boolean;
}

/**
 * The pure heart of the runner: folds a batch (in global order) onto the touched grants'
 * stored states and derives every row from them with the same projection functions the
 * on-demand folds use (balanceOf, indicatorsOf, journalOf, auditEntryOf).
 */
export const projectBatch: Projector = (events, states, options = {}) => {
  const working = new Map<string, Working>();
  const audit: AuditRow[] = [];
  const withAudit = options.audit ?? true;
  let checkpoint = START_CHECKPOINT;
  for (const e of events) {
    checkpoint = e.position;
    const grantId = grantIdOf(e.streamId);
    if (grantId === undefined) {
      if (withAudit) audit.push(auditEntryOf(withMetadata(e))); // not a grant stream: only the audit trail shows it
      continue;
    }
    let w = working.get(grantId);
    if (!w) {
      const stored = states.get(grantId);
      w = stored
        ? {
            grantId,
            streamId: stored.streamId,
            state: typeof stored.state === 'string' ? decodeGrantState(stored.state) : stored.state,
            events: [],
            fingerprints: stored.fingerprints,
            revision: stored.revision,
            firstPosition: stored.firstPosition,
            lastPosition: stored.lastPosition,
            changed: false,
          }
        : // Never projected (rows are only ever written with its grant_state row): no child rows yet.
          { grantId, streamId: e.streamId, state: initialState(), events: [], fingerprints: NO_ROWS, revision: -1, firstPosition: e.position, lastPosition: START_CHECKPOINT, changed: false };
      working.set(grantId, w);
    }
    // A second line of defence behind the checkpoint: never fold a revision twice, never skip one.
    if (e.revision <= w.revision) continue;
    if (e.revision !== w.revision + 1) {
      throw new Error(`projection: stream ${e.streamId} jumps from revision ${w.revision} to ${e.revision} at position ${e.position}`);
    }
    // evolve knows every grant event type; an unknown one (a newer writer) leaves the state as it is.
    w.events.push(asGrantEvent(e));
    w.revision = e.revision;
    w.lastPosition = e.position;
    w.changed = true;
    if (withAudit) audit.push(auditEntryOf(withMetadata(e)));
  }
  const grants: GrantRows[] = [];
  for (const w of working.values()) {
    if (!w.changed) continue;
    w.state = fold(w.events, w.state); // one copy of the state per grant per batch, not one per event
    grants.push(rowsOf(w));
  }
  return { checkpoint, grants, audit, applied: events.length };
};

// Any date will do: the stored rows never contain "today"-dependent values.
const NO_DAY = '0000-01-01';

function rowsOf(w: Working): GrantRows {
  const { grantId, state } = w;
  const b = balanceOf(grantId, state, NO_DAY);
  const balance: BalanceRow | undefined = b && {
    grantId,
    title: b.title,
    applicant: b.applicant,
    status: b.status,
    cap: b.cap,
    rate: b.rate,
    advanceGranted: b.advanceGranted,
    appropriation: b.appropriation,
    reportedCosts: b.reportedCosts,
    approvedCosts: b.approvedCosts,
    disallowedCosts: b.disallowedCosts,
    unreviewedCosts: b.unreviewedCosts,
    entitlement: b.entitlement,
    advancePaid: b.advancePaid,
    claimsPaid: b.claimsPaid,
    pendingPayments: b.pendingPayments,
    repaid: b.repaid,
    netPaid: b.netPaid,
    advanceOffset: b.advanceOffset,
    advanceOutstanding: b.advanceOutstanding,
    payable: b.payable,
    overpaid: b.overpaid,
    advanceUnsettled: b.advanceUnsettled,
    repaymentDue: b.repaymentDue,
    interestPaid: b.interestPaid,
    recoverySchedule: encodeRecoverySchedule(state.recoveries),
    remainingCap: b.remainingCap,
    undisbursed: b.undisbursed,
    payoutAccount: b.payoutAccount,
    streamId: w.streamId,
    applicantOrgNumber: state.application?.applicant.orgNumber ?? null,
    finalReportDue: b.finalReport.due,
    finalReportSubmittedOn: b.finalReport.submittedOn,
    conditionsTotal: b.conditions.length,
    conditionsFulfilled: b.conditions.filter((c) => c.fulfilled).length,
    firstPosition: w.firstPosition,
    lastPosition: w.lastPosition,
    revision: w.revision,
  };
  const conditions: ConditionRow[] = [...state.conditions.values()].map((c, seq) => ({
    grantId,
    seq,
    conditionId: c.id,
    text: c.text,
    fulfilled: c.fulfilledOn !== undefined,
    fulfilledOn: c.fulfilledOn ?? null,
    evidence: c.evidence ?? null,
  }));
  const indicators: IndicatorRow[] = [];
  const deliveries: DeliveryRow[] = [];
  indicatorsOf(grantId, state, NO_DAY).forEach((i, indicatorSeq) => {
    Object.keys(i.targets).forEach((kind, kindSeq) =>
      indicators.push({ grantId, indicatorSeq, indicatorId: i.indicatorId, name: i.name, kindSeq, kind, target: i.targets[kind] ?? 0, achieved: i.achieved[kind] ?? 0 }),
    );
    i.deliveries.forEach((d, seq) => deliveries.push({ grantId, indicatorId: i.indicatorId, seq, kind: d.kind, title: d.title, deliveredOn: d.deliveredOn }));
  });
  // The entries are journalOf's fresh objects: numbering them in place beats copying each with a spread.
  const payments: PaymentRow[] = journalOf(grantId, state).map((p, seq) => Object.assign(p, { seq }));
  const fingerprints: Fingerprints = {
    conditions: new Fingerprint(conditions),
    indicators: new Fingerprint(indicators),
    deliveries: new Fingerprint(deliveries),
    payments: new Fingerprint(payments),
  };
  const before = w.fingerprints;
  return {
    grantId,
    stateRow: { grantId, streamId: w.streamId, revision: w.revision, firstPosition: w.firstPosition, lastPosition: w.lastPosition, state },
    balance,
    conditions,
    indicators,
    deliveries,
    payments,
    fingerprints,
    changed: {
      conditions: changed(before, fingerprints, 'conditions'),
      indicators: changed(before, fingerprints, 'indicators'),
      deliveries: changed(before, fingerprints, 'deliveries'),
      payments: changed(before, fingerprints, 'payments'),
    },
    mayHoldRows: {
      conditions: mayHoldRows(before, 'conditions'),
      indicators: mayHoldRows(before, 'indicators'),
      deliveries: mayHoldRows(before, 'deliveries'),
      payments: mayHoldRows(before, 'payments'),
    },
  };
}

// (Module-level, not closures inside rowsOf: tsx names every closure it creates, per call.)

/** Whether a child table's rows differ from what it holds; unknown before (state loaded from a table or re-folded): rewritten. */
function changed(before: Fingerprints | undefined, after: Fingerprints, table: keyof Fingerprints): boolean {
  return !before || !before[table].sameAs(after[table]);
}

/** Whether a child table may hold rows of the grant (what to delete before inserting). */
function mayHoldRows(before: Fingerprints | undefined, table: keyof Fingerprints): boolean {
  return !before || before[table].rows.length > 0;
}

// ── A per-process cache of folded states ─────────────────────────────────────────────

/**
 * Folded grant states (and what their child rows hold) as this process last committed
 * them, so a batch need not read and decode grant_state for grants it saw recently, nor
 * rewrite child rows that did not change. Bounded (least recently used out): memory stays
 * flat however many grants there are. Valid only while nobody else has committed: every
 * transaction passes the checkpoint it locked to validate(), and anything but the
 * checkpoint this process committed last empties the cache.
 */
export class GrantStateCache {
  private readonly entries = new Map<string, GrantStateRow>();
  private validAt: number | undefined;

  // 1,000 grants: ~20 KiB each in memory (state, Decimals, row fingerprints). 5,000 cost a
  // rebuild ~110 MiB of peak RSS for no gain: a rebuild meets most grants in one batch.
  constructor(private readonly maxEntries = 1000) {}

  /** The checkpoint the cached states are valid at (undefined: nothing cached). */
  get validCheckpoint(): number | undefined {
    return this.validAt;
  }

  /** Inside the transaction, with the locked checkpoint. */
  validate(lockedCheckpoint: number): void {
    if (lockedCheckpoint !== this.validAt) this.clear();
  }

  /** The cached rows among `grantIds`, and the ids to load from the table. */
  lookup(grantIds: readonly string[]): { found: Map<string, GrantStateRow>; missing: string[] } {
    const found = new Map<string, GrantStateRow>();
    const missing: string[] = [];
    for (const id of grantIds) {
      const row = this.entries.get(id);
      if (row) found.set(id, row);
      else missing.push(id);
    }
    return { found, missing };
  }

  /** After the batch's transaction committed. */
  committed(write: BatchWrite): void {
    for (const g of write.grants) {
      this.entries.delete(g.grantId);
      const s = g.stateRow; // (field by field: a spread with an extra field takes V8's slow path)
      this.entries.set(g.grantId, { grantId: s.grantId, streamId: s.streamId, revision: s.revision, firstPosition: s.firstPosition, lastPosition: s.lastPosition, state: s.state, fingerprints: g.fingerprints });
    }
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(id);
    }
    this.validAt = write.checkpoint;
  }

  clear(): void {
    this.entries.clear();
    this.validAt = undefined;
  }
}

// ── The runner ─────────────────────────────────────────────────────────────────────────

export type BatchOutcome =
  /** The rows of `applied` events and the checkpoint committed. */
  | { kind: 'applied'; checkpoint: number; applied: number }
  /** The locked checkpoint was behind the batch's start (a rebuild reset it): read again from it. */
  | { kind: 'stale'; checkpoint: number };

/** What a read store (SQLite, PostgreSQL) must do for the runner. */
export interface ReadStore {
  /** The position of the last applied event, START_CHECKPOINT when none. */
  readCheckpoint(): Promise<number>;
  /**
   * In ONE transaction: lock the checkpoint row and re-read it (c); if c < after return
   * 'stale'; drop events at or below c; load the remaining events' grant states; call
   * `project`; write its rows, grant states and checkpoint; commit.
   */
  applyBatch(events: readonly ProjectedEvent[], after: number, project: Projector): Promise<BatchOutcome>;
  /** Whether the rows it writes need the events' metadata (an audit_trail table does; a view over the events does not). */
  readonly needsMetadata: boolean;
  /** In one transaction: empty every read-model table and set the checkpoint to START_CHECKPOINT. */
  reset(): Promise<void>;
}

/** All the runner needs of an event store. */
export interface EventSource {
  readAll(options?: { after?: number; limit?: number }): AsyncIterable<RecordedEvent>;
  /**
   * One page of the global order as an array, when the source can: a batch then costs one
   * call instead of an await per event, and without `metadata` the source may skip it.
   * (Reading the events of a 200,000-event SQLite rebuild: 1.2 s of its profile through readAll, 0.8 s through lean pages.)
   */
  readPage?(after: number, limit: number, options: { metadata: boolean }): readonly ProjectedEvent[] | Promise<readonly ProjectedEvent[]>;
}

export interface RunnerOptions {
  /** Events per transaction. */
  batchSize?: number;
  /** How many events there are after a checkpoint (for progress); default: counts with readAll. */
  countEventsAfter?: (after: number) => Promise<number>;
}

export class ProjectionRunner {
  private readonly batchSize: number;

  constructor(
    private readonly source: EventSource,
    private readonly store: ReadStore,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /** Applies every event after the checkpoint; resolves with how many this call applied. */
  async catchUp(onBatch?: (applied: number) => void): Promise<number> {
    let after = await this.store.readCheckpoint();
    let applied = 0;
    for (;;) {
      const batch = await this.readBatch(after);
      if (batch.length === 0) return applied;
      const outcome = await this.store.applyBatch(batch, after, projectBatch);
      if (outcome.kind === 'stale') {
        after = outcome.checkpoint;
        continue;
      }
      applied += outcome.applied;
      onBatch?.(applied);
      // A short page means we have reached the end of the log as it was when we read it.
      // (outcome.checkpoint may be beyond the batch when another process got further.)
      if (batch.length < this.batchSize) return applied;
      after = Math.max(outcome.checkpoint, batch.at(-1)!.position);
    }
  }

  private async readBatch(after: number): Promise<readonly ProjectedEvent[]> {
    if (this.source.readPage) return this.source.readPage(after, this.batchSize, { metadata: this.store.needsMetadata });
    const batch: RecordedEvent[] = [];
    for await (const e of this.source.readAll({ after, limit: this.batchSize })) batch.push(e);
    return batch;
  }

  /** Empties the read models and applies the whole log again, reporting progress per batch. */
  async rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    const total = await this.countEventsAfter(START_CHECKPOINT);
    await this.store.reset();
    onProgress?.({ done: 0, total });
    const done = await this.catchUp((applied) => onProgress?.({ done: applied, total: Math.max(total, applied) }));
    return { done, total: Math.max(total, done) };
  }

  private async countEventsAfter(after: number): Promise<number> {
    if (this.options.countEventsAfter) return this.options.countEventsAfter(after);
    let count = 0;
    for await (const _ of this.source.readAll({ after })) count += 1;
    return count;
  }
}

/**
 * One read-model job at a time per process. Concurrent catchUp callers share the next
 * queued run: a caller always waits for a run that starts after it asked (so it reads
 * its own write), but N concurrent commands cause at most two runs, not N. Rebuilds run
 * exclusively, in the same queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending: Promise<unknown> | undefined;

  /** Joins the queued (not yet started) run of `work`, or queues one. */
  shared<T>(work: () => Promise<T>): Promise<T> {
    if (this.pending) return this.pending as Promise<T>;
    const run: Promise<T> = this.tail.then(ignore, ignore).then(() => {
      if (this.pending === run) this.pending = undefined;
      return work();
    });
    this.pending = run;
    this.tail = run;
    return run;
  }

  /** Queues `work` on its own. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(ignore, ignore).then(work);
    this.tail = run;
    return run;
  }
}

function ignore(): void {}
