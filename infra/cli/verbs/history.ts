// `history GRANT_ID [--json]`: the audit trail: every event with position, time, actor,
// command and hash.
import type { Command } from 'commander';
import { asOfFrom, unknownGrant, withLedger } from '../context.js';
import { printJson, table, writeOut } from '../output.js';

export function registerHistory(program: Command): void {
  program
    .command('history')
    .description('the audit trail of one grant')
    .argument('<GRANT_ID>', 'the diary number')
    .option('--as-of <DATE>', 'only events with a business date on or before DATE')
    .option('--as-of-recorded <TS>', 'only events recorded by an ISO timestamp')
    .option('--json', "print the audit entries as JSON (with each event's data)")
    .action(
      async (
        grantId: string,
        options: { asOf?: string; asOfRecorded?: string; json?: boolean },
        command: Command,
      ) => {
        const at = asOfFrom(options);
        await withLedger(command, async (ledger) => {
          const entries = await ledger.history(grantId, at);
          if (entries.length === 0 && !(await ledger.balance(grantId))) throw unknownGrant(grantId);
          if (options.json) return printJson(entries);
          return writeOut(
            table(entries, [
              { header: 'Pos', value: (e) => String(e.position), right: true },
              { header: 'Rev', value: (e) => String(e.revision), right: true },
              { header: 'Date', value: (e) => e.businessDate },
              { header: 'Recorded', value: (e) => e.recordedAt },
              { header: 'Event', value: (e) => e.type },
              { header: 'Actor', value: (e) => e.actor },
              { header: 'Command', value: (e) => e.commandId },
              { header: 'Hash', value: (e) => e.hash.slice(0, 12) },
            ]),
          );
        });
      },
    );
}
