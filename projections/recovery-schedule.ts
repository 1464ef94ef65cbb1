// A grant's recoveries as the read-model row keeps them (grant_balance.recovery_schedule):
// amounts, dates and each repayment's recorded split, as JSON text. Interest accrues by the
// day, so the stored row cannot hold today's figure; the read stores compute it when asked,
// from this schedule and the reference rates, with the same functions the fold uses.
import { money, formatMoney } from '../domain/money.js';
import type { Recovery } from '../domain/grant/state.js';

interface StoredRecovery {
  recoveryId: string;
  amount: string;
  decidedOn: string;
  reason: string;
  dueOn?: string;
  interestFrom?: string;
  repayments: { receivedOn: string; amount: string; interestPaid: string; principalPaid: string }[];
}

/** null when the grant has no recovery (most grants: nothing to store or to parse). */
export function encodeRecoverySchedule(recoveries: ReadonlyMap<string, Recovery>): string | null {
  if (recoveries.size === 0) return null;
  const stored: StoredRecovery[] = [];
  for (const r of recoveries.values()) {
    const s: StoredRecovery = {
      recoveryId: r.recoveryId,
      amount: formatMoney(r.amount),
      decidedOn: r.decidedOn,
      reason: r.reason,
      repayments: r.repayments.map((p) => ({
        receivedOn: p.receivedOn,
        amount: formatMoney(p.amount),
        interestPaid: formatMoney(p.interestPaid),
        principalPaid: formatMoney(p.principalPaid),
      })),
    };
    if (r.dueOn !== undefined) s.dueOn = r.dueOn;
    if (r.interest) s.interestFrom = r.interest.from;
    stored.push(s);
  }
  return JSON.stringify(stored);
}

/**
 * From the column: JSON text (SQLite) or the parsed JSONB value (PostgreSQL); null: no recoveries.
 */
export function decodeRecoverySchedule(column: unknown): Recovery[] {
  if (column === null || column === undefined) return [];
  const stored = (typeof column === 'string' ? JSON.parse(column) : column) as StoredRecovery[];
  return stored.map((s) => {
    const repayments = s.repayments.map((p) => ({
      receivedOn: p.receivedOn,
      amount: money(p.amount),
      interestPaid: money(p.interestPaid),
      principalPaid: money(p.principalPaid),
    }));
    const recovery: Recovery = {
      recoveryId: s.recoveryId,
      amount: money(s.amount),
      repaid: repayments.reduce((total, p) => total.plus(p.principalPaid), money('0')),
      interestPaid: repayments.reduce((total, p) => total.plus(p.interestPaid), money('0')),
      repayments,
      decidedOn: s.decidedOn,
      reason: s.reason,
    };
    if (s.dueOn !== undefined) recovery.dueOn = s.dueOn;
    if (s.interestFrom !== undefined) recovery.interest = { from: s.interestFrom };
    return recovery;
  });
}
