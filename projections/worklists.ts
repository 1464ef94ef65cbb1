// The finance desk's worklists (interfaces.md "The dashboard is the finance desk"): what
// waits for whom, oldest first, computed from the read models (balances, payments) and,
// for the few grants a list needs more of, the grant's folded state. Pure: the caller
// brings the data, the actor and the day.
import { normalActor } from '../domain/actor.js';
import type { CommandType } from '../domain/grant/commands.js';
import type { GrantState } from '../domain/grant/state.js';
import { Decimal, formatMoney } from '../domain/money.js';
import { addDays } from './worklist-dates.js';
import type { GrantBalance } from './balance.js';
import type { JournalEntry } from './journal.js';

export const WORKLIST_IDS = [
  'applications',
  'conditions',
  'finalReports',
  'indicators',
  'claimsToReview',
  'payable',
  'notInBankFile',
  'unsettled',
  'returned',
  'recoveries',
  'recoveriesExceeding',
  'payoutAccounts',
  'toAttest',
] as const;
export type WorklistId = (typeof WORKLIST_IDS)[number];

/** Which role works each list. */
export const WORKLIST_ROLE: Record<WorklistId, 'officer' | 'finance' | 'attester'> = {
  applications: 'officer',
  conditions: 'officer',
  finalReports: 'officer',
  indicators: 'officer',
  claimsToReview: 'finance',
  payable: 'finance',
  notInBankFile: 'finance',
  unsettled: 'finance',
  returned: 'finance',
  recoveries: 'finance',
  recoveriesExceeding: 'officer',
  payoutAccounts: 'attester',
  toAttest: 'attester',
};

/** A final report or indicator is "due" this many days before its due date. */
export const DUE_SOON_DAYS = 30;

export interface WorkItem {
  grantId: string;
  title: string;
  /** The date that ages the item (submitted, decided, due, ordered, attested): oldest first. */
  date: string;
  /** The claim, payment, condition, indicator or recovery the item is about. */
  ref: string | null;
  amount: string | null;
  /** A short fact beside it: `overdue`/`due`, who ordered, the condition's or indicator's text. */
  detail: string | null;
  /** The command that clears the item. */
  action: CommandType;
}

export interface Worklist {
  id: WorklistId;
  role: 'officer' | 'finance' | 'attester';
  /** Every item waiting; `items` holds at most `limit` of them. */
  count: number;
  items: WorkItem[];
  /**
   * toAttest: payments waiting for attest that this person ordered (someone else must attest them).
   */
  orderedByMe?: number;
}

export interface WorklistInput {
  today: string;
  actor: string;
  roles: readonly string[];
  balances: readonly GrantBalance[];
  payments: readonly JournalEntry[];
  /** The folded state of every grant `needsState` named. */
  states: ReadonlyMap<string, GrantState>;
  limit?: number;
}

function dueSoon(balance: GrantBalance, today: string): boolean {
  const due = balance.finalReport.due;
  return (
    balance.status === 'approved' &&
    balance.finalReport.submittedOn === null &&
    due !== null &&
    due <= addDays(today, DUE_SOON_DAYS)
  );
}

/**
 * The grants whose lists need more than the read models hold: their states are folded by the
 * caller.
 */
export function grantsNeedingState(
  balances: readonly GrantBalance[],
  payments: readonly JournalEntry[],
  today: string,
): Set<string> {
  const ids = new Set(balances.filter((b) => needsState(b, today)).map((b) => b.grantId));
  // Whether an attested payment is in a bank file yet is in the grant's state only.
  for (const p of payments) if (p.status === 'attested' && !p.settled) ids.add(p.grantId);
  // When and why the bank returned a payment is in the grant's state only.
  for (const p of payments) if (p.status === 'returned') ids.add(p.grantId);
  return ids;
}

export function needsState(balance: GrantBalance, today: string): boolean {
  const b = balance;
  if (b.status === 'applied') return true;
  if (b.status !== 'approved' && b.status !== 'closed' && b.status !== 'revoked') return false;
  return (
    b.conditions.some((c) => !c.fulfilled) ||
    b.unreviewedCosts !== '0.00' ||
    b.payable !== '0.00' ||
    b.overpaid !== '0.00' ||
    b.repaid !== '0.00' ||
    dueSoon(b, today)
  );
}

type Collect = (
  balance: GrantBalance,
  state: GrantState | undefined,
  push: (item: WorkItem) => void,
  today: string,
) => void;

