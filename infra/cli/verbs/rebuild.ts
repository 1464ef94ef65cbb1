// `rebuild`: drops every read model and applies the whole log again.
import type { Command } from 'commander';
import { withLedger } from '../context.js';
import { printJson, progressBar, writeOut } from '../output.js';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description(
      'drop and rebuild every read model from the event log (progress bar on a terminal)',
    )
    .option('--json', 'print the final counts as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const started = Date.now();
      const bar = progressBar('Rebuilding');
      const result = await withLedger(command, async (ledger) => {
        const streams = (await ledger.store.listStreams()).length;
        const progress = await ledger.rebuild((p) => bar.update(p.done, p.total));
        return { ...progress, streams };
      });
      bar.finish();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (options.json)
        await printJson({ events: result.done, streams: result.streams, seconds: Number(seconds) });
      else
        await writeOut(
          `Rebuilt the read models from ${result.done} event${result.done === 1 ? '' : 's'} in ${result.streams} stream${result.streams === 1 ? '' : 's'} (${seconds} s).\n`,
        );
    });
}
