// What the desk shows of a grant beside its balance: the recoveries (what was claimed
// back, when and why, what is repaid and still outstanding, the interest terms) and the
// bank file each payment went out in.
import { ocrReferenceOf } from '../domain/bank/references.js';
import type { GrantState } from '../domain/grant/state.js';
import { formatMoney, minus } from '../domain/money.js';

export interface RecoveryView {
  recoveryId: string;
  amount: string;
  repaid: string;
  outstanding: string;
  decidedOn: string;
  reason: string;
  /**
   * The OCR reference the payee pays back with (Luhn check digit); the bank statement carries it.
   */
  ocrReference: string;
  /** Interest by law (domain.md "Interest on recoveries"): from which day, due when; null: none. */
  interest: { from: string; dueOn: string } | null;
}

export function recoveriesOf(grantId: string, state: GrantState): RecoveryView[] {
  return [...state.recoveries.values()].map((r) => ({
    recoveryId: r.recoveryId,
    amount: formatMoney(r.amount),
    repaid: formatMoney(r.repaid),
    outstanding: formatMoney(minus(r.amount, r.repaid)),
    decidedOn: r.decidedOn,
    reason: r.reason,
    ocrReference: ocrReferenceOf(grantId, r.recoveryId),
    interest:
      r.interest && r.dueOn !== undefined ? { from: r.interest.from, dueOn: r.dueOn } : null,
  }));
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
