// `portfolio [--appropriation A] [--json]`: committed, paid and remaining per appropriation.
import type { Command } from 'commander';
import { withLedger } from '../context.js';
import { printable, printJson, sek, table, writeOut } from '../output.js';

export function registerPortfolio(program: Command): void {
  program
    .command('portfolio')
    .description(
      'portfolio per appropriation: committed, paid, remaining commitment, grants by status',
    )
    .option('--appropriation <A>', 'only this appropriation, e.g. "1:1 Regionala tillväxtåtgärder"')
    .option('--json', 'print the projection as JSON')
    .action(async (options: { appropriation?: string; json?: boolean }, command: Command) => {
      await withLedger(command, async (ledger) => {
        const lines = await ledger.portfolio(options.appropriation);
        if (options.json) return printJson(lines);
        if (lines.length === 0) {
          return writeOut(
            options.appropriation
              ? `No approved grants on appropriation ${printable(options.appropriation)}.\n`
              : 'No approved grants yet.\n',
          );
        }
        return writeOut(
          table(lines, [
            { header: 'Appropriation', value: (l) => l.appropriation },
            { header: 'Committed', value: (l) => sek(l.committed), right: true },
            { header: 'Paid', value: (l) => sek(l.paid), right: true },
            { header: 'Remaining', value: (l) => sek(l.remainingCommitment), right: true },
            { header: 'Approved', value: (l) => String(l.grants.approved), right: true },
            { header: 'Closed', value: (l) => String(l.grants.closed), right: true },
            { header: 'Withdrawn', value: (l) => String(l.grants.withdrawn), right: true },
            { header: 'Total', value: (l) => String(l.grants.total), right: true },
          ]),
        );
      });
    });
}
