// Builders of valid commands as a door receives them (CommandInput: the zod schemas'
// input), one per command type, with every field overridable. The decider's tests and the
// bench start from these; each builder alone, on a fresh grant in order, is accepted.
import type { CommandInput, LedgerCommandType } from '../../domain/ledger-commands.js';

export const GRANT = 'TEST/1/2023';

type Approval = Extract<CommandInput<'GrantDecision'>, { outcome: 'approved' }>;
type Rejection = Extract<CommandInput<'GrantDecision'>, { outcome: 'rejected' }>;
export type DecisionTerms = Approval['terms'];
const actor = (name: string) => ({ actor: name });

/** A builder: the defaults below, with `o`'s fields over them. */
type Build<T extends LedgerCommandType> = (o?: Partial<CommandInput<T>>) => CommandInput<T>;
/** A builder for one payment. */
type BuildFor<T extends LedgerCommandType> = (
  paymentId: string,
  o?: Partial<CommandInput<T>>,
) => CommandInput<T>;

export const apply: Build<'ApplyForCoFinancing'> = (o = {}) => ({
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

export const terms = (o: Partial<DecisionTerms> = {}): DecisionTerms => ({
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

export const approve = (o: Partial<Approval> = {}, t: Partial<DecisionTerms> = {}): Approval => ({
  type: 'GrantDecision',
  grantId: GRANT,
  decidedOn: '2022-12-15',
  decidedBy: 'Ordföranden',
  outcome: 'approved',
  terms: terms(t),
  meta: actor('chair@test'),
  ...o,
});

export const rejectApplication = (o: Partial<Rejection> = {}): Rejection => ({
  type: 'GrantDecision',
  grantId: GRANT,
  decidedOn: '2022-12-15',
  decidedBy: 'Ordföranden',
  outcome: 'rejected',
  reason: 'Ligger inte i linje med strategin',
  meta: actor('chair@test'),
  ...o,
});

export const fulfil: Build<'FulfilCondition'> = (o = {}) => ({
  type: 'FulfilCondition',
  grantId: GRANT,
  conditionId: 'other-financing',
  fulfilledOn: '2023-01-10',
  evidence: 'Beslut från Tillväxtverket',
  meta: actor('officer@test'),
  ...o,
});

export const payAdvance: Build<'PayAdvance'> = (o = {}) => ({
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
export const attest: BuildFor<'AttestPayment'> = (paymentId, o = {}) => ({
  type: 'AttestPayment',
  grantId: GRANT,
  paymentId,
  attestedOn: paymentId.startsWith('adv') ? '2023-01-06' : '2023-07-26',
  meta: actor('attester@test'),
  ...o,
});

export const reportCosts: Build<'ReportCosts'> = (o = {}) => ({
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

export const review: Build<'ReviewCosts'> = (o = {}) => ({
  type: 'ReviewCosts',
  grantId: GRANT,
  claimId: 'claim-1',
  reviewedOn: '2023-07-20',
  approvedAmount: '45000',
  disallowed: [{ amount: '5000', reason: 'Ej stödberättigande' }],
  meta: actor('reviewer@test'),
  ...o,
});

export const payClaim: Build<'PayClaim'> = (o = {}) => ({
  type: 'PayClaim',
  grantId: GRANT,
  paymentId: 'pay-1',
  claimId: 'claim-1',
  amount: '7000',
  orderedOn: '2023-07-25',
  meta: actor('orderer@test'),
  ...o,
});

export const cancel: BuildFor<'CancelPayment'> = (paymentId, o = {}) => ({
  type: 'CancelPayment',
  grantId: GRANT,
  paymentId,
  reason: 'Fel belopp',
  meta: actor('orderer@test'),
  ...o,
});

export const reportIndicator: Build<'ReportIndicator'> = (o = {}) => ({
  type: 'ReportIndicator',
  grantId: GRANT,
  indicatorId: 'reports',
  kind: 'sub-report',
  title: 'Delrapport 1',
  deliveredOn: '2023-05-01',
  meta: actor('officer@test'),
  ...o,
});

export const submitFinalReport: Build<'SubmitFinalReport'> = (o = {}) => ({
  type: 'SubmitFinalReport',
  grantId: GRANT,
  submittedOn: '2024-01-15',
  meta: actor('officer@test'),
  ...o,
});

export const claimRecovery: Build<'ClaimRecovery'> = (o = {}) => ({
  type: 'ClaimRecovery',
  grantId: GRANT,
  recoveryId: 'rec-1',
  amount: '1000',
  decidedOn: '2024-02-01',
  reason: 'Ej stödberättigande kostnader',
  meta: actor('finance@test'),
  ...o,
});

export const repay: Build<'RegisterRepayment'> = (o = {}) => ({
  type: 'RegisterRepayment',
  grantId: GRANT,
  recoveryId: 'rec-1',
  amount: '1000',
  receivedOn: '2024-02-20',
  meta: actor('finance@test'),
  ...o,
});

export const reduceRecovery: Build<'ReduceRecovery'> = (o = {}) => ({
  type: 'ReduceRecovery',
  grantId: GRANT,
  recoveryId: 'rec-1',
  amount: '500',
  decidedOn: '2024-02-10',
  reason: 'Senare godkända kostnader täcker en del',
  meta: actor('officer@test'),
  ...o,
});

export const withdrawRecovery: Build<'WithdrawRecovery'> = (o = {}) => ({
  type: 'WithdrawRecovery',
  grantId: GRANT,
  recoveryId: 'rec-1',
  decidedOn: '2024-02-10',
  reason: 'Beslutat av misstag',
  meta: actor('officer@test'),
  ...o,
});

export const revokeGrant: Build<'RevokeGrant'> = (o = {}) => ({
  type: 'RevokeGrant',
  grantId: GRANT,
  decidedOn: '2024-01-15',
  decidedBy: 'Jonas Andersson',
  ground: 'final-report-missing',
  reason: 'Slutrapporten har inte kommit in',
  meta: actor('officer@test'),
  ...o,
});

export const closeGrant: Build<'CloseGrant'> = (o = {}) => ({
  type: 'CloseGrant',
  grantId: GRANT,
  closedOn: '2024-03-01',
  meta: actor('officer@test'),
  ...o,
});

export const amend = (
  changes: CommandInput<'AmendDecision'>['changes'],
  o: Partial<CommandInput<'AmendDecision'>> = {},
): CommandInput<'AmendDecision'> => ({
  type: 'AmendDecision',
  grantId: GRANT,
  decidedOn: '2023-03-01',
  decidedBy: 'Ordföranden',
  changes,
  meta: actor('chair@test'),
  ...o,
});

export const withdraw: Build<'WithdrawApplication'> = (o = {}) => ({
  type: 'WithdrawApplication',
  grantId: GRANT,
  withdrawnOn: '2023-01-02',
  reason: 'Projektet genomförs inte',
  meta: actor('applicant@test'),
  ...o,
});

export const changePayoutAccount = (
  account: CommandInput<'ChangePayoutAccount'>['account'],
  o: Partial<CommandInput<'ChangePayoutAccount'>> = {},
): CommandInput<'ChangePayoutAccount'> => ({
  type: 'ChangePayoutAccount',
  grantId: GRANT,
  account,
  changedOn: '2023-01-05',
  meta: actor('ekonom@test'),
  ...o,
});

export const confirmPayoutAccount: Build<'ConfirmPayoutAccount'> = (o = {}) => ({
  type: 'ConfirmPayoutAccount',
  grantId: GRANT,
  account: { plusgiro: '4123451' },
  confirmedOn: '2023-01-06',
  meta: actor('attester@test'),
  ...o,
});

export const exportPayment: BuildFor<'ExportPayment'> = (paymentId, o = {}) => ({
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
