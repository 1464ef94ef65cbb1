// What reconciliation needs from the whole log, read in one pass and only when the
// statement needs it: every recovery's OCR reference (incoming payments), the repayments
// already registered (a credit keyed by hand before the statement came is reported, never
// recorded twice), and which payments each payment file's batch (`PmtInfId`) holds (a
// batch the bank booked as one sum).
import { ocrReferenceOf } from '../../domain/bank/references.js';
import { grantIdOf } from '../../domain/grant/decider.js';
import type { EventOf } from '../../domain/grant/events.js';
import type { Ledger } from '../ledger.js';
import { isAbroad, paymentInfoIdOf } from './pain001.js';

export interface RecoveryRef {
  grantId: string;
  recoveryId: string;
}

export interface RegisteredRepayment extends RecoveryRef {
  amount: string;
  receivedOn: string;
  bankReference?: string;
  commandId: string;
}

export interface LedgerFacts {
  recoveries: Map<string, RecoveryRef>;
  repayments: RegisteredRepayment[];
  /** PmtInfId → the payments (grantId, paymentId) of that batch. */
  batches: Map<string, { grantId: string; paymentId: string }[]>;
}

export const NO_FACTS: LedgerFacts = { recoveries: new Map(), repayments: [], batches: new Map() };

export async function ledgerFacts(ledger: Ledger): Promise<LedgerFacts> {
  const facts: LedgerFacts = { recoveries: new Map(), repayments: [], batches: new Map() };
  for await (const e of ledger.events()) {
    const grantId = grantIdOf(e.streamId);
    if (grantId === undefined) continue;
    if (e.type === 'RecoveryClaimed') {
      const { recoveryId } = e.data as EventOf<'RecoveryClaimed'>['data'];
      facts.recoveries.set(ocrReferenceOf(grantId, recoveryId), { grantId, recoveryId });
    } else if (e.type === 'RepaymentReceived') {
      // bankReference: present once repayments carry the bank's reference.
      const data = e.data as EventOf<'RepaymentReceived'>['data'] & { bankReference?: string };
      facts.repayments.push({
        grantId,
        recoveryId: data.recoveryId,
        amount: data.amount,
        receivedOn: data.receivedOn,
        ...(data.bankReference !== undefined ? { bankReference: data.bankReference } : {}),
        commandId: e.metadata.commandId,
      });
    } else if (e.type === 'PaymentExported') {
      const data = e.data as EventOf<'PaymentExported'>['data'];
      const id = paymentInfoIdOf(data.fileId, data.executionDate, isAbroad(data.creditor.account));
      facts.batches.set(id, [...(facts.batches.get(id) ?? []), { grantId, ...data }]);
    }
  }
  return facts;
}

/** An earlier repayment the credit repeats: same recovery, amount and day, or same reference. */
export function registeredBefore(
  facts: LedgerFacts,
  recovery: RecoveryRef,
  credit: { amount: string; bookedOn: string; bankReference?: string },
): RegisteredRepayment | undefined {
  return facts.repayments.find(
    (r) =>
      (r.grantId === recovery.grantId &&
        r.recoveryId === recovery.recoveryId &&
        r.amount === credit.amount &&
        r.receivedOn === credit.bookedOn) ||
      (credit.bankReference !== undefined && r.bankReference === credit.bankReference),
  );
}
