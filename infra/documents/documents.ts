// The two documents as the CLI and the HTTP API ask for them: the query they take (one zod
// schema, so both doors refuse the same bad input with the same words), the ledger read
// behind each, and the bytes of each format.
import { z } from 'zod';
import { dateInput, lineText } from '../../domain/schema.js';
import type { LedgerConfig } from '../config.js';
import type { Ledger } from '../ledger.js';
import { DEFAULT_AUTHORITY, decisionLetterPdf } from './decision-letter-pdf.js';
import { decisionLetterOf, type DecisionLetter, type LetterVersion } from './decision-letter.js';
import { delegationReportPdf } from './delegation-report-pdf.js';
import {
  delegationReport,
  delegationReportCsv,
  type DelegationReport,
} from './delegation-report.js';

export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const delegationReportQuery = z
  .strictObject({
    from: dateInput.meta({ description: 'first decision date of the period, YYYY-MM-DD' }),
    to: dateInput.meta({ description: 'last decision date of the period, YYYY-MM-DD' }),
    delegation: lineText
      .optional()
      .meta({ description: 'only decisions whose delegation holds this text, e.g. RUN/12/2023' }),
    format: z
      .enum(REPORT_FORMATS, { error: `must be one of ${REPORT_FORMATS.join(', ')}` })
      .default('json'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

export const LETTER_VERSIONS = ['amended', 'decided'] as const;

export const decisionLetterQuery = z.strictObject({
  version: z
    .enum(LETTER_VERSIONS, { error: `must be one of ${LETTER_VERSIONS.join(', ')}` })
    .default('amended')
    .meta({ description: 'amended: with every amendment applied (default); decided: as decided' }),
});

/** Who decides, as the letter names the region: ledger.config.json's debtor, else the default. */
export const authorityOf = (config: LedgerConfig): string =>
  config.debtor?.name ?? DEFAULT_AUTHORITY;

export function readDelegationReport(
  ledger: Ledger,
  query: { from: string; to: string; delegation?: string | undefined },
): Promise<DelegationReport> {
  const { from, to, delegation } = query;
  return delegationReport(ledger.events(), {
    from,
    to,
    ...(delegation !== undefined ? { delegation } : {}),
  });
}

export interface Rendered {
  contentType: string;
  body: string | Buffer;
}

export async function renderDelegationReport(
  report: DelegationReport,
  format: ReportFormat,
): Promise<Rendered> {
  if (format === 'csv')
    return { contentType: 'text/csv; charset=utf-8', body: delegationReportCsv(report) };
  if (format === 'pdf')
    return { contentType: 'application/pdf', body: await delegationReportPdf(report) };
  return {
    contentType: 'application/json; charset=utf-8',
    body: `${JSON.stringify(report, null, 2)}\n`,
  };
}

/** What reading a grant's letter finds: the letter, no such grant, or no decision yet. */
export type LetterRead =
  | { found: 'letter'; letter: DecisionLetter }
  | { found: 'no-grant' }
  | { found: 'no-decision'; message: string };

export async function readDecisionLetter(
  ledger: Ledger,
  grantId: string,
  version: LetterVersion,
): Promise<LetterRead> {
  const events = [];
  for await (const e of ledger.events(grantId)) events.push(e);
  if (events.length === 0) return { found: 'no-grant' };
  const letter = decisionLetterOf(grantId, events, version);
  if (letter) return { found: 'letter', letter };
  return { found: 'no-decision', message: `${grantId} has no decision yet: there is no letter` };
}

export const letterPdf = (letter: DecisionLetter, config: LedgerConfig): Promise<Buffer> =>
  decisionLetterPdf(letter, authorityOf(config));
