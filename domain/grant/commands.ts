// Every command of domain.md as a strict zod schema. Parsing turns amounts into Decimal
// and checks dates; anything extra, missing or malformed fails with its path.
import { z } from 'zod';
import { debtorInput } from '../bank/debtor.js';
import {
  dateInput,
  freeText,
  identifier,
  RESERVED_KEYS,
  keyIdentifier,
  lineText,
  moneyInput,
  nameText,
  positiveMoneyInput,
  proseText,
  rateInput,
} from '../schema.js';
import { normalActor } from '../actor.js';
import { fileIdInput, payoutAccountInput } from '../bank/payout-account.js';

export const commandMeta = z
  .strictObject({
    actor: z
      .string({ error: 'must be a text' })
      .max(300)
      .transform((name, ctx) => {
        const normal = normalActor(name);
        if (normal === undefined) {
          ctx.addIssue({
            code: 'custom',
            message:
              "must name a person: letters, digits, spaces and . _ - @ + ' of one script " +
              '(it is empty, holds symbols or stray accents, or mixes scripts)',
          });
          return z.NEVER;
        }
        return normal;
      })
      .optional(),
    commandId: identifier.optional(),
    correlationId: identifier.optional(),
    causationId: identifier.optional(),
  })
  .meta({
    description:
      'who acts and the idempotency key; over HTTP the actor always comes from the token',
  });

const base = { grantId: identifier, meta: commandMeta.optional() };

const period = z
  .strictObject({ start: dateInput, end: dateInput })
  .refine((p) => p.start <= p.end, { message: 'start must not be after end', path: ['end'] });

export const ApplyForCoFinancing = z.strictObject({
  type: z.literal('ApplyForCoFinancing'),
  ...base,
  applicant: z.strictObject({
    name: nameText,
    orgNumber: nameText.optional(),
    payoutAccount: payoutAccountInput.optional(),
  }),
  title: nameText,
  description: proseText
    .optional()
    .meta({ description: 'the case description (ärendebeskrivning)' }),
  requestedAmount: moneyInput,
  requestedAdvance: moneyInput.optional(),
  projectPeriod: period,
  otherFinancing: z
    .array(z.strictObject({ financier: nameText, amount: moneyInput.optional() }))
    .max(100)
    .optional(),
  submittedOn: dateInput,
});

/** When the advance is set off against the entitlement (domain.md "Advance offsetting"). */
export const ADVANCE_OFFSETTING = ['immediate', 'final-claim', 'proportional'] as const;
export type AdvanceOffsetting = (typeof ADVANCE_OFFSETTING)[number];

/**
 * A raw `"__proto__"` key (JSON.parse makes it an own key) would be dropped silently by an
 * object copy; it is refused by name, wherever the JSON came from.
 */
function refuseReservedKeys(value: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key))
      ctx.addIssue({ code: 'custom', message: 'is a reserved name', path: [key], input: value });
  }
  return value;
}

const uniqueIds = <T extends { id: string }>(items: T[]) =>
  new Set(items.map((i) => i.id)).size === items.length;

export const decisionTerms = z.strictObject({
  rate: rateInput,
  cap: moneyInput,
  advance: moneyInput,
  appropriation: lineText,
  legalBasis: lineText,
  generalConditions: lineText.optional(),
  delegation: lineText.optional(),
  conditions: z
    .array(z.strictObject({ id: identifier, text: freeText }))
    .max(200)
    .refine(uniqueIds, { message: 'condition ids must be unique' }),
  indicators: z
    .array(
      z.strictObject({
        id: identifier,
        name: nameText,
        targets: z.preprocess(
          refuseReservedKeys,
          z
            .record(
              keyIdentifier,
              z.number().int('must be a whole number').min(0, 'must not be negative'),
            )
            .refine((t) => Object.keys(t).length > 0, {
              message: 'an indicator needs at least one target kind',
            }),
        ),
      }),
    )
    .max(200)
    .refine(uniqueIds, { message: 'indicator ids must be unique' }),
  finalReportDue: dateInput,
  advanceOffsetting: z
    .enum(ADVANCE_OFFSETTING, { error: `must be one of ${ADVANCE_OFFSETTING.join(', ')}` })
    .optional()
    .meta({
      description:
        'when the advance is set off against the entitlement (avräkningsplan); default immediate',
    }),
});

/** What a decision says besides its outcome and terms: what the letter and report print. */
const decisionDocument = {
  motivation: proseText
    .optional()
    .meta({ description: 'the decision motivation (beslutsmotivering)' }),
  basis: z
    .array(lineText)
    .max(100)
    .optional()
    .meta({ description: 'the documents the decision rests on (beslutsunderlag)' }),
  reportTo: nameText
    .optional()
    .meta({ description: 'who the decision is reported to (anmälan), e.g. the committee' }),
};

