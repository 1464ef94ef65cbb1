// Rejections are values, not thrown strings: a rule violation is an expected outcome of
// deciding, and carries one of the codes of domain.md. Thrown errors mean bugs or faults.

// In the order domain.md reports them when a command breaks several rules: the first
// seven (input, idempotency, grant, lifecycle, existence, future date, date order), then
// the rule codes in the order of domain.md's table.
export const REJECTION_CODES = [
  'INVALID_INPUT',
  'IDEMPOTENCY_CONFLICT',
  'UNKNOWN_GRANT',
  'INVALID_STATE',
  'ALREADY_EXISTS',
  'FUTURE_DATE',
  'DATE_ORDER',
  'CAP_EXCEEDS_REQUEST',
  'ADVANCE_LIMIT',
  'PERIOD_OUTSIDE_PROJECT',
  'REVIEW_MISMATCH',
  'CONDITIONS_UNFULFILLED',
  'EXCEEDS_PAYABLE',
  'FOUR_EYES',
  'NOT_SETTLED',
  'CAP_BELOW_PAID',
  'UNKNOWN_INDICATOR',
  'SETTLEMENT_MISMATCH',
  'POSSIBLE_DUPLICATE',
  'ACCOUNT_MISMATCH',
  'NOT_OVERPAID',
  'EXECUTION_DATE',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly kind: 'rejection';
  readonly code: RejectionCode;
  readonly message: string;
  /**
   * The failing field as a dotted path ("terms.cap", "costs.0.amount"), or "" for the whole
   * command.
   */
  readonly path: string;
}

export function reject(code: RejectionCode, message: string, path = ''): Rejection {
  return { kind: 'rejection', code, message, path };
}

export function isRejection(value: unknown): value is Rejection {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'rejection'
  );
}
