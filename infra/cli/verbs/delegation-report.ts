// `delegation-report --from DATE --to DATE [--delegation D] [--format json|csv|pdf]
// [--out FILE]`: the decisions taken under a delegation in a period, for the committee
// (infra/documents/delegation-report.ts).
import { Option, type Command } from 'commander';
import {
  delegationReportQuery,
  readDelegationReport,
  renderDelegationReport,
  REPORT_FORMATS,
} from '../../documents/documents.js';
import { withLedger } from '../context.js';
import { emitDocument, optionError } from './documents-output.js';

interface Options {
  from: string;
  to: string;
  delegation?: string;
  format: string;
  out?: string;
}

export function registerDelegationReport(program: Command): void {
  program
    .command('delegation-report')
    .description(
      'the decisions, amendments and revocations taken under a delegation in a period (anmälan av delegationsbeslut)',
    )
    .requiredOption('--from <DATE>', 'first decision date, YYYY-MM-DD')
    .requiredOption('--to <DATE>', 'last decision date, YYYY-MM-DD')
    .option('--delegation <D>', 'only this delegation (its text or a part of it, e.g. RUN/12/2023)')
    .addOption(
      new Option('--format <FORMAT>', 'json, csv or pdf').choices(REPORT_FORMATS).default('json'),
    )
    .option('--out <FILE>', 'write the report here (default: stdout)')
    .action(async (options: Options, command: Command) => {
      const { out, ...asked } = options;
      const query = delegationReportQuery.safeParse(asked);
      if (!query.success) throw optionError(query.error);
      await withLedger(command, async (ledger) => {
        const report = await readDelegationReport(ledger, query.data);
        const rendered = await renderDelegationReport(report, query.data.format);
        await emitDocument(rendered.body, out);
      });
    });
}
