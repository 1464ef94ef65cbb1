// What the desk shows of a grant beside its balance: the recoveries (what was claimed
// back, when and why, what is repaid and still outstanding, the interest terms) and the
// bank file each payment went out in.
import { ocrReferenceOf } from '../domain/bank/references.js';
import type { GrantState } from '../domain/grant/state.js';
import { formatMoney } from '../domain/money.js';
import type { ReferenceRate } from '../domain/interest.js';
import { recoveryAccountOf, type RecoveryStatus } from '../domain/grant/recovery-account.js';

export interface RecoveryView {
  recoveryId: string;
  /** The principal after reductions (0.00 once withdrawn). */
  amount: string;
  /** The principal as decided. */
  decidedAmount: string;
  repaid: string;
  outstanding: string;
  waived: string;
  status: RecoveryStatus;
  decidedOn: string;
  reason: string;
  /**
   * The OCR reference the payee pays back with (Luhn check digit); the bank statement carries it.
   */
  ocrReference: string;
  /** Interest by law (domain.md "Interest on recoveries"): from which day, due when; null: none. */
  interest: { from: string; dueOn: string } | null;
}

export function recoveriesOf(
  grantId: string,
  state: GrantState,
  rates: readonly ReferenceRate[],
  today: string,
): RecoveryView[] {
  return [...state.recoveries.values()].map((r) => {
    const account = recoveryAccountOf(r, rates, today);
    return {
      recoveryId: r.recoveryId,
      amount: formatMoney(account.amount),
      decidedAmount: formatMoney(r.amount),
      repaid: formatMoney(account.principalPaid),
      outstanding: formatMoney(account.principalOutstanding),
      waived: formatMoney(account.waived),
      status: account.status,
      decidedOn: r.decidedOn,
      reason: r.reason,
      ocrReference: ocrReferenceOf(grantId, r.recoveryId),
      interest:
        r.interest && r.dueOn !== undefined ? { from: r.interest.from, dueOn: r.dueOn } : null,
    };
  });
}

export interface BankFileView {
  paymentId: string;
  fileId: string;
  endToEndId: string;
  exportedOn: string;
  executionDate: string;
}

export function bankFilesOf(state: GrantState): BankFileView[] {
  const files: BankFileView[] = [];
  for (const p of state.payments.values()) {
    if (p.exported)
      files.push({
        paymentId: p.paymentId,
        fileId: p.exported.fileId,
        endToEndId: p.exported.endToEndId,
        exportedOn: p.exported.exportedOn,
        executionDate: p.exported.executionDate,
      });
  }
  return files;
}
