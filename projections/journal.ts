// The payments journal: every payment with who ordered and attested it, its dates and
// its bank settlement. What finance staff reconcile against.
import { formatMoney } from '../domain/money.js';
import type { GrantState } from '../domain/grant/state.js';

export interface JournalEntry {
  grantId: string;
  paymentId: string;
  kind: 'advance' | 'claim';
  claimId: string | null;
  amount: string;
  status: 'ordered' | 'attested' | 'cancelled' | 'returned';
  orderedOn: string;
  orderedBy: string;
  attestedOn: string | null;
  attestedBy: string | null;
  cancelledOn: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  settled: boolean;
  bankReference: string | null;
  bookedOn: string | null;
  bookedAmount: string | null;
}

export function journalOf(grantId: string, state: GrantState): JournalEntry[] {
  return [...state.payments.values()].map((p) => ({
    grantId,
    paymentId: p.paymentId,
    kind: p.kind,
    claimId: p.claimId ?? null,
    amount: formatMoney(p.amount),
    status: p.status,
    orderedOn: p.orderedOn,
    orderedBy: p.orderedBy,
    attestedOn: p.attestedOn ?? null,
    attestedBy: p.attestedBy ?? null,
    cancelledOn: p.cancelledOn ?? null,
    cancelledBy: p.cancelledBy ?? null,
    cancelReason: p.cancelReason ?? null,
    settled: p.settlement !== undefined,
    bankReference: p.settlement?.bankReference ?? null,
    bookedOn: p.settlement?.bookedOn ?? null,
    bookedAmount: p.settlement ? formatMoney(p.settlement.amount) : null,
  }));
}
