// The pay-run page's data as GET /pay-run answers it: shared by the server (pay-run.ts)
// and the desk, so both read the same shape. Amounts are 2-decimal strings.

export interface PayRunPayment {
  grantId: string;
  paymentId: string;
  kind: 'advance' | 'claim';
  claimId: string | null;
  amount: string;
  payee: string;
  orgNumber: string | null;
  account: string | null;
  orderedBy: string;
  attestedOn: string | null;
  attestedBy: string | null;
  /** Why it cannot go into a file now (an unconfirmed account change, no account). */
  held: string | null;
}

export interface IssuedFilePayment {
  grantId: string;
  paymentId: string;
  amount: string;
  payee: string;
  settled: boolean;
}

export interface IssuedFile {
  fileId: string;
  exportedOn: string;
  executionDate: string;
  total: string;
  payments: IssuedFilePayment[];
  /** `sent` until the bank's statement has booked every payment; then `settled`. */
  status: 'sent' | 'partlySettled' | 'settled';
}

export interface PayRun {
  today: string;
  executionDate: string;
  debtor: { name: string; bankgiro: string } | null;
  waiting: PayRunPayment[];
  files: IssuedFile[];
}
