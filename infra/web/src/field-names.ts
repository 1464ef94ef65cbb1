// What a person calls each command and each of its fields, Swedish and English. The
// forms are generated from the command schemas (domain/grant/commands.ts); this file
// only names what they hold. test/web/forms.test.ts checks that every command and every
// field of every schema has a name here; docs/commands.md is written from it too.
// No DOM and no storage here: the docs generator and the tests read it under Node.
import type { CommandType } from '../../../domain/grant/commands.js';

export type Lang = 'sv' | 'en';
type Words = readonly [sv: string, en: string];

export const COMMAND_NAMES: Record<CommandType, Words> = {
  ApplyForCoFinancing: ['Registrera ansökan', 'Register an application'],
  GrantDecision: ['Besluta om ansökan', 'Decide the application'],
  AmendDecision: ['Ändra beslutet', 'Amend the decision'],
  FulfilCondition: ['Markera villkor som uppfyllt', 'Mark a condition fulfilled'],
  ReportIndicator: ['Rapportera indikator', 'Report an indicator'],
  SubmitFinalReport: ['Registrera slutrapport', 'Register the final report'],
  CloseGrant: ['Avsluta ärendet', 'Close the grant'],
  WithdrawApplication: ['Återkalla ansökan', 'Withdraw the application'],
  PayAdvance: ['Beordra förskott', 'Order the advance'],
  ReportCosts: [
    'Registrera rekvisition (redovisade kostnader)',
    'Register a claim (reported costs)',
  ],
  ReviewCosts: ['Granska rekvisition', 'Review a claim'],
  PayClaim: ['Beordra utbetalning mot rekvisition', 'Order a claim payment'],
  CancelPayment: ['Makulera beordrad utbetalning', 'Cancel an ordered payment'],
  ClaimRecovery: ['Besluta om återkrav', 'Decide a recovery'],
  ReduceRecovery: ['Sätt ned återkrav', 'Reduce a recovery'],
  WithdrawRecovery: ['Återkalla återkrav', 'Withdraw a recovery'],
  RevokeGrant: ['Återkalla stödet', 'Revoke the grant'],
  RegisterRepayment: ['Registrera återbetalning', 'Register a repayment'],
  SettlePayment: ['Registrera bankens bokning', 'Record the bank’s booking'],
  ReturnPayment: ['Registrera retur från banken', 'Record a payment the bank returned'],
  AttestPayment: ['Attestera utbetalning', 'Attest a payment'],
  ChangePayoutAccount: ['Ändra utbetalningskonto', 'Change the payout account'],
  ConfirmPayoutAccount: ['Bekräfta ändrat utbetalningskonto', 'Confirm the changed payout account'],
  ExportPayment: ['Lägg utbetalning i bankfil', 'Put a payment in a bank file'],
};

/**
 * Field names, looked up as `Command:path`, then `path`, then the last part of the path
 * (array positions left out: `costs.amount`).
 */
