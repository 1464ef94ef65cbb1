// Portfolio per appropriation: what the approved grants commit, what is paid, what remains.
import { Decimal, formatMoney, money, ZERO } from '../domain/money.js';
import type { GrantBalance } from './balance.js';

export interface PortfolioLine {
  appropriation: string;
  committed: string;
  paid: string;
  remainingCommitment: string;
  grants: { approved: number; closed: number; withdrawn: number; total: number };
}

/**
 * committed: Σ caps of approved grants, a closed grant committing only its netPaid; paid: Σ
 * netPaid.
 */
export function portfolioOf(balances: Iterable<GrantBalance>): PortfolioLine[] {
  const lines = new Map<
    string,
    { committed: Decimal; paid: Decimal; approved: number; closed: number; withdrawn: number }
  >();
  for (const b of balances) {
    if (b.appropriation === null) continue; // not decided, or rejected: nothing committed
    const line = lines.get(b.appropriation) ?? {
      committed: ZERO,
      paid: ZERO,
      approved: 0,
      closed: 0,
      withdrawn: 0,
    };
    const netPaid = money(b.netPaid);
    if (b.status === 'approved') {
      line.committed = line.committed.plus(money(b.cap));
      line.approved += 1;
    } else if (b.status === 'closed') {
      line.committed = line.committed.plus(netPaid);
      line.closed += 1;
    } else if (b.status === 'withdrawn') {
      line.withdrawn += 1;
    }
    line.paid = line.paid.plus(netPaid);
    lines.set(b.appropriation, line);
  }
  return [...lines.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([appropriation, l]) => ({
      appropriation,
      committed: formatMoney(l.committed),
      paid: formatMoney(l.paid),
      remainingCommitment: formatMoney(l.committed.minus(l.paid)),
      grants: {
        approved: l.approved,
        closed: l.closed,
        withdrawn: l.withdrawn,
        total: l.approved + l.closed + l.withdrawn,
      },
    }));
}
