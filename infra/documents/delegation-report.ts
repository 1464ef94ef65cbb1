// The delegation report (anmälan av delegationsbeslut, interfaces.md "What the committee and
// the applicant receive"): every decision taken under a delegation in a period — approvals,
// amendments and revocations — with what the committee reads of each. Read in one pass over
// the ledger's events in global order, so a grant's application and decision are known
// before its later decisions. A rejection carries no terms, hence no delegation
// (domain.md), and is not listed.
import type { StoredEvent } from '../../commands/event-store-port.js';
import { grantIdOf } from '../../domain/grant/decider.js';
import { csvField } from '../export.js';
import { changesSaid, kronor, percentText } from './swedish.js';

export type DelegatedOutcome = 'approved' | 'amended' | 'revoked';

export interface DelegationReportQuery {
  /** First and last decision date of the period, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Only decisions whose delegation contains this text (e.g. "RUN/12/2023"). */
  delegation?: string;
}

export interface DelegationReportRow {
  grantId: string;
  applicant: string;
  project: string;
  decidedOn: string;
  decidedBy: string;
  outcome: DelegatedOutcome;
  /** The cap approved or amended to, or a revocation's entitlement limit (2 decimals). */
  amount: string | null;
  delegation: string;
  /** What was decided, in Swedish: terms, changes, or the ground of a revocation. */
  detail: string;
}

export interface DelegationReport extends DelegationReportQuery {
  rows: DelegationReportRow[];
}

export const OUTCOME_SV: Record<DelegatedOutcome, string> = {
  approved: 'Beviljat',
  amended: 'Ändrat beslut',
  revoked: 'Återkallat',
};

/** The grounds of RevokeGrant (domain.md), as the report writes them. */
const GROUND_SV: Record<string, string> = {
  'incorrect-information': 'felaktiga uppgifter',
  'not-used-as-intended': 'stödet har inte använts för avsett ändamål',
  'conditions-not-met': 'villkoren har inte uppfyllts',
  'final-report-missing': 'slutrapport saknas',
  other: 'annat skäl',
};

/** What the report remembers of a grant while reading on. */
interface GrantFacts {
  applicant: string;
  project: string;
  delegation?: string;
  cap?: string;
}

type Data = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function approvalRow(facts: GrantFacts, d: Data) {
  const terms = (d.terms ?? {}) as Data;
  facts.delegation = typeof terms.delegation === 'string' ? terms.delegation : undefined;
  facts.cap = str(terms.cap);
  const detail =
    `${percentText(str(terms.rate))} av godkända kostnader, högst ${kronor(facts.cap)}; ` +
    `förskott ${kronor(str(terms.advance))}`;
  return { outcome: 'approved' as const, amount: facts.cap, detail };
}

function amendmentRow(facts: GrantFacts, d: Data) {
  const changes = (d.changes ?? {}) as Parameters<typeof changesSaid>[0];
  if (changes.cap !== undefined) facts.cap = changes.cap;
  const detail = changesSaid(changes).join('; ');
  return { outcome: 'amended' as const, amount: facts.cap ?? null, detail };
}

function revocationRow(d: Data) {
  const ground = GROUND_SV[str(d.ground)] ?? str(d.ground);
  const limit = typeof d.entitlementLimit === 'string' ? d.entitlementLimit : null;
  const detail = `Grund: ${ground}. ${str(d.reason)}`.trim();
  return { outcome: 'revoked' as const, amount: limit, detail };
}

/** The row an event adds to the report, or undefined when it is no delegated decision. */
function rowOf(facts: GrantFacts, e: StoredEvent) {
  const d = e.data as Data;
  if (e.type === 'GrantApproved') return approvalRow(facts, d);
  if (e.type === 'DecisionAmended') return amendmentRow(facts, d);
  // Named, not imported: a revocation is listed by its type whatever its schema's version.
  if (e.type === 'GrantRevoked') return revocationRow(d);
  return undefined;
}

const inPeriod = (date: string, q: DelegationReportQuery) => date >= q.from && date <= q.to;

export async function delegationReport(
  events: AsyncIterable<StoredEvent>,
  query: DelegationReportQuery,
): Promise<DelegationReport> {
  const grants = new Map<string, GrantFacts>();
  const rows: (DelegationReportRow & { position: number })[] = [];
  for await (const e of events) {
    const grantId = grantIdOf(e.streamId);
    if (grantId === undefined) continue;
    const d = e.data as Data;
    if (e.type === 'CoFinancingApplied') {
      const applicant = (d.applicant ?? {}) as Data;
      grants.set(e.streamId, { applicant: str(applicant.name), project: str(d.title) });
      continue;
    }
    const facts = grants.get(e.streamId);
    const row = facts && rowOf(facts, e);
    if (!facts || !row || facts.delegation === undefined) continue;
    const decidedOn = str(d.decidedOn);
    if (!inPeriod(decidedOn, query)) continue;
    if (query.delegation !== undefined && !facts.delegation.includes(query.delegation)) continue;
    const { applicant, project, delegation } = facts;
    const decidedBy = str(d.decidedBy);
    rows.push({
      grantId,
      applicant,
      project,
      decidedOn,
      decidedBy,
      ...row,
      delegation,
      position: e.position,
    });
  }
  rows.sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.position - b.position);
  return { ...query, rows: rows.map(({ position: _position, ...row }) => row) };
}

const CSV_COLUMNS: readonly [keyof DelegationReportRow, string][] = [
  ['grantId', 'Diarienummer'],
  ['applicant', 'Sökande'],
  ['project', 'Projekt'],
  ['decidedOn', 'Beslutsdatum'],
  ['decidedBy', 'Beslutsfattare'],
  ['outcome', 'Beslut'],
  ['amount', 'Belopp'],
  ['delegation', 'Delegation'],
  ['detail', 'Innehåll'],
];

/** RFC 4180 with Swedish headings; the outcome in Swedish, amounts as 2-decimal numbers. */
export function delegationReportCsv(report: DelegationReport): string {
  const lines = [CSV_COLUMNS.map(([, heading]) => heading).join(',')];
  for (const row of report.rows) {
    const cells = CSV_COLUMNS.map(([key]) =>
      csvField(key === 'outcome' ? OUTCOME_SV[row.outcome] : row[key]),
    );
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
