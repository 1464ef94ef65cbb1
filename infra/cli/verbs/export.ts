// `export [GRANT_ID] --format jsonl|csv|xlsx [--excel] [--out FILE]`: the events (jsonl,
// exactly the hashed fields plus `hash`, so an auditor can recompute every chain from the
// file alone), the payments journal (csv, one payment a row; `--excel`: `;`, decimal comma
// and a BOM for Swedish Excel), or a workbook of the journal, the grants and the portfolio.
import { Option, type Command } from 'commander';
import fs from 'node:fs';
import { exportLine, journalCsv } from '../../export.js';
import { journalCsvForExcel, workbookOf } from '../../export-excel.js';
import { unknownGrant, withLedger } from '../context.js';
import { writeOut } from '../output.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export the events (jsonl, hash-chain verifiable), the payments journal (csv) or a workbook (xlsx)',
    )
    .argument('[GRANT_ID]', 'only this grant (default: everything)')
    .addOption(
      new Option(
        '--format <FORMAT>',
        'jsonl: the events; csv: the payments journal; xlsx: journal, grants and portfolio',
      )
        .choices(['jsonl', 'csv', 'xlsx'])
        .default('jsonl'),
    )
    .option('--excel', 'csv for Swedish Excel: ";", decimal comma, BOM')
    .option('--out <FILE>', 'write csv or xlsx here (default: stdout)')
    .action(
      async (
        grantId: string | undefined,
        options: { format: 'jsonl' | 'csv' | 'xlsx'; excel?: boolean; out?: string },
        command: Command,
      ) => {
        await withLedger(command, async (ledger) => {
          const emit = async (content: string | Buffer) => {
            if (options.out !== undefined) await fs.promises.writeFile(options.out, content);
            else if (typeof content === 'string') await writeOut(content);
            else
              await new Promise<void>((resolve, reject) =>
                process.stdout.write(content, (e) => (e ? reject(e) : resolve())),
              );
          };
          if (
            options.format !== 'jsonl' &&
            grantId !== undefined &&
            !(await ledger.balance(grantId))
          )
            throw unknownGrant(grantId);
          if (options.format === 'csv') {
            const journal = await ledger.payments(grantId);
            await emit(options.excel ? journalCsvForExcel(journal) : journalCsv(journal));
            return;
          }
          if (options.format === 'xlsx') {
            const grants = (await ledger.grants()).filter(
              (g) => grantId === undefined || g.grantId === grantId,
            );
            await emit(
              await workbookOf({
                journal: await ledger.payments(grantId),
                grants,
                portfolio: await ledger.portfolio(),
              }),
            );
            return;
          }
          let count = 0;
          for await (const e of ledger.events(grantId)) {
            await writeOut(exportLine(e));
            count += 1;
          }
          if (grantId !== undefined && count === 0) throw unknownGrant(grantId);
        });
      },
    );
}
