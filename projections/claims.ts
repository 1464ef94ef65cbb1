// The claims of one grant as a reviewer reads them: each cost line as reported, the
// review (approved amount, every disallowed amount with its reason, who reviewed) and the
// payments ordered against it. The grant state keeps only claim totals, so this reads
// the events themselves; `at` limits it like every other projection.
import type { EventOf, GrantEvent } from '../domain/grant/events.js';
import { formatMoney, money, sum } from '../domain/money.js';
import { isVisible, type AsOf } from './grant-fold.js';
import { asGrantEvent, type RecordedEvent } from './recorded-event.js';

export interface ClaimView {
  claimId: string;
  period: { from: string; to: string };
  submittedOn: string;
  final: boolean;
  costs: { category: string; amount: string }[];
  total: string;
  review: {
    reviewedOn: string;
    reviewedBy: string;
    approvedAmount: string;
    disallowed: { amount: string; reason: string }[];
    disallowedTotal: string;
  } | null;
  /** Claim payments ordered against this claim (not cancelled ones), by payment id. */
  paymentIds: string[];
}

function reviewOf(d: EventOf<'CostsReviewed'>['data']): NonNullable<ClaimView['review']> {
  return {
    reviewedOn: d.reviewedOn,
    reviewedBy: d.reviewedBy,
    approvedAmount: d.approvedAmount,
    disallowed: d.disallowed.map((x) => ({ amount: x.amount, reason: x.reason })),
    disallowedTotal: formatMoney(sum(d.disallowed.map((x) => money(x.amount)))),
  };
}

export function claimsOf(stream: readonly RecordedEvent[], at: AsOf = {}): ClaimView[] {
  const claims = new Map<string, ClaimView>();
  const paymentClaim = new Map<string, string>();
  for (const recorded of stream) {
    if (!isVisible(recorded, at)) continue;
    const e: GrantEvent = asGrantEvent(recorded);
    if (e.type === 'CostsReported') {
      const d = e.data;
      claims.set(d.claimId, {
        claimId: d.claimId,
        period: { from: d.period.from, to: d.period.to },
        submittedOn: d.submittedOn,
        final: d.final,
        costs: d.costs.map((c) => ({ category: c.category, amount: c.amount })),
        total: d.total,
        review: null,
        paymentIds: [],
      });
    } else if (e.type === 'CostsReviewed') {
      const claim = claims.get(e.data.claimId);
      if (claim) claim.review = reviewOf(e.data);
    } else if (e.type === 'PaymentOrdered' && e.data.claimId !== undefined) {
      claims.get(e.data.claimId)?.paymentIds.push(e.data.paymentId);
      paymentClaim.set(e.data.paymentId, e.data.claimId);
    } else if (e.type === 'PaymentCancelled') {
      const claim = claims.get(paymentClaim.get(e.data.paymentId) ?? '');
      if (claim) claim.paymentIds = claim.paymentIds.filter((id) => id !== e.data.paymentId);
    }
  }
  return [...claims.values()];
}
