// From read-model rows back to the projections' shapes (GrantBalance, IndicatorStatus, …):
// shared by the SQLite and PostgreSQL read stores. "Today"-dependent states (final report
// overdue, indicator missed) are computed here, at query time, with the same pure
// functions the folds use.
import {
  initialState,
  type GrantState,
  type GrantStatus,
  type Indicator,
  type Terms,
} from '../../domain/grant/state.js';
import type { AuditEntry } from '../../projections/audit.js';
import {
  BALANCE_LAYOUT,
  finalReportStateOf,
  interestLinesOf,
  type FinalReportState,
  type GrantBalance,
} from '../../projections/balance.js';
import type { ReferenceRate } from '../../domain/interest.js';
import { ratesWhen, type RatesSource } from '../../projections/read-models.js';
import { decodeRecoverySchedule } from '../../projections/recovery-schedule.js';
import { indicatorsOf, type IndicatorStatus } from '../../projections/indicators.js';
import type { JournalEntry } from '../../projections/journal.js';
import type { PortfolioLine } from '../../projections/portfolio.js';
import type { GrantStateRow } from '../../projections/read-model-rows.js';
import { GRANT_BALANCE } from './read-model-tables.js';
import { amountOut, recordReader } from './record-reader.js';

/**
 * A grant_balance record as both stores select it: every column of its description
 * (read-model-tables.ts) by name, dates as YYYY-MM-DD text. These the read stores use
 * themselves; the rest only the balance reader does.
 */
export interface BalanceRecord {
  grant_id: string;
  /** JSON text (SQLite) or parsed JSONB (PostgreSQL); null when the grant has no recovery. */
  recovery_schedule: unknown;
  final_report_due: string | null;
  final_report_submitted_on: string | null;
}

export interface ConditionRecord {
  grant_id: string;
  condition_id: string;
  text: string;
  fulfilled: boolean | number;
  fulfilled_on: string | null;
}

/** What of a balance its row does not hold: computed when read, as of the day asked. */
type ComputedWhenRead = ReturnType<typeof interestLinesOf> & {
  conditions: GrantBalance['conditions'];
  finalReport: { state: FinalReportState };
};

const readBalance = recordReader<ComputedWhenRead, GrantBalance>(GRANT_BALANCE, BALANCE_LAYOUT);

/** Whether recovery interest accrues on the grant: it has recoveries (a schedule). */
function accruesInterest(r: BalanceRecord): boolean {
  return r.recovery_schedule !== null && r.recovery_schedule !== undefined;
}

/** The rates `records` need: read once if any of them accrues interest, none otherwise. */
export function ratesFor(
  records: readonly BalanceRecord[],
  rates?: RatesSource,
): Promise<readonly ReferenceRate[]> {
  return ratesWhen(records.some(accruesInterest), rates);
}

/**
 * The balance of a grant_balance record and its condition records. `today` judges the final
 * report and is the day up to which recovery interest is computed, with `rates`.
 */
export function balanceFromRecord(
  r: BalanceRecord,
  conditions: readonly ConditionRecord[],
  today: string,
  rates: readonly ReferenceRate[],
): GrantBalance {
  const due = r.final_report_due ?? undefined;
  const submittedOn = r.final_report_submitted_on ?? undefined;
  const interest = interestLinesOf(decodeRecoverySchedule(r.recovery_schedule), rates, today);
  // Added to the interest lines' own object: a spread into a new one made reading a balance
  // ~1.6× slower.
  return readBalance(
    r,
    Object.assign(interest, {
      conditions: conditions.map((c) => ({
        id: c.condition_id,
        text: c.text,
        fulfilled: Boolean(c.fulfilled),
        fulfilledOn: c.fulfilled_on,
      })),
      finalReport: { state: finalReportStateOf(due, submittedOn, today) },
    }),
  );
}

export interface IndicatorRecord {
  indicator_id: string;
  name: string;
  kind: string;
  target: number | string;
  achieved: number | string;
}

export interface DeliveryRecord {
  indicator_id: string;
  kind: string;
  title: string;
  delivered_on: string;
}

