// The state of one grant, as the decider and the balance projection see it: a fold of
// the grant's events. Money is Decimal here; it never leaves the domain as a number.
import type { Decimal } from '../money.js';
import type { PayoutAccount } from '../bank/payout-account.js';
import type { AdvanceOffsetting } from './commands.js';

export type GrantStatus =
  'none' | 'applied' | 'approved' | 'rejected' | 'withdrawn' | 'revoked' | 'closed';

export interface Claim {
  claimId: string;
  period: { from: string; to: string };
  reported: Decimal;
  submittedOn: string;
  final: boolean;
  review?: { approved: Decimal; disallowed: Decimal; reviewedOn: string; reviewedBy: string };
}

/** `returned`: attested, paid out, and sent back by the bank (PaymentReturned): not paid. */
export type PaymentStatus = 'ordered' | 'attested' | 'cancelled' | 'returned';

export interface Payment {
  paymentId: string;
  kind: 'advance' | 'claim';
  claimId?: string;
  amount: Decimal;
  orderedOn: string;
  orderedBy: string;
  status: PaymentStatus;
  attestedOn?: string;
  attestedBy?: string;
  cancelledOn?: string;
  cancelledBy?: string;
  cancelReason?: string;
  settlement?: { bankReference: string; bookedOn: string; amount: Decimal };
  /** The bank sent the money back (closed account, wrong payee): see PaymentReturned. */
  returned?: { returnedOn: string; reason: string; bankReference?: string };
  /** In which bank file the payment went out (each payment goes into one file only). */
  exported?: { fileId: string; endToEndId: string; exportedOn: string; executionDate: string };
}

/** A receipt of money paid back, as it came; its split is derived (recovery-account.ts). */
export interface Receipt {
  receivedOn: string;
  amount: Decimal;
  bankReference?: string;
}

/** A decision lowering a recovery's principal from `decidedOn` (domain.md "Recoveries"). */
export interface Reduction {
  decidedOn: string;
  /** The new principal. */
  amount: Decimal;
  /** The part written off (eftergift); zero when nothing is. */
  waived: Decimal;
  reason: string;
}

export interface Recovery {
  recoveryId: string;
  /** The principal as decided. */
  amount: Decimal;
  decidedOn: string;
  reason: string;
  dueOn?: string;
  /** Interest by law from this day (domain.md "Interest on recoveries"); absent: none accrues. */
  interest?: { from: string };
  /** A rate a version 1 event stated; it accrues nothing. */
  statedInterest?: { annualRate: string; from: string };
  /** Reductions in date order. */
  reductions: readonly Reduction[];
  withdrawn?: { decidedOn: string; reason: string };
  /** Receipts in the order they were registered (their date order is derived). */
  receipts: readonly Receipt[];
}

export interface Condition {
  id: string;
  text: string;
  fulfilledOn?: string;
  evidence?: string;
}

export interface Indicator {
  id: string;
  name: string;
  targets: Record<string, number>;
  achieved: Record<string, number>;
  deliveries: { kind: string; title: string; deliveredOn: string }[];
}

export interface Terms {
  rate: Decimal;
  cap: Decimal;
  advance: Decimal;
  appropriation: string;
  legalBasis: string;
  generalConditions?: string;
  delegation?: string;
  finalReportDue: string;
  decidedOn: string;
  decidedBy: string;
  /** Absent: immediate (decisions stored before offsetting plans, and those that name none). */
  advanceOffsetting?: AdvanceOffsetting;
}

export interface GrantState {
  status: GrantStatus;
  application?: {
    applicant: { name: string; orgNumber?: string };
    title: string;
    requestedAmount: Decimal;
    requestedAdvance?: Decimal;
    submittedOn: string;
    otherFinancing: { financier: string; amount?: Decimal }[];
  };
  /** The account payments go to: from the application, or a change once confirmed. */
  payoutAccount?: { account: PayoutAccount; since: string; confirmedBy?: string };
  /** A changed account waiting for a second person's confirmation (not used for payments). */
  pendingPayoutAccount?: { account: PayoutAccount; changedOn: string; changedBy: string };
  /** The project period after amendments. */
  projectPeriod?: { start: string; end: string };
  terms?: Terms;
  rejection?: { decidedOn: string; decidedBy: string; reason?: string };
  /** A revocation (återkallelse): the settlement is final and entitlement is limited. */
  revocation?: {
    decidedOn: string;
    decidedBy: string;
    ground: string;
    reason: string;
    entitlementLimit: Decimal;
  };
  conditions: Map<string, Condition>;
  indicators: Map<string, Indicator>;
  claims: Map<string, Claim>;
  payments: Map<string, Payment>;
  recoveries: Map<string, Recovery>;
  finalClaimId?: string;
  finalReportSubmittedOn?: string;
  closedOn?: string;
  withdrawnOn?: string;
  /**
   * The latest business date of a money step (see business-dates.ts): later ones may
   * not precede it.
   */
  lastMoneyStepOn?: string;
  /** The latest business date of any event: a grant closes on or after it. */
  latestEventOn?: string;
  amendments: number;
}

export const initialState = (): GrantState => ({
  status: 'none',
  conditions: new Map(),
  indicators: new Map(),
  claims: new Map(),
  payments: new Map(),
  recoveries: new Map(),
  amendments: 0,
});
