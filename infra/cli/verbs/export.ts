// `export [GRANT_ID] --format jsonl|csv|xlsx [--excel] [--out FILE [--force]]`: the events (jsonl,
// exactly the hashed fields plus `hash`, so an auditor can recompute every chain from the
// file alone), the payments journal (csv, one payment a row; `--excel`: `;`, decimal comma
// and a BOM for Swedish Excel), or a workbook of the journal, the grants and the portfolio.
// Every format goes to --out when given (written as output-file.ts writes), else stdout.
import { Option, type Command } from 'commander';
import { exportLine, journalCsv } from '../../export.js';
import { journalCsvForExcel, workbookOf } from '../../export-excel.js';
import { unknownGrant, withLedger } from '../context.js';
import { writeOut } from '../output.js';
import { openOutputFile, type OutputFile } from '../output-file.js';

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
    .option('--out <FILE>', 'write the export here (default: stdout); never over an existing file')
    .option('--force', 'let --out replace an existing file')
    .action(async (grantId: string | undefined, options: ExportOptions, command: Command) => {
      const force = options.force === true;
      const file =
        options.out === undefined ? undefined : await openOutputFile(options.out, { force });
      try {
        await exportTo(command, grantId, options, file);
        await file?.commit();
      } catch (error) {
        await file?.abort();
        throw error;
      }
    });
}

interface ExportOptions {
  format: 'jsonl' | 'csv' | 'xlsx';
  excel?: boolean;
  out?: string;
  force?: boolean;
}

/** Writes the export to the file (committed by the caller) or to stdout. */
async function exportTo(
  command: Command,
  grantId: string | undefined,
  options: ExportOptions,
  file: OutputFile | undefined,
): Promise<void> {
  await withLedger(command, async (ledger) => {
    const emit = async (content: string | Buffer) => {
      if (file) await file.write(content);
      else if (typeof content === 'string') await writeOut(content);
      else
        await new Promise<void>((resolve, reject) =>
          process.stdout.write(content, (e) => (e ? reject(e) : resolve())),
        );
    };
    if (options.format !== 'jsonl' && grantId !== undefined && !(await ledger.balance(grantId)))
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
      await emit(exportLine(e));
      count += 1;
    }
    if (grantId !== undefined && count === 0) throw unknownGrant(grantId);
  });
}
