// The decision letter's content (interfaces.md "What the committee and the applicant
// receive"): what the seed's decision says, read from a grant's events — the application's
// description, the decision with its motivation, terms, basis and addressees, and, when
// asked as amended, the amendments decided since (domain.md AmendDecision). Pure: the
// PDF is drawn from this by decision-letter-pdf.ts.
import type { EventOf } from '../../domain/grant/events.js';

/** As decided: the decision alone; as amended: with every DecisionAmended applied. */
export type LetterVersion = 'decided' | 'amended';

type Applied = EventOf<'CoFinancingApplied'>['data'];
type Approved = EventOf<'GrantApproved'>['data'];
type Rejected = EventOf<'GrantRejected'>['data'];
type Amended = EventOf<'DecisionAmended'>['data'];

export interface DecisionLetter {
  grantId: string;
  version: LetterVersion;
  application: Applied;
  outcome: 'approved' | 'rejected';
  decision: Approved | Rejected;
  /** The terms as decided, or as amended: cap, rate and final report date replaced. */
  terms?: Approved['terms'];
  /** The project's period, its end moved by an amendment when asked as amended. */
  projectPeriod: { start: string; end: string };
  /** The amendments the letter shows (none as decided). */
  amendments: Amended[];
}

/** A stored event as the letter reads it: its type and its data. */
export interface LetterEvent {
  type: string;
  data: unknown;
}

function applyAmendment(letter: DecisionLetter, amended: Amended): void {
  const { changes } = amended;
  if (letter.terms) {
    letter.terms = {
      ...letter.terms,
      ...(changes.cap !== undefined ? { cap: changes.cap } : {}),
      ...(changes.rate !== undefined ? { rate: changes.rate } : {}),
      ...(changes.finalReportDue !== undefined ? { finalReportDue: changes.finalReportDue } : {}),
    };
  }
  if (changes.projectEnd !== undefined) {
    letter.projectPeriod = { ...letter.projectPeriod, end: changes.projectEnd };
  }
  letter.amendments.push(amended);
}

/**
 * The letter of a grant's decision, or undefined while the grant has no decision (or no
 * application: an empty stream).
 */
export function decisionLetterOf(
  grantId: string,
  events: readonly LetterEvent[],
  version: LetterVersion = 'amended',
): DecisionLetter | undefined {
  let application: Applied | undefined;
  let letter: DecisionLetter | undefined;
  for (const e of events) {
    if (e.type === 'CoFinancingApplied') application = e.data as Applied;
    if (application && (e.type === 'GrantApproved' || e.type === 'GrantRejected')) {
      const approved = e.type === 'GrantApproved';
      const decision = e.data as Approved | Rejected;
      letter = {
        grantId,
        version,
        application,
        outcome: approved ? 'approved' : 'rejected',
        decision,
        ...(approved ? { terms: (decision as Approved).terms } : {}),
        projectPeriod: application.projectPeriod,
        amendments: [],
      };
    }
    if (letter && version === 'amended' && e.type === 'DecisionAmended') {
      applyAmendment(letter, e.data as Amended);
    }
  }
  return letter;
}

/** Text with paragraphs split on line feeds, blank ones dropped. */
export const paragraphs = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