const FIELD_NAMES: Record<string, Words> = {
  grantId: ['Diarienummer', 'Grant id (diary number)'],
  applicant: ['Sökande', 'Applicant'],
  'applicant.name': ['Sökandens namn', 'Applicant’s name'],
  'applicant.orgNumber': ['Organisationsnummer', 'Organisation number'],
  title: ['Projektets namn', 'Project title'],
  'ReportIndicator:title': ['Vad som levererats', 'What was delivered'],
  description: ['Ärendebeskrivning', 'Case description'],
  requestedAmount: ['Sökt belopp', 'Amount requested'],
  requestedAdvance: ['Sökt förskott', 'Advance requested'],
  projectPeriod: ['Projektperiod', 'Project period'],
  start: ['Startdatum', 'Start date'],
  end: ['Slutdatum', 'End date'],
  otherFinancing: ['Övrig finansiering', 'Other financing'],
  financier: ['Finansiär', 'Financier'],
  'otherFinancing.amount': ['Belopp', 'Amount'],
  submittedOn: ['Inlämnad', 'Submitted on'],
  decidedOn: ['Beslutsdatum', 'Decided on'],
  decidedBy: ['Beslutsfattare', 'Decided by'],
  outcome: ['Beslut', 'Outcome'],
  'outcome=approved': ['bevilja', 'approve'],
  'outcome=rejected': ['avslå', 'reject'],
  reason: ['Motivering', 'Reason'],
  motivation: ['Beslutsmotivering', 'Decision motivation'],
  basis: ['Beslutsunderlag (ett dokument per rad)', 'Decision basis (one document each)'],
  reportTo: ['Anmäls till', 'Reported to'],
  terms: ['Villkor i beslutet', 'Terms of the decision'],
  rate: ['Stödnivå (andel)', 'Rate (share)'],
  cap: ['Tak (högsta bidrag)', 'Cap (most granted)'],
  advance: ['Förskott', 'Advance'],
  appropriation: ['Anslag', 'Appropriation'],
  legalBasis: ['Rättslig grund', 'Legal basis'],
  generalConditions: ['Allmänna villkor', 'General conditions'],
  delegation: ['Delegation', 'Delegation'],
  conditions: ['Särskilda villkor', 'Special conditions'],
  'terms.conditions.id': ['Villkorets id', 'Condition id'],
  'terms.conditions.text': ['Villkorets text', 'Condition text'],
  indicators: ['Indikatorer', 'Indicators'],
  'terms.indicators.id': ['Indikatorns id', 'Indicator id'],
  'terms.indicators.name': ['Indikatorns namn', 'Indicator name'],
  targets: ['Mål per slag', 'Targets per kind'],
  finalReportDue: ['Slutrapport senast', 'Final report due'],
  advanceOffsetting: ['Avräkningsplan för förskottet', 'Advance offsetting plan'],
  changes: ['Ändringar', 'Changes'],
  projectEnd: ['Nytt slutdatum för projektet', 'New project end'],
  conditionId: ['Villkor', 'Condition'],
  fulfilledOn: ['Uppfyllt den', 'Fulfilled on'],
  evidence: ['Underlag', 'Evidence'],
  paymentId: ['Betalnings-id', 'Payment id'],
  amount: ['Belopp', 'Amount'],
  orderedOn: ['Beordrad den', 'Ordered on'],
  claimId: ['Rekvisitions-id', 'Claim id'],
  period: ['Period', 'Period'],
  from: ['Från', 'From'],
  to: ['Till', 'To'],
  costs: ['Kostnader', 'Costs'],
  category: ['Kostnadsslag', 'Category'],
  'costs.amount': ['Belopp', 'Amount'],
  final: ['Slutrekvisition', 'Final claim'],
  reviewedOn: ['Granskad den', 'Reviewed on'],
  approvedAmount: ['Godkänt belopp', 'Approved amount'],
  disallowed: ['Ej godkänt', 'Disallowed'],
  'disallowed.amount': ['Ej godkänt belopp', 'Disallowed amount'],
  'disallowed.reason': ['Skäl', 'Reason'],
  attestedOn: ['Attesterad den', 'Attested on'],
  cancelledOn: ['Makulerad den', 'Cancelled on'],
  returnedOn: ['Returnerad den', 'Returned on'],
  indicatorId: ['Indikator', 'Indicator'],
  kind: ['Slag', 'Kind'],
  deliveredOn: ['Levererad den', 'Delivered on'],
  recoveryId: ['Återkravs-id', 'Recovery id'],
  interest: ['Ränta', 'Interest'],
  'interest.from': ['Ränta från', 'Interest from'],
  dueOn: ['Förfallodag (räntelagen 5 §; 6 § därefter)', 'Due on (räntelagen § 5; § 6 after it)'],
  receivedOn: ['Mottagen den', 'Received on'],
  closedOn: ['Avslutad den', 'Closed on'],
  withdrawnOn: ['Återkallad den', 'Withdrawn on'],
  bankReference: ['Bankens referens', 'Bank reference'],
  notDuplicate: ['Ny inbetalning (inte en dubblett)', 'A new receipt (not a duplicate)'],
  waive: ['Efterge det nedsatta beloppet', 'Waive the reduced part'],
  'ReduceRecovery:amount': ['Nytt återkrävt belopp', 'New recovered amount'],
  ground: ['Grund för återkallelsen', 'Ground of the revocation'],
  entitlementLimit: ['Högsta stöd efter återkallelsen', 'Most granted after revocation'],
  'ConfirmPayoutAccount:account': ['Kontot som bekräftas', 'The account confirmed'],
  bookedOn: ['Bokförd den', 'Booked on'],
  payoutAccount: ['Utbetalningskonto', 'Payout account'],
  account: ['Nytt utbetalningskonto', 'New payout account'],
  bankgiro: ['Bankgiro', 'Bankgiro'],
  plusgiro: ['Plusgiro', 'Plusgiro'],
  iban: ['IBAN', 'IBAN'],
  bic: ['BIC', 'BIC'],
  changedOn: ['Ändrat den', 'Changed on'],
  confirmedOn: ['Bekräftat den', 'Confirmed on'],
  fileId: ['Bankfilens id', 'Bank file id'],
  executionDate: ['Betalningsdag', 'Execution date'],
  createdAt: ['Filen skapad (UTC-tid)', 'File created (UTC time)'],
  debtor: ['Betalare (regionen)', 'Debtor (the region)'],
  'debtor.name': ['Betalarens namn', 'Debtor name'],
  'debtor.bankgiro': ['Betalarens bankgiro', 'Debtor bankgiro'],
  'debtor.agreementId': [
    'Kund-id i betalavtalet med banken',
    'Customer id of the payment agreement with the bank',
  ],
};

const pick = (words: Words, lang: Lang) => words[lang === 'sv' ? 0 : 1];

export function commandNameIn(lang: Lang, type: CommandType): string {
  return pick(COMMAND_NAMES[type], lang);
}

/** The field's name in a language; undefined when none is known. */
export function fieldNameIn(
  lang: Lang,
  type: string,
  path: readonly (string | number)[],
): string | undefined {
  const names = path.filter((p): p is string => typeof p === 'string');
  for (let i = 0; i < names.length; i++) {
    const tail = names.slice(i).join('.');
    const words = FIELD_NAMES[`${type}:${tail}`] ?? FIELD_NAMES[tail];
    if (words) return pick(words, lang);
  }
  return undefined;
}

export function outcomeNameIn(lang: Lang, value: string): string {
  const words = FIELD_NAMES[`outcome=${value}`];
  return words ? pick(words, lang) : value;
}
