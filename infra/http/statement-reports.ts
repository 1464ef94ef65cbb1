// The answer to a bank statement stays small whatever the statement (interfaces.md
// "Operations": counts and at most 100 rows per kind, the full report by id): POST
// /reconcile answers with the counts, the first rows of each kind and a report id, and
// GET /reconcile/reports/:id gives the whole report. Reports are kept in this process's
// memory, the newest KEPT_REPORTS of them: a report is what was already recorded, shown
// again, so losing one on a restart loses nothing of the ledger (importing the statement
// again gives it anew and records nothing twice).
import { randomUUID } from 'node:crypto';
import { MAX_LISTED_PROBLEMS } from '../bounded-problems.js';
import type { ReconcileResult } from '../reconcile.js';

type Report = Extract<ReconcileResult, { ok: true }>;

const KEPT_REPORTS = 20;
const KINDS = [
  'matched',
  'repayments',
  'amountMismatch',
  'missingInBank',
  'unknownInBank',
] as const;

export interface ReportSummary extends Report {
  reportId: string;
  /** How many rows of each kind the full report holds. */
  counts: Record<(typeof KINDS)[number], number>;
  /** true when some kind lists fewer rows than it has (GET /reconcile/reports/:id has all). */
  truncated: boolean;
}

export class StatementReports {
  private readonly reports = new Map<string, Report>();

  /** Keeps the report and gives its summary. */
  keep(report: Report): ReportSummary {
    const reportId = randomUUID();
    this.reports.set(reportId, report);
    for (const oldest of this.reports.keys()) {
      if (this.reports.size <= KEPT_REPORTS) break;
      this.reports.delete(oldest);
    }
    const counts = Object.fromEntries(
      KINDS.map((k) => [k, report[k].length]),
    ) as ReportSummary['counts'];
    const rows = Object.fromEntries(KINDS.map((k) => [k, report[k].slice(0, MAX_LISTED_PROBLEMS)]));
    const truncated = KINDS.some((k) => report[k].length > MAX_LISTED_PROBLEMS);
    return { ...report, ...rows, reportId, counts, truncated };
  }

  get(reportId: string): Report | undefined {
    return this.reports.get(reportId);
  }
}
