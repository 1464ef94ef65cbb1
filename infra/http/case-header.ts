// The case as its header shows it (interfaces.md "The case"): diary number, applicant and
// org number, decision date and decision-maker, project period, rate, cap, appropriation
// and other financing — what a person checks before entering a claim or attesting.
import { formatMoney } from '../../domain/money.js';
import type { GrantState } from '../../domain/grant/state.js';

export interface CaseHeader {
  grantId: string;
  title: string | null;
  applicant: string | null;
  orgNumber: string | null;
  decidedOn: string | null;
  decidedBy: string | null;
  projectPeriod: { start: string; end: string } | null;
  rate: string | null;
  cap: string | null;
  appropriation: string | null;
  delegation: string | null;
  otherFinancing: { financier: string; amount: string | null }[];
}

/** Who decided and when: the approval's terms, else the rejection. */
function decisionOf(state: GrantState): { decidedOn: string | null; decidedBy: string | null } {
  const decided = state.terms ?? state.rejection;
  return { decidedOn: decided?.decidedOn ?? null, decidedBy: decided?.decidedBy ?? null };
}

function termsOf(state: GrantState) {
  const terms = state.terms;
  if (!terms) return { rate: null, cap: null, appropriation: null, delegation: null };
  return {
    rate: terms.rate.toString(),
    cap: formatMoney(terms.cap),
    appropriation: terms.appropriation,
    delegation: terms.delegation ?? null,
  };
}

export function caseHeaderOf(grantId: string, state: GrantState): CaseHeader {
  const application = state.application;
  return {
    grantId,
    title: application?.title ?? null,
    applicant: application?.applicant.name ?? null,
    orgNumber: application?.applicant.orgNumber ?? null,
    ...decisionOf(state),
    projectPeriod: state.projectPeriod ?? null,
    ...termsOf(state),
    otherFinancing: (application?.otherFinancing ?? []).map((f) => ({
      financier: f.financier,
      amount: f.amount ? formatMoney(f.amount) : null,
    })),
  };
}
