// `demo [--synthetic N]`: loads the founding case (idempotent), optionally N generated grants.
import type { Command } from 'commander';
import { FOUNDING_GRANT_ID } from '../../demo/founding-case.js';
import { loadFoundingCase, loadReferenceRates, loadSynthetic } from '../../demo/load-demo.js';
import { withLedger } from '../context.js';
import { progressBar, usageError, writeOut } from '../output.js';

export function parseCount(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usageError(`${option} needs a whole number, not "${text}"`);
  return Number(text);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'load the reference rates and the founding case RUN/573/2022 (idempotent); --synthetic N adds N generated grants',
    )
    .option('--synthetic <N>', 'also generate N plausible grants (SYN/0001/2024 …)')
    .option('--seed <S>', 'seed of the synthetic generator', '2024')
    .action(async (options: { synthetic?: string; seed: string }, command: Command) => {
      const n = parseCount(options.synthetic, '--synthetic');
      const seed = parseCount(options.seed, '--seed')!;
      await withLedger(command, async (ledger) => {
        const rates = await loadReferenceRates(ledger);
        if (rates.appended > 0)
          await writeOut(
            `Set the reference rates of 2022–2024 (Riksbanken): ${rates.appended} events appended.\n`,
          );
        const founding = await loadFoundingCase(ledger);
        await writeOut(
          founding.appended > 0
            ? `Loaded the founding case ${FOUNDING_GRANT_ID}: ${founding.appended} events appended.\n`
            : `The founding case ${FOUNDING_GRANT_ID} is already loaded: nothing appended.\n`,
        );
        if (n !== undefined && n > 0) {
          const bar = progressBar('Generating');
          const synthetic = await loadSynthetic(
            ledger,
            n,
            (done, total) => bar.update(done, total),
            seed,
          );
          bar.finish();
          await writeOut(
            `Synthetic grants: ${synthetic.grants} (SYN/0001/2024 …), ${synthetic.events} events appended.\n`,
          );
        }
      });
    });
}
