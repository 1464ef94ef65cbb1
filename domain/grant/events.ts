// Every event as a versioned zod schema. Event data is plain JSON: amounts are canonical
// 2-decimal strings, dates "YYYY-MM-DD". What is stored is exactly what is hashed.
import { z } from 'zod';
import { storedDebtor } from '../bank/debtor.js';
import { storedDate, storedMoney, storedRate } from '../schema.js';
import { storedPayoutAccount } from '../bank/payout-account.js';
import { needsUpcast, upcast, upcastParsed } from './upcast.js';

const s = z.string();

/** A decision's prose and addressees, as the letter and the delegation report print them. */
const decisionDocument = {
  motivation: s.optional(),
  basis: z.array(s).optional(),
  reportTo: s.optional(),
};

const data = {
  CoFinancingApplied: z.strictObject({
    applicant: z.strictObject({
      name: s,
      orgNumber: s.optional(),
      payoutAccount: storedPayoutAccount.optional(),
    }),
    title: s,
    description: s.optional(),
    requestedAmount: storedMoney,
    requestedAdvance: storedMoney.optional(),
    projectPeriod: z.strictObject({ start: storedDate, end: storedDate }),
    otherFinancing: z.array(z.strictObject({ financier: s, amount: storedMoney.optional() })),
    submittedOn: storedDate,
  }),
  GrantApproved: z.strictObject({
    decidedOn: storedDate,
    decidedBy: s,
    reason: s.optional(),
    ...decisionDocument,
    terms: z.strictObject({
      rate: storedRate,
      cap: storedMoney,
      advance: storedMoney,
      appropriation: s,
      legalBasis: s,
      generalConditions: s.optional(),
      delegation: s.optional(),
      conditions: z.array(z.strictObject({ id: s, text: s })),
      indicators: z.array(
        z.strictObject({ id: s, name: s, targets: z.record(s, z.number().int().min(0)) }),
      ),
      finalReportDue: storedDate,
      /** Absent in decisions stored before advance offsetting plans: `immediate`. */
      advanceOffsetting: z.enum(['immediate', 'final-claim', 'proportional']).optional(),
    }),
  }),
  GrantRejected: z.strictObject({
    decidedOn: storedDate,
    decidedBy: s,
    reason: s.optional(),
    ...decisionDocument,
  }),
  DecisionAmended: z.strictObject({
    decidedOn: storedDate,
    decidedBy: s,
    changes: z.strictObject({
      cap: storedMoney.optional(),
      rate: storedRate.optional(),
      projectEnd: storedDate.optional(),
      finalReportDue: storedDate.optional(),
    }),
  }),
  ConditionFulfilled: z.strictObject({ conditionId: s, fulfilledOn: storedDate, evidence: s }),
  PaymentOrdered: z.strictObject({
    paymentId: s,
    kind: z.enum(['advance', 'claim']),
    claimId: s.optional(),
    amount: storedMoney,
    orderedOn: storedDate,
    orderedBy: s,
  }),
  CostsReported: z.strictObject({
    claimId: s,
    period: z.strictObject({ from: storedDate, to: storedDate }),
    costs: z.array(z.strictObject({ category: s, amount: storedMoney })),
    total: storedMoney,
    submittedOn: storedDate,
    final: z.boolean(),
  }),
  CostsReviewed: z.strictObject({
    claimId: s,
    reviewedOn: storedDate,
    approvedAmount: storedMoney,
    disallowed: z.array(z.strictObject({ amount: storedMoney, reason: s })),
    reviewedBy: s,
  }),
  PaymentAttested: z.strictObject({ paymentId: s, attestedOn: storedDate, attestedBy: s }),
  PaymentCancelled: z.strictObject({
    paymentId: s,
    reason: s,
    cancelledOn: storedDate,
    cancelledBy: s,
  }),
  IndicatorProgressReported: z.strictObject({
    indicatorId: s,
    kind: s,
    title: s,
    deliveredOn: storedDate,
  }),
  FinalReportSubmitted: z.strictObject({ submittedOn: storedDate }),
  RecoveryClaimed: z.strictObject({
    recoveryId: s,
    amount: storedMoney,
    decidedOn: storedDate,
    reason: s,
    dueOn: storedDate.optional(),
    interest: z.strictObject({ from: storedDate }).optional(),
    /**
     * Only from a version 1 event: the annual rate its command stated. It accrued nothing
     * then, nor now.
     */
    statedInterest: z.strictObject({ annualRate: storedRate, from: storedDate }).optional(),
  }),
  /**
   * Version 3: the receipt as it came. Its split into interest and principal is derived in
   * receivedOn order (recovery-account.ts), never stored; a version 2 event's split, as it
   * was seen when registered, is kept as `registeredSplit` for the record and not used.
   */
  RepaymentReceived: z.strictObject({
    recoveryId: s,
    amount: storedMoney,
    receivedOn: storedDate,
    bankReference: s.optional(),
    registeredSplit: z
      .strictObject({ interestPaid: storedMoney, principalPaid: storedMoney })
      .optional(),
  }),
  RecoveryReduced: z.strictObject({
    recoveryId: s,
    /** The new principal. */
    amount: storedMoney,
    decidedOn: storedDate,
    decidedBy: s,
    reason: s,
    /** The part written off (eftergift); absent when the reduction writes nothing off. */
    waived: storedMoney.optional(),
  }),
  RecoveryWithdrawn: z.strictObject({
    recoveryId: s,
    decidedOn: storedDate,
    decidedBy: s,
    reason: s,
  }),
  GrantRevoked: z.strictObject({
    decidedOn: storedDate,
    decidedBy: s,
    ground: z.enum([
      'incorrect-information',
      'not-used-as-intended',
      'conditions-not-met',
      'final-report-missing',
      'other',
    ]),
    reason: s,
    /** The most the grant is entitled to from decidedOn on. */
    entitlementLimit: storedMoney,
  }),
  GrantClosed: z.strictObject({ closedOn: storedDate }),
  ApplicationWithdrawn: z.strictObject({ withdrawnOn: storedDate, reason: s }),
  PaymentSettled: z.strictObject({
    paymentId: s,
    bankReference: s,
    bookedOn: storedDate,
    amount: storedMoney,
  }),
  PaymentReturned: z.strictObject({
    paymentId: s,
    returnedOn: storedDate,
    reason: s,
    bankReference: s.optional(),
  }),
  PayoutAccountChanged: z.strictObject({
    account: storedPayoutAccount,
    changedOn: storedDate,
    changedBy: s,
  }),
  PayoutAccountConfirmed: z.strictObject({
    account: storedPayoutAccount,
    confirmedOn: storedDate,
    confirmedBy: s,
  }),
  /**
   * Everything the bank file says of the payment, so that the same file id gives the same bytes.
   */
  PaymentExported: z.strictObject({
    paymentId: s,
    fileId: s,
    endToEndId: s,
    exportedOn: storedDate,
    createdAt: s,
    executionDate: storedDate,
    amount: storedMoney,
    debtor: storedDebtor,
    creditor: z.strictObject({ name: s, account: storedPayoutAccount }),
    remittance: s,
  }),
} as const;

