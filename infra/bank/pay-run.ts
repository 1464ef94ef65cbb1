// What the desk's pay-run page shows (interfaces.md "The pay-run, in the desk"): the
// attested payments waiting for a bank file with the basis a person checks (payee, org
// number, account, who ordered and attested), those that cannot go out and why, the bank
// files already issued with their payments, totals and status, the debtor from the
// configuration and the next banking day as the execution date. It only reads.
import { Decimal, formatMoney } from '../../domain/money.js';
import { describePayoutAccount } from '../../domain/bank/payout-account.js';
import { whyNotExportable } from '../../domain/grant/decide-bank.js';
import type { GrantState, Payment } from '../../domain/grant/state.js';
import type { Ledger } from '../ledger.js';
import { addDay, bankingDayFrom } from './banking-days.js';
import { stockholmDay, type Debtor } from './payment-files.js';
import type { IssuedFile, PayRun, PayRunPayment } from './pay-run-types.js';

export type { IssuedFile, PayRun, PayRunPayment } from './pay-run-types.js';

function waitingOf(grantId: string, state: GrantState, payment: Payment): PayRunPayment {
  const applicant = state.application?.applicant;
  const why = whyNotExportable(state, payment, payment.paymentId);
  return {
    grantId,
    paymentId: payment.paymentId,
    kind: payment.kind,
    claimId: payment.claimId ?? null,
    amount: payment.amount.toFixed(2),
    payee: applicant?.name ?? '',
    orgNumber: applicant?.orgNumber ?? null,
    account: state.payoutAccount ? describePayoutAccount(state.payoutAccount.account) : null,
    orderedBy: payment.orderedBy,
    attestedOn: payment.attestedOn ?? null,
    attestedBy: payment.attestedBy ?? null,
    held: why ? why.message : null,
  };
}

/** Adds the grant's exported payments to the files they went out in. */
function addToFiles(
  files: Map<string, IssuedFile>,
  grantId: string,
  state: GrantState,
  payment: Payment,
): void {
  const exported = payment.exported;
  if (!exported) return;
  const file = files.get(exported.fileId) ?? {
    fileId: exported.fileId,
    exportedOn: exported.exportedOn,
    executionDate: exported.executionDate,
    total: '0.00',
    payments: [],
    status: 'sent' as const,
  };
  file.payments.push({
    grantId,
    paymentId: payment.paymentId,
    amount: payment.amount.toFixed(2),
    payee: state.application?.applicant.name ?? '',
    settled: payment.settlement !== undefined,
  });
  file.total = formatMoney(new Decimal(file.total).plus(payment.amount));
  files.set(exported.fileId, file);
}

function statusOf(file: IssuedFile): IssuedFile['status'] {
  const settled = file.payments.filter((p) => p.settled).length;
  if (settled === 0) return 'sent';
  return settled === file.payments.length ? 'settled' : 'partlySettled';
}

export async function payRunOf(ledger: Ledger, debtor: Debtor | undefined): Promise<PayRun> {
  // The banks' calendar day: Stockholm's, whatever the server's zone.
  const today = stockholmDay(ledger.clock());
  const journal = await ledger.payments();
  const grantIds = [
    ...new Set(journal.filter((p) => p.status === 'attested').map((p) => p.grantId)),
  ];
  const waiting: PayRunPayment[] = [];
  const files = new Map<string, IssuedFile>();
  for (const grantId of grantIds) {
    const state = await ledger.grantState(grantId);
    for (const payment of state.payments.values()) {
      if (payment.status !== 'attested') continue;
      if (!payment.exported && !payment.settlement)
        waiting.push(waitingOf(grantId, state, payment));
      addToFiles(files, grantId, state, payment);
    }
  }
  const issued = [...files.values()].map((f) => ({ ...f, status: statusOf(f) }));
  // Newest file first: the one just made is the one a person looks for.
  issued.sort((a, b) => b.fileId.localeCompare(a.fileId));
  const executionDate = bankingDayFrom(addDay(today));
  return { today, executionDate, debtor: debtor ?? null, waiting, files: issued };
}
