// `export [GRANT_ID] --format jsonl|csv`: the events (jsonl, exactly the hashed fields plus
// `hash`, so an auditor can recompute every chain from the file alone) or the payments
// journal (csv, one payment a row, with a header).
import { Option, type Command } from 'commander';
import { exportLine, journalCsv } from '../../export.js';
import { unknownGrant, withLedger } from '../context.js';
import { writeOut } from '../output.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the events (jsonl, hash-chain verifiable) or the payments journal (csv)')
    .argument('[GRANT_ID]', 'only this grant (default: everything)')
    .addOption(new Option('--format <FORMAT>', 'jsonl: the events; csv: the payments journal').choices(['jsonl', 'csv']).default('jsonl'))
    .action(async (grantId: string | undefined, options: { format: 'jsonl' | 'csv' }, command: Command) => {
      await withLedger(command, async (ledger) => {
        if (options.format === 'csv') {
          if (grantId !== undefined && !(await ledger.balance(grantId))) throw unknownGrant(grantId);
          await writeOut(journalCsv(await ledger.payments(grantId)));
          return;
        }
        let count = 0;
        for await (const e of ledger.events(grantId)) {
          await writeOut(exportLine(e));
          count += 1;
        }
        if (grantId !== undefined && count === 0) throw unknownGrant(grantId);
      });
    });
}
