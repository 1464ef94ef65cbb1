// `verify [--json]`: recomputes every hash chain; exit 0 intact, 1 broken (naming stream and revision).
import type { Command } from 'commander';
import { withLedger } from '../context.js';
import { EXIT_FAILED, EXIT_OK, printError, printJson, writeOut } from '../output.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('recompute every hash chain; exit 0 when intact, 1 when broken')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const report = await withLedger(command, (ledger) => ledger.verify());
      if (options.json) await printJson(report);
      else await writeOut(`Checked ${report.streams} stream${report.streams === 1 ? '' : 's'} and ${report.events} event${report.events === 1 ? '' : 's'}: ${report.ok ? 'every hash chain is intact' : 'a hash chain is BROKEN'}.\n`);
      if (report.firstBreak) {
        const b = report.firstBreak;
        printError(`the hash chain of stream ${b.streamId} is broken at revision ${b.revision}: ${b.reason}`, 'CHAIN_BROKEN');
      }
      process.exitCode = report.ok ? EXIT_OK : EXIT_FAILED;
    });
}
