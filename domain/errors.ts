// Rejections are values, not thrown strings: a rule violation is an expected outcome of
// deciding, and carries one of the codes of domain.md. Thrown errors mean bugs or faults.

export const REJECTION_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_GRANT',
  'ALREADY_EXISTS',
  'INVALID_STATE',
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
  'DATE_ORDER',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly kind: 'rejection';
  readonly code: RejectionCode;
  readonly message: string;
  /** The failing field as a dotted path ("terms.cap", "costs.0.amount"), or "" for the whole command. */
  readonly path: string;
}

export function reject(code: RejectionCode, message: string, path = ''): Rejection {
  return { kind: 'rejection', code, message, path };
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'rejection';
}
