// The pure heart of the projection: a batch of events (in global order) and the touched
// grants' stored states in, the rows to write out. No I/O, no clock: "today"-dependent
// states (overdue, missed) are computed at query time from stored dates.
import { grantIdOf } from '../domain/grant/decider.js';
import { fold } from '../domain/grant/evolve.js';
import type { GrantEvent } from '../domain/grant/events.js';
import { initialState, type GrantState } from '../domain/grant/state.js';
import { auditEntryOf } from './audit.js';
import { balanceOf } from './balance.js';
import { START_CHECKPOINT } from './checkpoint.js';
import { decodeGrantState } from './grant-state-codec.js';
import { indicatorsOf } from './indicators.js';
import { journalOf } from './journal.js';
import type {
  AuditRow,
  BalanceRow,
  BatchWrite,
  ConditionRow,
  DeliveryRow,
  GrantRows,
  GrantStateRow,
  IndicatorRow,
  PaymentRow,
} from './read-model-rows.js';
import { asGrantEvent, withMetadata, type ProjectedEvent } from './recorded-event.js';
import { encodeRecoverySchedule } from './recovery-schedule.js';
import {
  changed,
  Fingerprint,
  mayHoldRows,
  NO_ROWS,
  type Fingerprints,
} from './row-fingerprints.js';

export interface ProjectOptions {
  /**
   * Derive audit rows (default true); false when the store's audit trail is a view over
   * its events table.
   */
  audit?: boolean;
}

/** A pure function from (events, the touched grants' stored states) to the rows to write. */
export type Projector = (
  events: readonly ProjectedEvent[],
  states: ReadonlyMap<string, GrantStateRow>,
  options?: ProjectOptions,
) => BatchWrite;

/**
 * The grant ids whose stored state a batch needs (load these before projecting): the
 * touched grants, except those whose first event in the batch is their stream's first
 * (revision 0). Such a grant has no event at or below the checkpoint, so it has no state
 * and no rows yet: a rebuild meets most grants that way and need not look them up.
 */
export function grantIdsToLoad(
  events: readonly Pick<ProjectedEvent, 'streamId' | 'revision'>[],
): string[] {
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
      // not a grant stream: only the audit trail shows it
      if (withAudit) audit.push(auditEntryOf(withMetadata(e)));
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
        : // Never projected (rows are only ever written with its grant_state row): no child
          // rows yet.
          {
            grantId,
            streamId: e.streamId,
            state: initialState(),
            events: [],
            fingerprints: NO_ROWS,
            revision: -1,
            firstPosition: e.position,
            lastPosition: START_CHECKPOINT,
            changed: false,
          };
      working.set(grantId, w);
    }
    // A second line of defence behind the checkpoint: never fold a revision twice, never skip one.
    if (e.revision <= w.revision) continue;
    if (e.revision !== w.revision + 1) {
      throw new Error(
        `projection: stream ${e.streamId} jumps from revision ${w.revision} to ${e.revision} at position ${e.position}`,
      );
    }
    // evolve knows every grant event type; an unknown one (a newer writer) leaves the state
    // as it is.
    w.events.push(asGrantEvent(e));
    w.revision = e.revision;
    w.lastPosition = e.position;
    w.changed = true;
    if (withAudit) audit.push(auditEntryOf(withMetadata(e)));
  }
  const grants: GrantRows[] = [];
  for (const w of working.values()) {
    if (!w.changed) continue;
    // one copy of the state per grant per batch, not one per event
    w.state = fold(w.events, w.state);
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
    streamId: w.streamId,
    balance: b,
    recoverySchedule: encodeRecoverySchedule(state.recoveries),
    applicantOrgNumber: state.application?.applicant.orgNumber ?? null,
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
      indicators.push({
        grantId,
        indicatorSeq,
        indicatorId: i.indicatorId,
        name: i.name,
        kindSeq,
        kind,
        target: i.targets[kind] ?? 0,
        achieved: i.achieved[kind] ?? 0,
      }),
    );
    i.deliveries.forEach((d, seq) =>
      deliveries.push({
        grantId,
        indicatorId: i.indicatorId,
        seq,
        kind: d.kind,
        title: d.title,
        deliveredOn: d.deliveredOn,
      }),
    );
  });
  // The entries are journalOf's fresh objects: numbering them in place beats copying each
  // with a spread.
  const payments: PaymentRow[] = journalOf(grantId, state).map((p, seq) =>
    Object.assign(p, { seq }),
  );
  const fingerprints: Fingerprints = {
    conditions: new Fingerprint(conditions),
    indicators: new Fingerprint(indicators),
    deliveries: new Fingerprint(deliveries),
    payments: new Fingerprint(payments),
  };
  const before = w.fingerprints;
  return {
    grantId,
    stateRow: {
      grantId,
      streamId: w.streamId,
      revision: w.revision,
      firstPosition: w.firstPosition,
      lastPosition: w.lastPosition,
      state,
    },
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
