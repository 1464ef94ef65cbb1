// Builders of valid raw commands (as JSON would bring them) for tests; override any field.
export const GRANT = 'TEST/1/2023';

type Raw = Record<string, unknown>;
const actor = (name: string) => ({ actor: name });

export const apply = (o: Raw = {}): Raw => ({
  type: 'ApplyForCoFinancing',
  grantId: GRANT,
  applicant: { name: 'Testföreningen ek. för.' },
  title: 'Ett testprojekt',
  requestedAmount: '100000',
  requestedAdvance: '20000',
  projectPeriod: { start: '2023-01-01', end: '2023-12-31' },
  submittedOn: '2022-11-01',
  meta: actor('registrar@test'),
  ...o,
});

export const terms = (o: Raw = {}): Raw => ({
  rate: '0.60',
  cap: '100000',
  advance: '20000',
  appropriation: '1:1 Regionala tillväxtåtgärder',
  legalBasis: 'Förordning (2003:596)',
  conditions: [{ id: 'other-financing', text: 'Övrig finansiering ordnas enligt ansökan' }],
  indicators: [{ id: 'reports', name: 'Rapporter', targets: { report: 1, 'sub-report': 2 } }],
  finalReportDue: '2024-01-31',
  ...o,
});

export const approve = (o: Raw = {}, t: Raw = {}): Raw => ({
  type: 'GrantDecision',
  grantId: GRANT,
  decidedOn: '2022-12-15',
  decidedBy: 'Ordföranden',
  outcome: 'approved',
  terms: terms(t),
  meta: actor('chair@test'),
  ...o,
});

export const rejectApplication = (o: Raw = {}): Raw => ({
  type: 'GrantDecision',
  grantId: GRANT,
  decidedOn: '2022-12-15',
  decidedBy: 'Ordföranden',
  outcome: 'rejected',
  reason: 'Ligger inte i linje med strategin',
  meta: actor('chair@test'),
  ...o,
});

export const fulfil = (o: Raw = {}): Raw => ({
  type: 'FulfilCondition',
  grantId: GRANT,
  conditionId: 'other-financing',
  fulfilledOn: '2023-01-10',
  evidence: 'Beslut från Tillväxtverket',
  meta: actor('officer@test'),
  ...o,
});

export const payAdvance = (o: Raw = {}): Raw => ({
  type: 'PayAdvance',
  grantId: GRANT,
  paymentId: 'adv-1',
  amount: '20000',
  orderedOn: '2023-01-05',
  meta: actor('orderer@test'),
  ...o,
});

/**
 * The day after the builders' order dates: advances ("adv-…") are ordered 2023-01-05,
 * claim payments 2023-07-25 (an attest may not precede its order: DATE_ORDER).
 */
export const attest = (paymentId: string, o: Raw = {}): Raw => ({
  type: 'AttestPayment',
  grantId: GRANT,
  paymentId,
  attestedOn: paymentId.startsWith('adv') ? '2023-01-06' : '2023-07-26',
  meta: actor('attester@test'),
  ...o,
});

export const reportCosts = (o: Raw = {}): Raw => ({
  type: 'ReportCosts',
  grantId: GRANT,
  claimId: 'claim-1',
  period: { from: '2023-01-01', to: '2023-06-30' },
  costs: [
    { category: 'personal', amount: '40000' },
    { category: 'externa tjänster', amount: '10000' },
  ],
  submittedOn: '2023-07-10',
  meta: actor('applicant@test'),
  ...o,
});

export const review = (o: Raw = {}): Raw => ({
  type: 'ReviewCosts',
  grantId: GRANT,
  claimId: 'claim-1',
  reviewedOn: '2023-07-20',
  approvedAmount: '45000',
  disallowed: [{ amount: '5000', reason: 'Ej stödberättigande' }],
  meta: actor('reviewer@test'),
  ...o,
});

export const payClaim = (o: Raw = {}): Raw => ({
  type: 'PayClaim',
  grantId: GRANT,
  paymentId: 'pay-1',
  claimId: 'claim-1',
  amount: '7000',
  orderedOn: '2023-07-25',
  meta: actor('orderer@test'),
  ...o,
});

export const cancel = (paymentId: string, o: Raw = {}): Raw => ({
  type: 'CancelPayment',
  grantId: GRANT,
  paymentId,
  reason: 'Fel belopp',
  meta: actor('orderer@test'),
  ...o,
});

export const reportIndicator = (o: Raw = {}): Raw => ({
  type: 'ReportIndicator',
  grantId: GRANT,
  indicatorId: 'reports',
  kind: 'sub-report',
  title: 'Delrapport 1',
  deliveredOn: '2023-05-01',
  meta: actor('officer@test'),
  ...o,
});

export const submitFinalReport = (o: Raw = {}): Raw => ({
  type: 'SubmitFinalReport',
  grantId: GRANT,
  submittedOn: '2024-01-15',
  meta: actor('officer@test'),
  ...o,
});

export const claimRecovery = (o: Raw = {}): Raw => ({
  type: 'ClaimRecovery',
  grantId: GRANT,
  recoveryId: 'rec-1',
  amount: '1000',
  decidedOn: '2024-02-01',
  reason: 'Ej stödberättigande kostnader',
  meta: actor('finance@test'),
  ...o,
});

export const repay = (o: Raw = {}): Raw => ({
  type: 'RegisterRepayment',
  grantId: GRANT,
  recoveryId: 'rec-1',
  amount: '1000',
  receivedOn: '2024-02-20',
  meta: actor('finance@test'),
  ...o,
});

export const closeGrant = (o: Raw = {}): Raw => ({
  type: 'CloseGrant',
  grantId: GRANT,
  closedOn: '2024-03-01',
  meta: actor('officer@test'),
  ...o,
});

export const amend = (changes: Raw, o: Raw = {}): Raw => ({
  type: 'AmendDecision',
  grantId: GRANT,
  decidedOn: '2023-03-01',
  decidedBy: 'Ordföranden',
  changes,
  meta: actor('chair@test'),
  ...o,
});

export const withdraw = (o: Raw = {}): Raw => ({
  type: 'WithdrawApplication',
  grantId: GRANT,
  withdrawnOn: '2023-01-02',
  reason: 'Projektet genomförs inte',
  meta: actor('applicant@test'),
  ...o,
});

export const changePayoutAccount = (account: Raw, o: Raw = {}): Raw => ({
  type: 'ChangePayoutAccount',
  grantId: GRANT,
  account,
  changedOn: '2023-01-05',
  meta: actor('ekonom@test'),
  ...o,
});

export const confirmPayoutAccount = (o: Raw = {}): Raw => ({
  type: 'ConfirmPayoutAccount',
  grantId: GRANT,
  confirmedOn: '2023-01-06',
  meta: actor('attester@test'),
  ...o,
});

export const exportPayment = (paymentId: string, o: Raw = {}): Raw => ({
  type: 'ExportPayment',
  grantId: GRANT,
  paymentId,
  fileId: 'PF-1',
  executionDate: '2023-02-01',
  createdAt: '2023-01-31T09:00:00Z',
  debtor: { name: 'Region Test', bankgiro: '5050-1055' },
  meta: actor('ekonom@test'),
  ...o,
});