export const EVENT_DATA_SCHEMAS = data;
export type EventType = keyof typeof data;
export const EVENT_TYPES = Object.keys(data) as EventType[];

/**
 * The current schema version of each event type; bump it with an upcaster (upcast.ts) when data
 * changes shape.
 */
export const EVENT_VERSIONS = {
  CoFinancingApplied: 1,
  GrantApproved: 1,
  GrantRejected: 1,
  DecisionAmended: 1,
  ConditionFulfilled: 1,
  PaymentOrdered: 1,
  CostsReported: 1,
  CostsReviewed: 1,
  PaymentAttested: 1,
  PaymentCancelled: 1,
  IndicatorProgressReported: 1,
  FinalReportSubmitted: 1,
  RecoveryClaimed: 2,
  RepaymentReceived: 3,
  RecoveryReduced: 1,
  RecoveryWithdrawn: 1,
  GrantRevoked: 1,
  GrantClosed: 1,
  ApplicationWithdrawn: 1,
  PaymentSettled: 1,
  PaymentReturned: 1,
  PayoutAccountChanged: 1,
  PayoutAccountConfirmed: 1,
  PaymentExported: 1,
} as const satisfies Record<EventType, number>;

export type GrantEvent = {
  [K in EventType]: {
    type: K;
    version: (typeof EVENT_VERSIONS)[K];
    data: z.output<(typeof data)[K]>;
  };
}[EventType];
export type EventOf<T extends EventType> = Extract<GrantEvent, { type: T }>;

