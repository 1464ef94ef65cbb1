// Deciding every line of a statement before anything is recorded (interfaces.md "In:
// camt.053 / camt.054"): a booked debit settles the attested payment its EndToEndId names
// (or, for a batch the bank booked as one sum, every payment of the file's batch when the
// sum agrees); a return or reversal records the payment as returned — also when its debit
// is in the same statement, which then settles nothing; a credit with a recovery's OCR
// reference is a repayment, unless the same repayment is already registered. Everything
// else is reported with the reason.
import { endToEndIdOf } from '../../domain/bank/references.js';
import { Decimal, formatMoney } from '../../domain/money.js';
import type { JournalEntry } from '../../projections/journal.js';
import { registeredBefore, type LedgerFacts, type RecoveryRef } from './reconcile-facts.js';

/** One booked line of a statement, whatever the format. */
export interface StatementLine {
  /** Where it is: a CSV line number … */
  line?: number;
  /** … or an element path in a camt file. */
  at: string;
  bookedOn: string;
  amount: string;
  currency: string;
  direction: 'debit' | 'credit';
  /** What identifies it: the EndToEndId, OCR reference or CSV reference. */
  reference: string;
  endToEndId?: string;
  creditorReference?: string;
  bankReference?: string;
  reversal: boolean;
  /** The bank returned the payment (RtrInf, RRTN): why. */
  returned?: { reason: string };
  /** A batch booked as one sum (see camt.ts). */
  batch?: { paymentInfoId?: string; endToEndIds: string[] };
}

export type Format = 'csv' | 'camt.053' | 'camt.054';

/** What one statement line is, decided before anything is recorded. */
export type Verdict =
  | { kind: 'unknown'; reason: string }
  | { kind: 'repay' | 'alreadyRegistered'; recovery: RecoveryRef }
  | { kind: 'mismatch' | 'settled' | 'settle' | 'return' | 'alreadyReturned'; entry: JournalEntry }
  | { kind: 'returnedHere'; entry: JournalEntry }
  | { kind: 'settleBatch'; entries: JournalEntry[] };

export interface Matching {
  format: Format;
  journal: JournalEntry[];
  byReference: Map<string, JournalEntry[]>;
  facts: LedgerFacts;
  /** EndToEndIds the bank returned in this statement: their debits settle nothing. */
  returnedHere: Set<string>;
  /** The payments (grantId + "\n" + paymentId) met so far in the statement. */
  seen: Set<string>;
}

export const paymentKey = (e: { grantId: string; paymentId: string }) =>
  `${e.grantId}\n${e.paymentId}`;

/** The journal by the references a statement can carry: EndToEndId, and in CSV the paymentId. */
export function journalByReference(
  journal: JournalEntry[],
  format: Format,
): Map<string, JournalEntry[]> {
  const byReference = new Map<string, JournalEntry[]>();
  const index = (key: string, entry: JournalEntry) =>
    byReference.set(key, [...(byReference.get(key) ?? []), entry]);
  for (const entry of journal) {
    index(endToEndIdOf(entry.grantId, entry.paymentId), entry);
    if (format === 'csv') index(entry.paymentId, entry);
  }
  return byReference;
}

const unknown = (reason: string): Verdict => ({ kind: 'unknown', reason });

export function verdictOf(line: StatementLine, m: Matching): Verdict {
  if (line.returned || line.reversal) return verdictOfReturn(line, m);
  if (line.direction === 'credit') {
    const recovery = m.facts.recoveries.get(line.creditorReference ?? line.reference);
    if (recovery) {
      const before = registeredBefore(m.facts, recovery, line);
      return { kind: before ? 'alreadyRegistered' : 'repay', recovery };
    }
    if (m.format !== 'csv') {
      return unknown(
        line.creditorReference
          ? `incoming, reference ${line.creditorReference} is no recovery's OCR reference`
          : "incoming, without a recovery's OCR reference",
      );
    }
  }
  if (line.batch) return verdictOfBatch(line, line.batch, m);
  const key = line.endToEndId ?? (m.format === 'csv' ? line.reference : undefined);
  if (key === undefined) {
    return unknown('no EndToEndId: a bank fee or a payment made outside the ledger');
  }
  const found = attestedPaymentOf(key, m.byReference);
  if ('reason' in found) return unknown(found.reason);
  return verdictOfPayment(line, key, found.entry, m);
}

