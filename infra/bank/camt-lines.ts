// What a camt file's entries become: the statement lines and problems the camt reader
// gives, shared by its parts.

export interface StatementEntry {
  /** Where in the file: an element path, 1-based like XPath. */
  at: string;
  bookedOn: string;
  amount: string;
  currency: string;
  direction: 'debit' | 'credit';
  status: string;
  /** The bank marks a booking it takes back as a reversal (`RvslInd`). */
  reversal: boolean;
  /** A returned payment (`RtrInf`, or a return code such as RRTN): why it came back. */
  returned?: { reason: string };
  endToEndId?: string;
  /** A structured creditor reference (OCR) of an incoming payment. */
  creditorReference?: string;
  /** The bank's own reference of the booking (`AcctSvcrRef`). */
  bankReference?: string;
  /**
   * A batch the bank booked as one sum: the `PmtInfId` of the payment file's batch and the
   * EndToEndIds the bank listed (maybe none). Matched as a whole.
   */
  batch?: { paymentInfoId?: string; endToEndIds: string[] };
  /** What the bank says of the entry (bank transaction code, free text), for people. */
  description: string;
}

export interface StatementProblem {
  at: string;
  message: string;
}

/** What an entry says of itself, before any of it is checked. */
export interface EntryFields {
  amount: string | undefined;
  currency: string | undefined;
  indicator: string | undefined;
  status: string | undefined;
  reversalText: string | undefined;
  booked: string | undefined;
}

/**
 * An amount as banks write it: digits, and decimals of which only the first two may be
 * other than zero (`100.500` is 100.50; `100.505` is refused: öre are the smallest unit).
 */
export const BANK_AMOUNT = /^\d+(\.\d{1,2}0*)?$/;
