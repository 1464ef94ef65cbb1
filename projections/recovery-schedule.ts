// A grant's recoveries as the read-model row keeps them (grant_balance.recovery_schedule):
// the decision, its reductions or withdrawal, and every receipt as it came, as JSON text.
// Interest accrues by the day and the split of each receipt is derived (recovery-account.ts),
// so the stored row cannot hold today's figures; the read stores compute them when asked,
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
  reductions?: { decidedOn: string; amount: string; waived: string; reason: string }[];
  withdrawn?: { decidedOn: string; reason: string };
  receipts: { receivedOn: string; amount: string; bankReference?: string }[];
}

function stored(r: Recovery): StoredRecovery {
  const s: StoredRecovery = {
    recoveryId: r.recoveryId,
    amount: formatMoney(r.amount),
    decidedOn: r.decidedOn,
    reason: r.reason,
    receipts: r.receipts.map((p) => ({
      receivedOn: p.receivedOn,
      amount: formatMoney(p.amount),
      ...(p.bankReference !== undefined ? { bankReference: p.bankReference } : {}),
    })),
  };
  if (r.dueOn !== undefined) s.dueOn = r.dueOn;
  if (r.interest) s.interestFrom = r.interest.from;
  if (r.reductions.length > 0)
    s.reductions = r.reductions.map((d) => ({
      decidedOn: d.decidedOn,
      amount: formatMoney(d.amount),
      waived: formatMoney(d.waived),
      reason: d.reason,
    }));
  if (r.withdrawn) s.withdrawn = { decidedOn: r.withdrawn.decidedOn, reason: r.withdrawn.reason };
  return s;
}

/** null when the grant has no recovery (most grants: nothing to store or to parse). */
export function encodeRecoverySchedule(recoveries: ReadonlyMap<string, Recovery>): string | null {
  if (recoveries.size === 0) return null;
  return JSON.stringify([...recoveries.values()].map(stored));
}

/**
 * From the column: JSON text (SQLite) or the parsed JSONB value (PostgreSQL); null: no recoveries.
 */
export function decodeRecoverySchedule(column: unknown): Recovery[] {
  if (column === null || column === undefined) return [];
  const list = (typeof column === 'string' ? JSON.parse(column) : column) as StoredRecovery[];
  return list.map((s) => {
    const recovery: Recovery = {
      recoveryId: s.recoveryId,
      amount: money(s.amount),
      decidedOn: s.decidedOn,
      reason: s.reason,
      reductions: (s.reductions ?? []).map((d) => ({
        decidedOn: d.decidedOn,
        amount: money(d.amount),
        waived: money(d.waived),
        reason: d.reason,
      })),
      receipts: s.receipts.map((p) => ({
        receivedOn: p.receivedOn,
        amount: money(p.amount),
        ...(p.bankReference !== undefined ? { bankReference: p.bankReference } : {}),
      })),
    };
    if (s.dueOn !== undefined) recovery.dueOn = s.dueOn;
    if (s.interestFrom !== undefined) recovery.interest = { from: s.interestFrom };
    if (s.withdrawn) recovery.withdrawn = s.withdrawn;
    return recovery;
  });
}