const officerLists: Partial<Record<WorklistId, Collect>> = {
  applications(b, s, push) {
    if (b.status !== 'applied') return;
    push(item(b, s?.application?.submittedOn ?? '', null, null, null, 'GrantDecision'));
  },
  conditions(b, s, push) {
    if (b.status !== 'approved') return;
    for (const c of b.conditions)
      if (!c.fulfilled)
        push(item(b, s?.terms?.decidedOn ?? '', c.id, null, c.text, 'FulfilCondition'));
  },
  finalReports(b, _s, push, today) {
    if (!dueSoon(b, today)) return;
    push(
      item(
        b,
        b.finalReport.due!,
        null,
        null,
        b.finalReport.state === 'overdue' ? 'overdue' : 'due',
        'SubmitFinalReport',
      ),
    );
  },
  indicators(b, s, push, today) {
    if (!s || !dueSoon(b, today)) return;
    for (const i of s.indicators.values()) {
      const open = Object.entries(i.targets).filter(
        ([kind, target]) => (i.achieved[kind] ?? 0) < target,
      );
      if (open.length === 0) continue;
      push(item(b, b.finalReport.due ?? '', i.id, null, i.name, 'ReportIndicator'));
    }
  },
};

const financeLists: Partial<Record<WorklistId, Collect>> = {
  claimsToReview(b, s, push) {
    if (!s) return;
    for (const c of s.claims.values())
      if (!c.review)
        push(item(b, c.submittedOn, c.claimId, formatMoney(c.reported), null, 'ReviewCosts'));
  },
  payable(b, s, push) {
    if (!s || b.payable === '0.00') return;
    // The reviewed claim the payment is for: the oldest reviewed claim no live payment names.
    const paid = new Set(
      [...s.payments.values()].filter((p) => p.status !== 'cancelled').map((p) => p.claimId),
    );
    const reviewed = [...s.claims.values()]
      .filter((c) => c.review)
      .sort((x, y) => x.review!.reviewedOn.localeCompare(y.review!.reviewedOn));
    const claim = reviewed.find((c) => !paid.has(c.claimId)) ?? reviewed.at(-1);
    if (claim) push(item(b, claim.review!.reviewedOn, claim.claimId, b.payable, null, 'PayClaim'));
  },
  recoveries(b, _s, push) {
    for (const r of b.recoveries) {
      if (r.status !== 'open') continue;
      const owed = new Decimal(r.principalOutstanding).plus(r.interestDue);
      const detail = r.referenceRateMissingFrom
        ? `reference rate missing for ${r.referenceRateMissingFrom}`
        : r.interestDue === '0.00'
          ? null
          : `interest ${r.interestDue}`;
      push(item(b, r.dueOn ?? '', r.recoveryId, formatMoney(owed), detail, 'RegisterRepayment'));
    }
  },
};

/** What the officer must look at again: a recovery claiming more than is overpaid today. */
officerLists.recoveriesExceeding = (b, _s, push) => {
  for (const r of b.recoveries) {
    if (r.status !== 'open') continue;
    if (new Decimal(r.principalOutstanding).lessThanOrEqualTo(b.overpaid)) continue;
    const detail = `recovery exceeds what is owed (overpaid ${b.overpaid})`;
    push(item(b, r.dueOn ?? '', r.recoveryId, r.principalOutstanding, detail, 'ReduceRecovery'));
  }
};

function item(
  b: GrantBalance,
  date: string,
  ref: string | null,
  amount: string | null,
  detail: string | null,
  action: CommandType,
): WorkItem {
  return { grantId: b.grantId, title: b.title, date, ref, amount, detail, action };
}

const byAge = (a: WorkItem, b: WorkItem) =>
  a.date.localeCompare(b.date) ||
  a.grantId.localeCompare(b.grantId) ||
  (a.ref ?? '').localeCompare(b.ref ?? '');

function list(id: WorklistId, items: WorkItem[], limit: number): Worklist {
  items.sort(byAge);
  return { id, role: WORKLIST_ROLE[id], count: items.length, items: items.slice(0, limit) };
}

function fromBalances(
  lists: Partial<Record<WorklistId, Collect>>,
  input: WorklistInput,
  limit: number,
): Worklist[] {
  return Object.entries(lists).map(([id, collect]) => {
    const items: WorkItem[] = [];
    for (const b of input.balances)
      collect!(b, input.states.get(b.grantId), (i) => items.push(i), input.today);
    return list(id as WorklistId, items, limit);
  });
}