export const GrantDecision = z.discriminatedUnion('outcome', [
  z.strictObject({
    type: z.literal('GrantDecision'),
    ...base,
    decidedOn: dateInput,
    decidedBy: nameText,
    outcome: z.literal('approved'),
    reason: freeText.optional(),
    ...decisionDocument,
    terms: decisionTerms,
  }),
  z.strictObject({
    type: z.literal('GrantDecision'),
    ...base,
    decidedOn: dateInput,
    decidedBy: nameText,
    outcome: z.literal('rejected'),
    reason: freeText.optional(),
    ...decisionDocument,
  }),
]);

export const AmendDecision = z.strictObject({
  type: z.literal('AmendDecision'),
  ...base,
  decidedOn: dateInput,
  decidedBy: nameText,
  changes: z
    .strictObject({
      cap: moneyInput.optional(),
      rate: rateInput.optional(),
      projectEnd: dateInput.optional(),
      finalReportDue: dateInput.optional(),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), {
      message: 'an amendment must change something',
    }),
});

export const FulfilCondition = z.strictObject({
  type: z.literal('FulfilCondition'),
  ...base,
  conditionId: identifier,
  fulfilledOn: dateInput,
  evidence: freeText,
});

export const PayAdvance = z.strictObject({
  type: z.literal('PayAdvance'),
  ...base,
  paymentId: identifier,
  amount: positiveMoneyInput,
  orderedOn: dateInput,
});

export const ReportCosts = z.strictObject({
  type: z.literal('ReportCosts'),
  ...base,
  claimId: identifier,
  period: z
    .strictObject({ from: dateInput, to: dateInput })
    .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] }),
  costs: z
    .array(z.strictObject({ category: nameText, amount: moneyInput }))
    .min(1, 'at least one cost')
    .max(1000),
  submittedOn: dateInput,
  final: z.boolean().optional(),
});

export const ReviewCosts = z.strictObject({
  type: z.literal('ReviewCosts'),
  ...base,
  claimId: identifier,
  reviewedOn: dateInput,
  approvedAmount: moneyInput,
  disallowed: z
    .array(z.strictObject({ amount: moneyInput, reason: freeText }))
    .max(1000)
    .optional(),
});

export const PayClaim = z.strictObject({
  type: z.literal('PayClaim'),
  ...base,
  paymentId: identifier,
  claimId: identifier,
  amount: positiveMoneyInput,
  orderedOn: dateInput,
});

export const AttestPayment = z.strictObject({
  type: z.literal('AttestPayment'),
  ...base,
  paymentId: identifier,
  attestedOn: dateInput,
});

export const CancelPayment = z.strictObject({
  type: z.literal('CancelPayment'),
  ...base,
  paymentId: identifier,
  reason: freeText,
  // Not in domain.md's table: optional, so that the business date of a cancellation can
  // be stated; without it the date is the day the ledger recorded the command.
  cancelledOn: dateInput.optional(),
});

export const ReportIndicator = z.strictObject({
  type: z.literal('ReportIndicator'),
  ...base,
  indicatorId: identifier,
  // Any id: a kind the decision does not name (constructor included) is UNKNOWN_INDICATOR.
  kind: identifier,
  title: nameText,
  deliveredOn: dateInput,
});

export const SubmitFinalReport = z.strictObject({
  type: z.literal('SubmitFinalReport'),
  ...base,
  submittedOn: dateInput,
});

export const ClaimRecovery = z
  .strictObject({
    type: z.literal('ClaimRecovery'),
    ...base,
    recoveryId: identifier,
    amount: positiveMoneyInput,
    decidedOn: dateInput,
    reason: freeText,
    /** The last day of interest by räntelagen § 5; § 6 after it. Required with `interest`. */
    dueOn: dateInput.optional(),
    /**
     * Interest by law from `from` (usually the day the money was paid out; on or before
     * decidedOn, and not before the first attested payment: DATE_ORDER otherwise).
     */
    interest: z.strictObject({ from: dateInput }).optional(),
  })
  .refine((c) => c.interest === undefined || c.dueOn !== undefined, {
    message: 'is required with interest',
    path: ['dueOn'],
  });

/** A recovery decided too high is lowered (domain.md "Recoveries"); `waive`: eftergift. */
export const ReduceRecovery = z.strictObject({
  type: z.literal('ReduceRecovery'),
  ...base,
  recoveryId: identifier,
  amount: moneyInput.meta({ description: 'the new principal, below the decided one' }),
  decidedOn: dateInput,
  reason: freeText,
  waive: z
    .literal(true, { error: 'must be true, or left out' })
    .optional()
    .meta({ description: 'eftergift: the reduced part is written off' }),
});

