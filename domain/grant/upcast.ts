// Upcasters: a stored event of an older schema version, read as the current version. The
// stored event itself (and so its hash) never changes; only what evolve sees does.
//
// RecoveryClaimed 1 → 2 (recovery interest by law, domain.md "Interest on recoveries"): v1
// had no `dueOn`, and an optional `interest {annualRate, from}` that no figure ever used.
// Without `dueOn` a recovery accrues no interest by law, so v1 reads as a v2 without `dueOn`
// and `interest`; a stated rate is kept as `statedInterest` (shown, never accrued).
//
// RepaymentReceived → 3: the split into interest and principal is derived in receivedOn
// order from the receipts (recovery-account.ts), so the figures never depend on the order
// receipts were keyed in. v2 stored the split as it was seen when registered: kept as
// `registeredSplit`, for the record, not used. v1 paid principal only (there was no
// interest then): read as a receipt, its split recorded as all principal.
import { z } from 'zod';
import { storedDate, storedMoney, storedRate } from '../schema.js';
import type { EventOf, GrantEvent } from './events.js';

const recoveryClaimedV1 = z.strictObject({
  recoveryId: z.string(),
  amount: storedMoney,
  decidedOn: storedDate,
  reason: z.string(),
  interest: z.strictObject({ annualRate: storedRate, from: storedDate }).optional(),
});

const repaymentReceivedV1 = z.strictObject({
  recoveryId: z.string(),
  amount: storedMoney,
  receivedOn: storedDate,
});

const repaymentReceivedV2 = repaymentReceivedV1.extend({
  interestPaid: storedMoney,
  principalPaid: storedMoney,
});

type RecoveryClaimedV1 = z.output<typeof recoveryClaimedV1>;
type RepaymentReceivedV2 = Partial<z.output<typeof repaymentReceivedV2>> &
  z.output<typeof repaymentReceivedV1>;

function recoveryClaimedFromV1(d: RecoveryClaimedV1): EventOf<'RecoveryClaimed'> {
  const data: EventOf<'RecoveryClaimed'>['data'] = {
    recoveryId: d.recoveryId,
    amount: d.amount,
    decidedOn: d.decidedOn,
    reason: d.reason,
  };
  if (d.interest)
    data.statedInterest = { annualRate: d.interest.annualRate, from: d.interest.from };
  return { type: 'RecoveryClaimed', version: 2, data };
}

/** A v1 or v2 receipt as v3: the receipt, and the split it was registered with. */
function repaymentReceivedFromOlder(d: RepaymentReceivedV2): EventOf<'RepaymentReceived'> {
  return {
    type: 'RepaymentReceived',
    version: 3,
    data: {
      recoveryId: d.recoveryId,
      amount: d.amount,
      receivedOn: d.receivedOn,
      registeredSplit: {
        interestPaid: d.interestPaid ?? '0.00',
        principalPaid: d.principalPaid ?? d.amount,
      },
    },
  };
}

/** Whether an event of our own store is of an older version than evolve reads. */
export function needsUpcast(e: { type: string; version: number }): boolean {
  return (
    (e.type === 'RecoveryClaimed' && e.version === 1) ||
    (e.type === 'RepaymentReceived' && e.version < 3)
  );
}

/** An older RecoveryClaimed or RepaymentReceived of our own store (trusted: not validated). */
export function upcast(e: { type: string; version: number; data: unknown }): GrantEvent {
  return e.type === 'RecoveryClaimed'
    ? recoveryClaimedFromV1(e.data as RecoveryClaimedV1)
    : repaymentReceivedFromOlder(e.data as RepaymentReceivedV2);
}

/** For rows of unknown origin: an older event is validated as its own version, then upcast. */
export function upcastParsed(raw: { type: string; version: number; data: unknown }): unknown {
  if (!needsUpcast(raw)) return raw;
  if (raw.type === 'RecoveryClaimed')
    return recoveryClaimedFromV1(recoveryClaimedV1.parse(raw.data));
  const schema = raw.version === 1 ? repaymentReceivedV1 : repaymentReceivedV2;
  return repaymentReceivedFromOlder(schema.parse(raw.data));
}
