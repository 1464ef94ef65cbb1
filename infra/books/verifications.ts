// The books as the ledger's figures (interfaces.md "Book-keeping"): each account's balance
// is defined from the grant balance, and a verification is the change of those balances
// that one money event makes. So the books always agree with the ledger, and every
// verification balances (debits = credits) because the definitions do:
//   grant expense (D) = entitlement            advance receivable (D) = advanceUnsettled
//   recovery receivable (D) = max(0, netPaid − entitlement) − advanceUnsettled
//   payee liability (C) = max(0, entitlement − netPaid)          bank (C) = netPaid
// and a repayment's interest: debit bank, credit interest income.
import { evolve } from '../../domain/grant/evolve.js';
import { figuresOf } from '../../domain/grant/figures.js';
import { businessDateOf, type EventOf, type GrantEvent } from '../../domain/grant/events.js';
import { initialState, type GrantState } from '../../domain/grant/state.js';
import { Decimal, ZERO } from '../../domain/money.js';
import type { AccountRole } from './accounts.js';

/** Debit positive, credit negative: the SIE convention. */
export type Balances = Record<AccountRole, Decimal>;

export interface Verification {
  grantId: string;
  /** The event's global position: the order of verifications on the same day. */
  position: number;
  /** The business date of the money event. */
  date: string;
  /** What happened, for a person: "Förskott RUN/573/2022". */
  text: string;
  /** The day the ledger recorded it, and who (SIE regdatum and sign). */
  recordedOn?: string;
  sign?: string;
  /** Non-zero changes only, in the order of ACCOUNT_ROLES. */
  rows: { role: AccountRole; amount: Decimal }[];
}

export const NO_BALANCES = (): Balances => ({
  grantExpense: ZERO,
  advanceReceivable: ZERO,
  recoveryReceivable: ZERO,
  payeeLiability: ZERO,
  bank: ZERO,
  interestIncome: ZERO,
});

/** The account balances the definitions give for a grant state (interest aside). */
export function balancesOf(state: GrantState): Balances {
  const f = figuresOf(state);
  const beyond = Decimal.max(0, f.netPaid.minus(f.entitlement));
  return {
    grantExpense: f.entitlement,
    advanceReceivable: f.advanceUnsettled,
    recoveryReceivable: beyond.minus(f.advanceUnsettled),
    payeeLiability: Decimal.max(0, f.entitlement.minus(f.netPaid)).negated(),
    bank: f.netPaid.negated(),
    interestIncome: ZERO,
  };
}

/** A repayment's interest (recorded since interest on recoveries; 0 for older events). */
function interestPaidOf(e: GrantEvent): Decimal {
  if (e.type !== 'RepaymentReceived') return ZERO;
  const paid = (e.data as EventOf<'RepaymentReceived'>['data'] & { interestPaid?: string })
    .interestPaid;
  return paid === undefined ? ZERO : new Decimal(paid);
}

/** "Förskott RUN/573/2022", "Utbetalning RUN/573/2022 ansökan claim-1", … */
export function textOf(grantId: string, e: GrantEvent, state: GrantState): string {
  switch (e.type) {
    case 'PaymentAttested': {
      const payment = state.payments.get(e.data.paymentId);
      return payment?.kind === 'claim'
        ? `Utbetalning ${grantId} ansökan ${payment.claimId ?? ''}`.trim()
        : `Förskott ${grantId}`;
    }
    case 'CostsReviewed':
      return `Granskad ansökan ${e.data.claimId} ${grantId}`;
    case 'DecisionAmended':
      return `Ändrat beslut ${grantId}`;
    case 'RepaymentReceived':
      return `Återbetalning ${grantId} återkrav ${e.data.recoveryId}`;
    case 'GrantApproved':
      return `Beslut ${grantId}`;
    default:
      return `${e.type} ${grantId}`;
  }
}

export interface RecordedGrantEvent {
  event: GrantEvent;
  position: number;
  recordedAt?: string;
  actor?: string;
}

/**
 * One verification per event of the grant that changes a balance, in the order of the
 * stream; `inPeriod` decides which are written (earlier ones still move the balances).
 */
export function verificationsOf(
  grantId: string,
  events: Iterable<RecordedGrantEvent>,
  inPeriod: (date: string) => boolean = () => true,
): Verification[] {
  let state = initialState();
  let before = NO_BALANCES();
  const out: Verification[] = [];
  for (const { event, position, recordedAt, actor } of events) {
    state = evolve(state, event);
    const after = balancesOf(state);
    const interest = interestPaidOf(event);
    const rows: Verification['rows'] = [];
    for (const role of Object.keys(after) as AccountRole[]) {
      let change = after[role].minus(before[role]);
      if (role === 'bank') change = change.plus(interest);
      if (role === 'interestIncome') change = interest.negated();
      if (!change.isZero()) rows.push({ role, amount: change });
    }
    before = after;
    const date = businessDateOf(event);
    if (rows.length === 0 || date === undefined || !inPeriod(date)) continue;
    out.push({
      grantId,
      position,
      date,
      text: textOf(grantId, event, state),
      ...(recordedAt !== undefined ? { recordedOn: recordedAt.slice(0, 10) } : {}),
      ...(actor !== undefined ? { sign: actor } : {}),
      rows,
    });
  }
  return out;
}
