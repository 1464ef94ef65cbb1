// `indicators GRANT_ID [--json]`: each indicator's targets, what is achieved and its state.
import type { Command } from 'commander';
import { asOfFrom, unknownGrant, withLedger } from '../context.js';
import { printable, printJson, table, writeOut } from '../output.js';

export function registerIndicators(program: Command): void {
  program
    .command('indicators')
    .description('indicator status of one grant')
    .argument('<GRANT_ID>', 'the diary number')
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
          const indicators = await ledger.indicators(grantId, at);
          if (!indicators) throw unknownGrant(grantId);
          if (options.json) return printJson(indicators);
          if (indicators.length === 0)
            return writeOut(`Grant ${printable(grantId)} has no indicators.\n`);
          const rows = indicators.flatMap((i) =>
            Object.keys(i.targets).map((kind, index) => ({ i, kind, first: index === 0 })),
          );
          return writeOut(
            table(rows, [
              { header: 'Indicator', value: (r) => (r.first ? r.i.indicatorId : '') },
              { header: 'State', value: (r) => (r.first ? r.i.state : '') },
              { header: 'Kind', value: (r) => r.kind },
              { header: 'Achieved', value: (r) => String(r.i.achieved[r.kind] ?? 0), right: true },
              { header: 'Target', value: (r) => String(r.i.targets[r.kind] ?? 0), right: true },
              { header: 'Name', value: (r) => (r.first ? r.i.name : '') },
            ]),
          );
        });
      },
    );
}