export const grantEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((type) =>
    z.strictObject({
      type: z.literal(type),
      version: z.literal(EVENT_VERSIONS[type]),
      data: data[type],
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/**
 * Validates an event read back from a store (guards against foreign or corrupted rows); older
 * versions are upcast.
 */
export function parseGrantEvent(raw: { type: string; version: number; data: unknown }): GrantEvent {
  return grantEventSchema.parse(upcastParsed(raw)) as GrantEvent;
}

/**
 * Trusted read path: an event as stored by our own store was validated when it was
 * decided, so it is taken as it is (parseGrantEvent is for rows of unknown origin). The
 * same object, not a copy: evolve and businessDateOf read only type and data, and a copy
 * per event was an allocation per event of every rebuild, replay and command load.
 */
export function asGrantEvent(e: { type: string; version: number; data: unknown }): GrantEvent {
  // Only the two types with a version 2 are ever upcast; every other event is the
  // stored object itself.
  return needsUpcast(e) ? upcast(e) : (e as GrantEvent);
}

export function event<T extends EventType>(
  type: T,
  eventData: z.output<(typeof data)[T]>,
): EventOf<T> {
  return { type, version: EVENT_VERSIONS[type], data: eventData } as EventOf<T>;
}

/** The keys of an event type's data whose values are business dates. */
type DateKey<T extends EventType> = {
  [K in keyof z.output<(typeof data)[T]>]-?: z.output<(typeof data)[T]>[K] extends string
    ? K
    : never;
}[keyof z.output<(typeof data)[T]>];

/**
 * Which data field is each event type's business date (the date `asOf` time travel
 * compares). A table rather than code so that SQL views over the events table (the SQLite
 * audit trail) read the very same field.
 */
export const BUSINESS_DATE_FIELD: { readonly [T in EventType]: DateKey<T> } = {
  CoFinancingApplied: 'submittedOn',
  GrantApproved: 'decidedOn',
  GrantRejected: 'decidedOn',
  DecisionAmended: 'decidedOn',
  ConditionFulfilled: 'fulfilledOn',
  PaymentOrdered: 'orderedOn',
  CostsReported: 'submittedOn',
  CostsReviewed: 'reviewedOn',
  PaymentAttested: 'attestedOn',
  PaymentCancelled: 'cancelledOn',
  IndicatorProgressReported: 'deliveredOn',
  FinalReportSubmitted: 'submittedOn',
  RecoveryClaimed: 'decidedOn',
  RepaymentReceived: 'receivedOn',
  RecoveryReduced: 'decidedOn',
  RecoveryWithdrawn: 'decidedOn',
  GrantRevoked: 'decidedOn',
  GrantClosed: 'closedOn',
  ApplicationWithdrawn: 'withdrawnOn',
  PaymentSettled: 'bookedOn',
  PaymentReturned: 'returnedOn',
  PayoutAccountChanged: 'changedOn',
  PayoutAccountConfirmed: 'confirmedOn',
  PaymentExported: 'exportedOn',
};

/** The business date of an event, used by `asOf` time travel. */
export function businessDateOf(e: GrantEvent): string {
  // A type of some other writer has no entry (and maybe no data object): no business date.
  const field: string | undefined = BUSINESS_DATE_FIELD[e.type];
  return (field === undefined ? undefined : (e.data as Record<string, string> | null)?.[field])!;
}
