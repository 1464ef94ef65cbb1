// `grants [--status S] [--json]`: every grant with its key figures.
import type { Command } from 'commander';
import type { GrantBalance } from '../../../projections/balance.js';
import { cutToGraphemeCount, graphemeCount } from '../../../domain/text/graphemes.js';
import { withLedger } from '../context.js';
import { printJson, sek, table, usageError, writeOut } from '../output.js';

export const GRANT_STATUSES: GrantBalance['status'][] = [
  'applied',
  'approved',
  'rejected',
  'withdrawn',
  'closed',
];

/** At most n characters as a person counts them (grapheme clusters), never cut inside one. */
const clip = (text: string, n: number) =>
  graphemeCount(text) > n ? `${cutToGraphemeCount(text, n - 1)}…` : text;

export function registerGrants(program: Command): void {
  program
    .command('grants')
    .description('list grants with their key figures')
    .option('--status <S>', `only grants with this status (${GRANT_STATUSES.join(', ')})`)
    .option('--json', 'print the balances as JSON')
    .action(async (options: { status?: string; json?: boolean }, command: Command) => {
      if (options.status !== undefined && !(GRANT_STATUSES as string[]).includes(options.status)) {
        throw usageError(
          `--status must be one of ${GRANT_STATUSES.join(', ')}, not "${options.status}"`,
        );
      }
      await withLedger(command, async (ledger) => {
        const grants = await ledger.grants(options.status as GrantBalance['status'] | undefined);
        if (options.json) return printJson(grants);
        if (grants.length === 0)
          return writeOut(
            options.status ? `No grants with status ${options.status}.\n` : 'No grants yet.\n',
          );
        return writeOut(
          table(grants, [
            { header: 'Grant', value: (g) => g.grantId },
            { header: 'Status', value: (g) => g.status },
            { header: 'Applicant', value: (g) => clip(g.applicant, 40) },
            { header: 'Cap', value: (g) => sek(g.cap), right: true },
            { header: 'Entitlement', value: (g) => sek(g.entitlement), right: true },
            { header: 'Net paid', value: (g) => sek(g.netPaid), right: true },
            { header: 'Pending', value: (g) => sek(g.pendingPayments), right: true },
            { header: 'Payable', value: (g) => sek(g.payable), right: true },
            {
              header: 'Final report',
              value: (g) =>
                g.status === 'approved' || g.status === 'closed' ? g.finalReport.state : '',
            },
          ]) + `${grants.length} grant${grants.length === 1 ? '' : 's'}\n`,
        );
      });
    });
}
