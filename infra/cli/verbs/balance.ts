// `balance GRANT_ID [--as-of DATE] [--as-of-recorded TS] [--json]`: the grant balance of domain.md.
import type { Command } from 'commander';
import type { GrantBalance } from '../../../projections/balance.js';
import { asOfFrom, unknownGrant, withLedger } from '../context.js';
import { keyValues, percent, printable, printJson, sek, writeOut } from '../output.js';

export function formatBalance(b: GrantBalance, asOfNote?: string): string {
  const head = keyValues([
    ['Grant', b.grantId],
    ['Title', b.title],
    ['Applicant', b.applicant],
    ['Status', b.status],
    ['Appropriation', b.appropriation ?? '—'],
    ['Rate', percent(b.rate)],
    ...(asOfNote ? ([['As of', asOfNote]] as const) : []),
  ]);
  const figures = keyValues([
    ['Cap', sek(b.cap)],
    ['Advance granted', sek(b.advanceGranted)],
    ['Reported costs', sek(b.reportedCosts)],
    ['Approved costs', sek(b.approvedCosts)],
    ['Disallowed costs', sek(b.disallowedCosts)],
    ['Unreviewed costs', sek(b.unreviewedCosts)],
    ['Entitlement', sek(b.entitlement)],
    ['Settlement final', b.settlementFinal ? 'yes' : 'no'],
    ['Advance paid', sek(b.advancePaid)],
    ['Claims paid', sek(b.claimsPaid)],
    ['Pending payments', sek(b.pendingPayments)],
    ['Repaid', sek(b.repaid)],
    ['Net paid', sek(b.netPaid)],
    ['Advance offset', sek(b.advanceOffset)],
    ['Advance outstanding', sek(b.advanceOutstanding)],
    ['Payable', sek(b.payable)],
    ['Overpaid', sek(b.overpaid)],
    ['Advance unsettled', sek(b.advanceUnsettled)],
    ['Waived', sek(b.waived)],
    ['Repayment due', sek(b.repaymentDue)],
    ['Interest accrued', sek(b.interestAccrued)],
    ['Interest paid', sek(b.interestPaid)],
    ['Interest due', sek(b.interestDue)],
    ['Remaining cap', sek(b.remainingCap)],
    ['Undisbursed', sek(b.undisbursed)],
  ]);
  const conditions =
    b.conditions.length === 0
      ? 'Conditions: none\n'
      : `Conditions:\n${b.conditions.map((c) => `  [${c.fulfilled ? 'x' : ' '}] ${printable(c.id)}: ${printable(c.text)}${c.fulfilledOn ? ` (fulfilled ${c.fulfilledOn})` : ''}`).join('\n')}\n`;
  const recoveries =
    b.recoveries.length === 0
      ? ''
      : `Recoveries:\n${b.recoveries
          .map(
            (r) =>
              `  ${printable(r.recoveryId)} (${r.status}): ${sek(r.amount)}${r.waived !== '0.00' ? ` (${sek(r.waived)} waived)` : ''}${r.dueOn ? `, due ${r.dueOn}` : ''}, principal outstanding ${sek(r.principalOutstanding)}` +
              (r.interestFrom
                ? `, interest from ${r.interestFrom}: accrued ${sek(r.interestAccrued)}, paid ${sek(r.interestPaid)}, due ${sek(r.interestDue)}`
                : ', no interest') +
              (r.referenceRateMissingFrom
                ? ` — reference rate missing for ${r.referenceRateMissingFrom}`
                : '') +
              r.repayments
                .map(
                  (p) =>
                    `\n    ${p.receivedOn} received ${sek(p.amount)}: interest ${sek(p.interestPaid)}, principal ${sek(p.principalPaid)}`,
                )
                .join(''),
          )
          .join('\n')}\n`;
  const report = `Final report: ${b.finalReport.state}${b.finalReport.due ? `, due ${b.finalReport.due}` : ''}${b.finalReport.submittedOn ? `, submitted ${b.finalReport.submittedOn}` : ''}\n`;
  const { current, pending } = b.payoutAccount;
  const account =
    `Payout account: ${current ? `${printable(current.text)} (since ${current.since})` : 'none'}\n` +
    (pending
      ? `  changed to ${printable(pending.text)} on ${pending.changedOn} by ${printable(pending.changedBy)}, awaiting confirmation\n`
      : '');
  return `${head}\n${figures}\n${conditions}${recoveries}${report}${account}`;
}

export function registerBalance(program: Command): void {
  program
    .command('balance')
    .description('the balance of one grant: cap, entitlement, paid, payable, overpaid, …')
    .argument('<GRANT_ID>', 'the diary number, e.g. RUN/573/2022')
    .option('--as-of <DATE>', 'as of a business date YYYY-MM-DD')
    .option('--as-of-recorded <TS>', 'what the ledger said at an ISO timestamp')
    .option('--json', 'print the projection as JSON')
    .action(
      async (
        grantId: string,
        options: { asOf?: string; asOfRecorded?: string; json?: boolean },
        command: Command,
      ) => {
        const at = asOfFrom(options);
        await withLedger(command, async (ledger) => {
          const balance = await ledger.balance(grantId, at);
          if (!balance) throw unknownGrant(grantId);
          if (options.json) return printJson(balance);
          const note = [at.asOf, at.asOfRecorded && `recorded by ${at.asOfRecorded}`]
            .filter(Boolean)
            .join(', ');
          return writeOut(formatBalance(balance, note || undefined));
        });
      },
    );
}