export function worklistsOf(input: WorklistInput): Worklist[] {
  const limit = input.limit ?? 100;
  const titles = new Map(input.balances.map((b) => [b.grantId, b.title]));
  const paymentItem = (
    p: JournalEntry,
    date: string,
    detail: string | null,
    action: CommandType,
  ): WorkItem => ({
    grantId: p.grantId,
    title: titles.get(p.grantId) ?? '',
    date,
    ref: p.paymentId,
    amount: p.amount,
    detail,
    action,
  });
  const lists: Worklist[] = [];
  if (input.roles.includes('officer')) lists.push(...fromBalances(officerLists, input, limit));
  if (input.roles.includes('finance')) {
    lists.push(...fromBalances(financeLists, input, limit));
    // Attested and not booked by the bank: first into a bank file, then waiting for the booking.
    const open = input.payments.filter((p) => p.status === 'attested' && !p.settled);
    const exported = (p: JournalEntry) =>
      input.states.get(p.grantId)?.payments.get(p.paymentId)?.exported;
    const notInFile = open.filter((p) => !exported(p));
    lists.push(
      list(
        'notInBankFile',
        notInFile.map((p) =>
          paymentItem(p, p.attestedOn ?? p.orderedOn, p.attestedBy, 'ExportPayment'),
        ),
        limit,
      ),
    );
    const inFile = open.filter((p) => exported(p));
    lists.push(
      list(
        'unsettled',
        inFile.map((p) =>
          paymentItem(p, exported(p)!.executionDate, exported(p)!.fileId, 'SettlePayment'),
        ),
        limit,
      ),
    );
    lists.push(list('returned', returnedItems(input, paymentItem), limit));
  }
  if (input.roles.includes('finance') || input.roles.includes('attester')) {
    // A changed payout account holds payments back until another person confirms it.
    const me = normalActor(input.actor);
    const changes = input.balances
      .filter((b) => b.payoutAccount?.pending)
      // The person who changed it cannot confirm it (FOUR_EYES) and needs no reminder.
      .filter((b) => normalActor(b.payoutAccount.pending!.changedBy) !== me)
      .map((b): WorkItem => ({
        grantId: b.grantId,
        title: b.title,
        date: b.payoutAccount.pending!.changedOn,
        ref: b.payoutAccount.pending!.text,
        amount: null,
        detail: b.payoutAccount.pending!.changedBy,
        action: 'ConfirmPayoutAccount',
      }));
    lists.push(list('payoutAccounts', changes, limit));
  }
  if (input.roles.includes('attester')) {
    // Never the payments I ordered: the two-person rule compares actors in normal form.
    const me = normalActor(input.actor);
    const waiting = input.payments.filter((p) => p.status === 'ordered');
    const mine = waiting.filter((p) => normalActor(p.orderedBy) === me);
    const others = waiting.filter((p) => normalActor(p.orderedBy) !== me);
    const toAttest = list(
      'toAttest',
      others.map((p) => paymentItem(p, p.orderedOn, p.orderedBy, 'AttestPayment')),
      limit,
    );
    lists.push({ ...toAttest, orderedByMe: mine.length });
  }
  const order = (w: Worklist) => WORKLIST_IDS.indexOf(w.id);
  return lists.sort((a, b) => order(a) - order(b));
}

/**
 * Payments the bank sent back (PaymentReturned), until the same kind of payment (for the
 * same claim) is ordered again after the return: the payee is still owed the money.
 */
function returnedItems(
  input: WorklistInput,
  itemOf: (p: JournalEntry, date: string, detail: string | null, action: CommandType) => WorkItem,
): WorkItem[] {
  const items: WorkItem[] = [];
  for (const p of input.payments) {
    if (p.status !== 'returned') continue;
    const back = input.states.get(p.grantId)?.payments.get(p.paymentId)?.returned;
    if (!back) continue;
    const orderedAgain = input.payments.some(
      (q) =>
        q.grantId === p.grantId &&
        q.kind === p.kind &&
        q.claimId === p.claimId &&
        q.paymentId !== p.paymentId &&
        (q.status === 'ordered' || q.status === 'attested') &&
        q.orderedOn >= back.returnedOn,
    );
    if (orderedAgain) continue;
    const action = p.kind === 'advance' ? 'PayAdvance' : 'PayClaim';
    items.push(itemOf(p, back.returnedOn, back.reason, action));
  }
  return items;
}
