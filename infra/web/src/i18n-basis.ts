// The words of the case header and of the basis shown beside a decision, Swedish first.
// Merged into i18n.ts's table, so both languages have every label.

export const BASIS_WORDS = {
  basisTitle: ['Underlag', 'Basis'],
  basisAccount: ['{0} (bekräftat av {1})', '{0} (confirmed by {1})'],
  basisNoAccount: ['Inget bekräftat konto', 'No confirmed account'],
  basisPending: [
    'Ändrat till {0} av {1}, inte bekräftat: betalningar väntar.',
    'Changed to {0} by {1}, not confirmed: payments wait.',
  ],
  basisOrdered: ['{0}, {1}', '{0}, {1}'],
  basisPayable: ['Kvar att betala ut nu', 'Payable now'],
  basisAdvanceGranted: ['Beviljat förskott', 'Advance granted'],
  basisReviewed: ['Granskning', 'Review'],
  basisReviewLine: [
    'godkänt {0}, ej godkänt {1}, granskat av {2}',
    'approved {0}, disallowed {1}, reviewed by {2}',
  ],
  basisRemainder: ['Kvar av rekvisitionen', 'Left of the claim'],
  basisOldAccount: ['Nuvarande konto', 'Current account'],
  basisNewAccount: ['Nytt konto', 'New account'],
  basisChangedBy: ['Ändrat av', 'Changed by'],
  // the case header
  caseApplicant: ['Sökande', 'Applicant'],
  caseOrgNumber: ['Organisationsnummer', 'Org. number'],
  caseDecision: ['Beslut', 'Decision'],
  caseDecisionLine: ['{0} av {1}', '{0} by {1}'],
  caseProjectPeriod: ['Projektperiod', 'Project period'],
  caseRate: ['Stödnivå', 'Rate'],
  caseCap: ['Tak', 'Cap'],
  caseAppropriation: ['Anslag', 'Appropriation'],
  caseOtherFinancing: ['Annan finansiering', 'Other financing'],
  none: ['ingen', 'none'],
} satisfies Record<string, readonly [string, string]>;