/** Rows ordered by indicator, then kind; deliveries by indicator, then seq. */
export function indicatorsFromRecords(
  grantId: string,
  balance: Pick<BalanceRecord, 'final_report_due' | 'final_report_submitted_on'>,
  rows: readonly IndicatorRecord[],
  deliveries: readonly DeliveryRecord[],
  today: string,
): IndicatorStatus[] {
  const indicators = new Map<string, Indicator>();
  for (const r of rows) {
    let i = indicators.get(r.indicator_id);
    if (!i)
      indicators.set(
        r.indicator_id,
        (i = { id: r.indicator_id, name: r.name, targets: {}, achieved: {}, deliveries: [] }),
      );
    i.targets[r.kind] = Number(r.target);
    i.achieved[r.kind] = Number(r.achieved);
  }
  for (const d of deliveries)
    indicators
      .get(d.indicator_id)
      ?.deliveries.push({ kind: d.kind, title: d.title, deliveredOn: d.delivered_on });
  // indicatorsOf judges "missed" from the final report's dates only: hand it just those.
  const state: GrantState = {
    ...initialState(),
    indicators,
    ...(balance.final_report_due !== null
      ? { terms: { finalReportDue: balance.final_report_due } as Terms }
      : {}),
    ...(balance.final_report_submitted_on !== null
      ? { finalReportSubmittedOn: balance.final_report_submitted_on }
      : {}),
  };
  return indicatorsOf(grantId, state, today);
}

export interface PaymentRecord {
  grant_id: string;
  payment_id: string;
  kind: string;
  claim_id: string | null;
  amount: unknown;
  status: string;
  ordered_on: string;
  ordered_by: string;
  attested_on: string | null;
  attested_by: string | null;
  cancelled_on: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  settled: boolean | number;
  bank_reference: string | null;
  booked_on: string | null;
  booked_amount: unknown;
}

export function journalFromRecord(r: PaymentRecord): JournalEntry {
  return {
    grantId: r.grant_id,
    paymentId: r.payment_id,
    kind: r.kind as JournalEntry['kind'],
    claimId: r.claim_id,
    amount: amountOut(r.amount),
    status: r.status as JournalEntry['status'],
    orderedOn: r.ordered_on,
    orderedBy: r.ordered_by,
    attestedOn: r.attested_on,
    attestedBy: r.attested_by,
    cancelledOn: r.cancelled_on,
    cancelledBy: r.cancelled_by,
    cancelReason: r.cancel_reason,
    settled: Boolean(r.settled),
    bankReference: r.bank_reference,
    bookedOn: r.booked_on,
    bookedAmount:
      r.booked_amount === null || r.booked_amount === undefined ? null : amountOut(r.booked_amount),
  };
}

export interface AuditRecord {
  position: number | string;
  grant_id: string;
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  business_date: string | null;
  recorded_at: string;
  actor: string;
  command_id: string;
  correlation_id: string | null;
  causation_id: string | null;
  hash: string;
  data: unknown;
}

export function auditFromRecord(r: AuditRecord, data: unknown): AuditEntry {
  return {
    position: Number(r.position),
    grantId: r.grant_id,
    streamId: r.stream_id,
    revision: r.revision,
    type: r.type,
    version: r.version,
    businessDate: r.business_date as string,
    recordedAt: r.recorded_at,
    actor: r.actor,
    commandId: r.command_id,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    hash: r.hash,
    data,
  };
}

/**
 * A row of the `portfolio` view: amounts as exact text (SQLite) or NUMERIC strings (pg),
 * counts per status.
 */
export interface PortfolioRecord {
  appropriation: string;
  committed: string;
  paid: string;
  remaining_commitment: string;
  grants_approved: number | string;
  grants_closed: number | string;
  grants_withdrawn: number | string;
}

export function portfolioFromRecords(rows: readonly PortfolioRecord[]): PortfolioLine[] {
  return rows
    .map((r) => {
      const approved = Number(r.grants_approved);
      const closed = Number(r.grants_closed);
      const withdrawn = Number(r.grants_withdrawn);
      return {
        appropriation: r.appropriation,
        committed: amountOut(r.committed),
        paid: amountOut(r.paid),
        remainingCommitment: amountOut(r.remaining_commitment),
        grants: { approved, closed, withdrawn, total: approved + closed + withdrawn },
      };
    })
    .sort((a, b) => a.appropriation.localeCompare(b.appropriation));
}

export const byGrantId = (a: { grantId: string }, b: { grantId: string }): number =>
  a.grantId.localeCompare(b.grantId);

export type ListedStatus = Exclude<GrantStatus, 'none'>;

/**
 * A grant_state row (positions are numbers in SQLite, BIGINT strings from pg; state is the encoded
 * JSON text).
 */
export interface GrantStateRecord {
  grant_id: string;
  stream_id: string;
  revision: number;
  first_position: number | string;
  last_position: number | string;
  state: string;
}

export function grantStateFromRecord(r: GrantStateRecord): GrantStateRow {
  return {
    grantId: r.grant_id,
    streamId: r.stream_id,
    revision: r.revision,
    firstPosition: Number(r.first_position),
    lastPosition: Number(r.last_position),
    state: r.state,
  };
}
