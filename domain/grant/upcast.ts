// Upcasters: a stored event of an older schema version, read as the current version. The
// stored event itself (and so its hash) never changes; only what evolve sees does.
//
// Version 1 → 2 (recovery interest by law, domain.md "Interest on recoveries"):
// - RecoveryClaimed v1 had no `dueOn`, and an optional `interest {annualRate, from}` that
//   no figure ever used. Without `dueOn` a recovery accrues no interest by law, so v1 reads
//   as a v2 without `dueOn` and `interest`; a stated rate is kept as `statedInterest` (shown,
//   never accrued), so the upcast loses nothing.
// - RepaymentReceived v1 paid principal only (there was no interest): interestPaid 0.00,
//   principalPaid = amount.
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

type RecoveryClaimedV1 = z.output<typeof recoveryClaimedV1>;
type RepaymentReceivedV1 = z.output<typeof repaymentReceivedV1>;

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

function repaymentReceivedFromV1(d: RepaymentReceivedV1): EventOf<'RepaymentReceived'> {
  return {
    type: 'RepaymentReceived',
    version: 2,
    data: {
      recoveryId: d.recoveryId,
      amount: d.amount,
      receivedOn: d.receivedOn,
      interestPaid: '0.00',
      principalPaid: d.amount,
    },
  };
}

/**
 * A version 1 RecoveryClaimed or RepaymentReceived of our own store, as version 2
 * (trusted: not validated).
 */
export function upcast(e: { type: string; version: number; data: unknown }): GrantEvent {
  return e.type === 'RecoveryClaimed'
    ? recoveryClaimedFromV1(e.data as RecoveryClaimedV1)
    : repaymentReceivedFromV1(e.data as RepaymentReceivedV1);
}

/** For rows of unknown origin: a version 1 event is validated as version 1, then upcast. */
export function upcastParsed(raw: { type: string; version: number; data: unknown }): unknown {
  if (raw.version !== 1) return raw;
  if (raw.type === 'RecoveryClaimed')
    return recoveryClaimedFromV1(recoveryClaimedV1.parse(raw.data));
  if (raw.type === 'RepaymentReceived')
    return repaymentReceivedFromV1(repaymentReceivedV1.parse(raw.data));
  return raw;
}