/** A recovery decided in error is withdrawn while nothing of it is repaid. */
export const WithdrawRecovery = z.strictObject({
  type: z.literal('WithdrawRecovery'),
  ...base,
  recoveryId: identifier,
  decidedOn: dateInput,
  reason: freeText,
});

export const RegisterRepayment = z.strictObject({
  type: z.literal('RegisterRepayment'),
  ...base,
  recoveryId: identifier,
  amount: positiveMoneyInput,
  receivedOn: dateInput,
  bankReference: lineText.optional().meta({ description: "the bank's reference of the credit" }),
  notDuplicate: z
    .literal(true, { error: 'must be true, or left out' })
    .optional()
    .meta({ description: 'a second receipt of the same amount on the same day, on purpose' }),
});

/** The grounds a grant is revoked on (återkallelse), in the regulation's and conditions' words. */
export const REVOCATION_GROUNDS = [
  'incorrect-information',
  'not-used-as-intended',
  'conditions-not-met',
  'final-report-missing',
  'other',
] as const;

export const RevokeGrant = z.strictObject({
  type: z.literal('RevokeGrant'),
  ...base,
  decidedOn: dateInput,
  decidedBy: nameText,
  ground: z.enum(REVOCATION_GROUNDS, { error: `must be one of ${REVOCATION_GROUNDS.join(', ')}` }),
  reason: freeText,
  entitlementLimit: moneyInput.optional().meta({
    description: 'the most the grant is entitled to from now; default what is paid and ordered',
  }),
});

export const CloseGrant = z.strictObject({
  type: z.literal('CloseGrant'),
  ...base,
  closedOn: dateInput,
});

export const WithdrawApplication = z.strictObject({
  type: z.literal('WithdrawApplication'),
  ...base,
  withdrawnOn: dateInput,
  reason: freeText,
});

/** Recorded by bank reconciliation (interfaces.md), not typed by people. */
export const SettlePayment = z.strictObject({
  type: z.literal('SettlePayment'),
  ...base,
  paymentId: identifier,
  bankReference: lineText,
  bookedOn: dateInput,
  amount: moneyInput,
});

/**
 * Recorded by bank reconciliation (interfaces.md "returns"): the bank sent an attested
 * payment back (closed account, wrong payee), so it is no longer paid.
 */
export const ReturnPayment = z.strictObject({
  type: z.literal('ReturnPayment'),
  ...base,
  paymentId: identifier,
  returnedOn: dateInput,
  reason: lineText,
  bankReference: lineText.optional(),
});

/** A new payout account for the payee; it takes effect when another person confirms it. */
export const ChangePayoutAccount = z.strictObject({
  type: z.literal('ChangePayoutAccount'),
  ...base,
  account: payoutAccountInput,
  changedOn: dateInput,
});

/** The second person's check of a changed payout account (FOUR_EYES). */
export const ConfirmPayoutAccount = z.strictObject({
  type: z.literal('ConfirmPayoutAccount'),
  ...base,
  account: payoutAccountInput.meta({
    description: 'the account the confirming person was shown (ACCOUNT_MISMATCH if it changed)',
  }),
  confirmedOn: dateInput,
});

/** Recorded by `payments-file` (interfaces.md "Bank files"), not typed by people. */
export const ExportPayment = z.strictObject({
  type: z.literal('ExportPayment'),
  ...base,
  paymentId: identifier,
  fileId: fileIdInput,
  executionDate: dateInput,
  createdAt: z.iso.datetime({
    offset: false,
    message: 'must be a UTC timestamp such as 2023-06-01T10:00:00Z',
  }),
  debtor: debtorInput,
});

export const COMMAND_SCHEMAS = {
  ApplyForCoFinancing,
  GrantDecision,
  AmendDecision,
  FulfilCondition,
  PayAdvance,
  ReportCosts,
  ReviewCosts,
  PayClaim,
  AttestPayment,
  CancelPayment,
  ReportIndicator,
  SubmitFinalReport,
  ClaimRecovery,
  ReduceRecovery,
  WithdrawRecovery,
  RegisterRepayment,
  RevokeGrant,
  CloseGrant,
  WithdrawApplication,
  SettlePayment,
  ReturnPayment,
  ChangePayoutAccount,
  ConfirmPayoutAccount,
  ExportPayment,
} as const;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];

export type GrantCommand = {
  [K in CommandType]: z.output<(typeof COMMAND_SCHEMAS)[K]>;
}[CommandType];
export type CommandOf<T extends CommandType> = Extract<GrantCommand, { type: T }>;
export type CommandMeta = z.output<typeof commandMeta>;