/** A payment the bank sent back: the payment it names, to be recorded as returned. */
function verdictOfReturn(line: StatementLine, m: Matching): Verdict {
  const what = line.reversal && !line.returned ? 'a reversal' : 'a return';
  if (line.endToEndId === undefined) {
    return unknown(`${what} without the payment's EndToEndId; it needs a person`);
  }
  const candidates = m.byReference.get(line.endToEndId) ?? [];
  const entry = candidates.find((e) => e.status === 'attested' || e.status === 'returned');
  if (!entry) return unknown(`${what} of ${line.endToEndId}, which no attested payment has`);
  if (line.currency !== 'SEK' || line.amount !== entry.amount) {
    const says = `${line.amount} ${line.currency}`;
    return unknown(`${what} of ${says}, but payment ${entry.paymentId} is ${entry.amount} SEK`);
  }
  m.seen.add(paymentKey(entry));
  return { kind: entry.status === 'returned' ? 'alreadyReturned' : 'return', entry };
}

/** The payments of a batch booked as one sum: by the file's PmtInfId, or the EndToEndIds. */
function verdictOfBatch(
  line: StatementLine,
  batch: { paymentInfoId?: string; endToEndIds: string[] },
  m: Matching,
): Verdict {
  const keys = new Set(
    batch.paymentInfoId !== undefined
      ? (m.facts.batches.get(batch.paymentInfoId) ?? []).map(paymentKey)
      : batch.endToEndIds.flatMap((id) => (m.byReference.get(id) ?? []).map(paymentKey)),
  );
  const name = batch.paymentInfoId ? `batch ${batch.paymentInfoId}` : 'a batch';
  if (keys.size === 0) return unknown(`${name}: no payment file of the ledger has it`);
  const entries = m.journal.filter((e) => keys.has(paymentKey(e)) && e.status === 'attested');
  const open = entries.filter(
    (e) => !e.settled && !m.returnedHere.has(endToEndIdOf(e.grantId, e.paymentId)),
  );
  const sum = open.reduce((s, e) => s.plus(e.amount), new Decimal(0));
  if (open.length === 0) return unknown(`${name}: none of its payments is waiting for the bank`);
  if (line.currency !== 'SEK' || !sum.equals(line.amount)) {
    const ids = open.map((e) => e.paymentId).join(', ');
    return unknown(
      `${name}: the bank booked ${line.amount} ${line.currency}, its unsettled payments (${ids}) make ${formatMoney(sum)} SEK; nothing settled`,
    );
  }
  for (const e of open) m.seen.add(paymentKey(e));
  return { kind: 'settleBatch', entries: open };
}

/** The one attested payment a reference names, or why there is none. */
function attestedPaymentOf(
  key: string,
  byReference: Map<string, JournalEntry[]>,
): { entry: JournalEntry } | { reason: string } {
  const candidates = byReference.get(key) ?? [];
  const attested = candidates.filter((e) => e.status === 'attested' || e.status === 'returned');
  if (attested.length === 0) {
    const reason =
      candidates.length === 0
        ? 'no payment has this reference'
        : `payment ${candidates[0]!.paymentId} is ${candidates[0]!.status}, not attested`;
    return { reason };
  }
  if (attested.length > 1) {
    const grants = attested.map((e) => e.grantId).join(', ');
    const reason = `payment id ${key} is used by several grants (${grants}); use the EndToEndId`;
    return { reason };
  }
  return { entry: attested[0]! };
}

/** A line that names one attested payment: settle it, or say why not. Notes the payment as seen. */
function verdictOfPayment(
  line: StatementLine,
  key: string,
  entry: JournalEntry,
  m: Matching,
): Verdict {
  const payment = `payment ${entry.paymentId}`;
  const id = paymentKey(entry);
  if (m.returnedHere.has(endToEndIdOf(entry.grantId, entry.paymentId)) || m.returnedHere.has(key)) {
    m.seen.add(id);
    return { kind: 'returnedHere', entry };
  }
  if (m.seen.has(id)) return unknown(`${payment} already appears earlier in this statement`);
  m.seen.add(id);
  if (entry.status === 'returned') return unknown(`${payment} was returned by the bank earlier`);
  if (line.currency !== 'SEK') return unknown(`booked in ${line.currency}; ${payment} is in SEK`);
  if (entry.amount !== line.amount) return { kind: 'mismatch', entry };
  return { kind: entry.settled ? 'settled' : 'settle', entry };
}
