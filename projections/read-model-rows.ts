// The row values the read-store adapters write: one interface per read-model table, and
// what one batch writes (BatchWrite).
import type { GrantState } from '../domain/grant/state.js';
import type { AuditEntry } from './audit.js';
import type { GrantBalance } from './balance.js';
import type { JournalEntry } from './journal.js';
import type { Fingerprints } from './row-fingerprints.js';

/**
 * grant_balance: the balance as balanceOf computed it (its "today"-dependent parts are
 * recomputed when read), and what else the row stores.
 */
export interface BalanceRow {
  grantId: string;
  streamId: string;
  balance: GrantBalance;
  /**
   * The recoveries and their repayments (recovery-schedule.ts): interest accrued is computed from
   * it when asked.
   */
  recoverySchedule: string | null;
  applicantOrgNumber: string | null;
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
  /**
   * What the child tables hold for this grant, when known (GrantStateCache): unchanged tables are
   * not rewritten.
   */
  fingerprints?: Fingerprints;
}

/** Everything one grant's events in a batch change: written once per grant per batch. */
export interface GrantRows {
  grantId: string;
  /**
   * Where the grant's fold stands; the store encodes `state` (encodeGrantState) if it keeps a
   * grant_state table.
   */
  stateRow: GrantStateRow & { state: GrantState };
  /** Absent while the grant has no application (its rows are then deleted). */
  balance: BalanceRow | undefined;
  conditions: ConditionRow[];
  indicators: IndicatorRow[];
  deliveries: DeliveryRow[];
  payments: PaymentRow[];
  fingerprints: Fingerprints;
  /**
   * Which child tables differ from what they hold (all true unless the previous
   * fingerprints were known).
   */
  changed: Record<keyof Fingerprints, boolean>;
  /**
   * Which child tables may hold rows of this grant (false only when known to hold none): what to
   * delete before inserting.
   */
  mayHoldRows: Record<keyof Fingerprints, boolean>;
}

export interface BatchWrite {
  /** The new checkpoint: the position of the batch's last event. */
  checkpoint: number;
  grants: GrantRows[];
  audit: AuditRow[];
  /** Events applied (the batch after dropping those at or below the locked checkpoint). */
  applied: number;
}
