// What people call the ledger's events and indicator kinds, Swedish and English: the
// history, the worklists and the CLI's tables show these, never the type names.

type Words = readonly [sv: string, en: string];

/** Every event type, including the ones spec v3 adds (revocation, returns, recoveries). */
export const EVENT_NAMES: Record<string, Words> = {
  CoFinancingApplied: ['Ansökan registrerad', 'Application registered'],
  GrantApproved: ['Bidrag beviljat', 'Grant approved'],
  GrantRejected: ['Ansökan avslagen', 'Application rejected'],
  DecisionAmended: ['Beslut ändrat', 'Decision amended'],
  ConditionFulfilled: ['Villkor uppfyllt', 'Condition fulfilled'],
  PaymentOrdered: ['Utbetalning beordrad', 'Payment ordered'],
  CostsReported: ['Kostnader redovisade', 'Costs reported'],
  CostsReviewed: ['Rekvisition granskad', 'Claim reviewed'],
  PaymentAttested: ['Utbetalning attesterad', 'Payment attested'],
  PaymentCancelled: ['Utbetalning makulerad', 'Payment cancelled'],
  IndicatorProgressReported: ['Indikator rapporterad', 'Indicator reported'],
  FinalReportSubmitted: ['Slutrapport inlämnad', 'Final report submitted'],
  RecoveryClaimed: ['Återkrav beslutat', 'Recovery decided'],
  RepaymentReceived: ['Återbetalning mottagen', 'Repayment received'],
  GrantClosed: ['Ärendet avslutat', 'Grant closed'],
  ApplicationWithdrawn: ['Ansökan återkallad', 'Application withdrawn'],
  PaymentSettled: ['Utbetalning bokförd av banken', 'Payment booked by the bank'],
  PayoutAccountChanged: ['Utbetalningskonto ändrat', 'Payout account changed'],
  PayoutAccountConfirmed: ['Utbetalningskonto bekräftat', 'Payout account confirmed'],
  PaymentExported: ['Utbetalning lagd i bankfil', 'Payment put in a bank file'],
  PaymentReturned: ['Utbetalning returnerad av banken', 'Payment returned by the bank'],
  GrantRevoked: ['Beslut återkallat', 'Grant revoked'],
  RecoveryReduced: ['Återkrav sänkt', 'Recovery reduced'],
  RecoveryWithdrawn: ['Återkrav återtaget', 'Recovery withdrawn'],
};

/** Indicator target and delivery kinds. */
export const INDICATOR_KINDS: Record<string, Words> = {
  report: ['rapport', 'report'],
  'sub-report': ['delrapport', 'sub-report'],
  participants: ['deltagare', 'participants'],
  companies: ['företag', 'companies'],
  events: ['aktiviteter', 'events'],
};

const pick = (table: Record<string, Words>, key: string, lang: 'sv' | 'en'): string => {
  const words = table[key];
  return words ? words[lang === 'sv' ? 0 : 1] : key;
};

/** An advance's order reads as one (`Förskott beordrat`); other orders as payments. */
const ADVANCE_ORDERED: Words = ['Förskott beordrat', 'Advance ordered'];

/**
 * "PaymentOrdered" → "Utbetalning beordrad" (an advance: "Förskott beordrat"); an unknown
 * type stays as it is.
 */
export function eventNameIn(lang: 'sv' | 'en', type: string, data?: unknown): string {
  const kind = (data as { kind?: unknown } | undefined)?.kind;
  if (type === 'PaymentOrdered' && kind === 'advance')
    return ADVANCE_ORDERED[lang === 'sv' ? 0 : 1];
  return pick(EVENT_NAMES, type, lang);
}

export const indicatorKindIn = (lang: 'sv' | 'en', kind: string): string =>
  pick(INDICATOR_KINDS, kind, lang);
