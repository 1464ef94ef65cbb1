// Bank reconciliation (interfaces.md): a bank statement — camt.053 or camt.054 XML, or CSV
// — against the ledger. Booked outgoing entries are matched to attested payments by their
// EndToEndId (or, in CSV, the paymentId), amount and currency, and recorded as
// PaymentSettled; incoming entries that carry a recovery's OCR reference are recorded as
// repayments (RegisterRepayment). Everything else is reported. The whole file is read and
// validated first: one malformed entry and nothing is recorded. Every command has a
// command id made from the entry itself, so importing a statement again records nothing.
import { createHash } from 'node:crypto';
import { endToEndIdOf, ocrReferenceOf } from '../domain/bank/references.js';
import { grantIdOf } from '../domain/grant/decider.js';
import type { EventOf } from '../domain/grant/events.js';
import type { JournalEntry } from '../projections/journal.js';
import { looksLikeCamt, parseCamt, type StatementEntry } from './bank/camt.js';
import { parseBankCsv } from './bank/statement-csv.js';
import type { Ledger } from './ledger.js';

export { parseBankCsv, parseCsv, type BankRow } from './bank/statement-csv.js';

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
}

export interface MatchedRow extends StatementLine {
  grantId: string;
  paymentId: string;
  /** Settled by an earlier import: nothing was recorded this time. */
  alreadySettled: boolean;
}

export interface RepaymentRow extends StatementLine {
  grantId: string;
  recoveryId: string;
  /** Recorded by an earlier import: nothing was recorded this time. */
  alreadyRecorded: boolean;
}

export interface MismatchedRow extends StatementLine {
  grantId: string;
  paymentId: string;
  /** What the attested payment says. */
  expectedAmount: string;
}

export interface UnknownRow extends StatementLine {
  /** Why the entry matches nothing the ledger can record. */
  reason: string;
}

export interface StatementError {
  line?: number;
  at: string;
  message: string;
}

export type ReconcileResult =
  | {
      ok: true;
      format: 'csv' | 'camt.053' | 'camt.054';
      matched: MatchedRow[];
      repayments: RepaymentRow[];
      amountMismatch: MismatchedRow[];
      /** Attested, unsettled payments that the statement does not mention. */
      missingInBank: JournalEntry[];
      unknownInBank: UnknownRow[];
      /** Entries not booked yet (PDNG, INFO): nothing is done with them. */
      ignored: number;
      /** Events recorded by this import (settlements and repayments). */
      recorded: number;
    }
  | { ok: false; errors: StatementError[] };

/** Reads any supported statement into booked lines, or every problem in it. */
export function readStatement(text: string): { ok: true; format: 'csv' | 'camt.053' | 'camt.054'; lines: StatementLine[]; ignored: number } | { ok: false; errors: StatementError[] } {
  if (looksLikeCamt(text)) {
    const camt = parseCamt(text);
    if (!camt.ok) return { ok: false, errors: camt.errors };
    const booked = camt.entries.filter((e) => e.status === 'BOOK');
    return { ok: true, format: camt.format, lines: booked.map(lineOfEntry), ignored: camt.entries.length - booked.length };
  }
  const csv = parseBankCsv(text);
  if (!csv.ok) return { ok: false, errors: csv.errors.map((e) => ({ line: e.line, at: `line ${e.line}`, message: e.message })) };
  const lines = csv.rows.map((r): StatementLine => ({
    line: r.line,
    at: `line ${r.line}`,
    bookedOn: r.bookedOn,
    amount: r.amount,
    currency: 'SEK',
    // A CSV line with a minus sign left the account; one without may be either (older
    // exports wrote payouts unsigned): a recovery's OCR reference makes it incoming.
    direction: r.outgoing ? 'debit' : 'credit',
    reference: r.reference,
    reversal: false,
  }));
  return { ok: true, format: 'csv', lines, ignored: 0 };
}

function lineOfEntry(e: StatementEntry): StatementLine {
  return {
    at: e.at,
    bookedOn: e.bookedOn,
    amount: e.amount,
    currency: e.currency,
    direction: e.direction,
    reference: e.endToEndId ?? e.creditorReference ?? e.bankReference ?? '',
    reversal: e.reversal,
    ...(e.endToEndId !== undefined ? { endToEndId: e.endToEndId } : {}),
    ...(e.creditorReference !== undefined ? { creditorReference: e.creditorReference } : {}),
    ...(e.bankReference !== undefined ? { bankReference: e.bankReference } : {}),
  };
}

/** A command id made from what the bank booked: the same entry is the same command. */
function commandIdOf(kind: string, ...parts: string[]): string {
  return `reconcile:${kind}:${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40)}`;
}

/** The commandId of a settlement: stable per payment and booking, and always within the id rules. */
export function reconcileCommandId(grantId: string, paymentId: string, bookedOn: string, amount: string): string {
  return commandIdOf('settle', grantId, paymentId, bookedOn, amount);
}

/** Every recovery's OCR reference → the recovery (read only when a statement has incoming lines). */
async function recoveriesByOcr(ledger: Ledger): Promise<Map<string, { grantId: string; recoveryId: string }>> {
  const found = new Map<string, { grantId: string; recoveryId: string }>();
  for await (const e of ledger.events()) {
    const grantId = grantIdOf(e.streamId);
    if (e.type !== 'RecoveryClaimed' || grantId === undefined) continue;
    const { recoveryId } = e.data as EventOf<'RecoveryClaimed'>['data'];
    found.set(ocrReferenceOf(grantId, recoveryId), { grantId, recoveryId });
  }
  return found;
}

export async function reconcile(ledger: Ledger, text: string, options: { actor: string }): Promise<ReconcileResult> {
  const statement = readStatement(text);
  if (!statement.ok) return statement;
  const { lines } = statement;

  const journal = await ledger.payments();
  const byReference = new Map<string, JournalEntry[]>();
  const index = (key: string, entry: JournalEntry) => byReference.set(key, [...(byReference.get(key) ?? []), entry]);
  for (const entry of journal) {
    index(endToEndIdOf(entry.grantId, entry.paymentId), entry);
    if (statement.format === 'csv') index(entry.paymentId, entry);
  }
  const needsOcr = lines.some((l) => l.direction === 'credit');
  const recoveries = needsOcr ? await recoveriesByOcr(ledger) : new Map<string, { grantId: string; recoveryId: string }>();

  const matched: MatchedRow[] = [];
  const repayments: RepaymentRow[] = [];
  const amountMismatch: MismatchedRow[] = [];
  const unknownInBank: UnknownRow[] = [];
  const seen = new Set<string>();
  // Payments the bank booked and then returned (a reversal in the same statement): not paid.
  const reversed = new Set(lines.filter((l) => l.reversal && l.endToEndId).map((l) => l.endToEndId!));

  // First decide every line, then record: a rejection while recording is reported, never half-done input.
  const toSettle: { line: StatementLine; entry: JournalEntry }[] = [];
  const toRepay: { line: StatementLine; grantId: string; recoveryId: string }[] = [];
  for (const line of lines) {
    const unknown = (reason: string) => unknownInBank.push({ ...line, reason });
    if (line.reversal) {
      unknown(`a reversal: the bank returned ${line.endToEndId ? `payment ${line.endToEndId}` : 'a payment'}; it needs a person`);
      continue;
    }
    const recovery = recoveries.get(line.creditorReference ?? line.reference);
    if (line.direction === 'credit' && recovery) {
      toRepay.push({ line, ...recovery });
      continue;
    }
    if (line.direction === 'credit' && statement.format !== 'csv') {
      unknown(line.creditorReference ? `incoming, reference ${line.creditorReference} is no recovery's OCR reference` : 'incoming, without a recovery\'s OCR reference');
      continue;
    }
    const key = line.endToEndId ?? (statement.format === 'csv' ? line.reference : undefined);
    if (key === undefined) {
      unknown('no EndToEndId: a bank fee or a payment made outside the ledger');
      continue;
    }
    const candidates = byReference.get(key) ?? [];
    const attested = candidates.filter((e) => e.status === 'attested');
    if (attested.length === 0) {
      unknown(candidates.length === 0 ? 'no payment has this reference' : `payment ${candidates[0]!.paymentId} is ${candidates[0]!.status}, not attested`);
      continue;
    }
    if (attested.length > 1) {
      unknown(`payment id ${key} is used by several grants (${attested.map((e) => e.grantId).join(', ')}); use the EndToEndId`);
      continue;
    }
    const entry = attested[0]!;
    const id = `${entry.grantId}\n${entry.paymentId}`;
    if (seen.has(id)) {
      unknown(`payment ${entry.paymentId} already appears earlier in this statement`);
      continue;
    }
    seen.add(id);
    if (reversed.has(key)) {
      unknown(`payment ${entry.paymentId} was booked and reversed in this statement; it is not settled`);
      continue;
    }
    if (line.currency !== 'SEK') {
      unknown(`booked in ${line.currency}; payment ${entry.paymentId} is in SEK`);
      continue;
    }
    if (entry.amount !== line.amount) {
      amountMismatch.push({ ...line, grantId: entry.grantId, paymentId: entry.paymentId, expectedAmount: entry.amount });
      continue;
    }
    if (entry.settled) matched.push({ ...line, grantId: entry.grantId, paymentId: entry.paymentId, alreadySettled: true });
    else toSettle.push({ line, entry });
  }

  // Every settlement and repayment in one all-or-nothing write: a store failure half-way
  // records none of them, and importing the statement again records them all.
  const settlements = toSettle.map(({ line, entry }) => ({
    type: 'SettlePayment',
    grantId: entry.grantId,
    paymentId: entry.paymentId,
    bankReference: line.bankReference ?? line.reference,
    bookedOn: line.bookedOn,
    amount: line.amount,
    // Stable per payment and booking: importing the same statement twice records once,
    // even when two imports race.
    meta: {
      commandId: reconcileCommandId(entry.grantId, entry.paymentId, line.bookedOn, line.amount),
    },
  }));
  const repaid = toRepay.map(({ line, grantId, recoveryId }) => ({
    type: 'RegisterRepayment',
    grantId,
    recoveryId,
    amount: line.amount,
    receivedOn: line.bookedOn,
    meta: {
      commandId: commandIdOf(
        'repay', grantId, recoveryId, line.bookedOn, line.amount, line.bankReference ?? line.at,
      ),
    },
  }));
  const results = await ledger.executeAll([...settlements, ...repaid], { actor: options.actor });
  let recorded = 0;
  toSettle.forEach(({ line, entry }, i) => {
    const result = results[i]!;
    if (result.ok) {
      if (!result.duplicate) recorded += result.events.length;
      matched.push({ ...line, grantId: entry.grantId, paymentId: entry.paymentId, alreadySettled: result.duplicate });
    } else if (result.error.code === 'INVALID_STATE' && /already settled/.test(result.error.message)) {
      // Settled by someone else between reading the journal and now.
      matched.push({ ...line, grantId: entry.grantId, paymentId: entry.paymentId, alreadySettled: true });
    } else {
      unknownInBank.push({ ...line, reason: `the ledger refused the settlement of ${entry.paymentId}: ${result.error.code} ${result.error.message}` });
    }
  });
  toRepay.forEach(({ line, grantId, recoveryId }, i) => {
    const result = results[toSettle.length + i]!;
    if (result.ok) {
      if (!result.duplicate) recorded += result.events.length;
      repayments.push({ ...line, grantId, recoveryId, alreadyRecorded: result.duplicate });
    } else {
      unknownInBank.push({ ...line, reason: `repayment of recovery ${recoveryId} refused: ${result.error.code} ${result.error.message}` });
    }
  });
  // Reported in the statement's order.
  const position = new Map(lines.map((l, i) => [l.at, i]));
  const byPosition = (a: StatementLine, b: StatementLine) => position.get(a.at)! - position.get(b.at)!;
  matched.sort(byPosition);
  unknownInBank.sort(byPosition);

  const missingInBank = journal.filter((e) => e.status === 'attested' && !e.settled && !seen.has(`${e.grantId}\n${e.paymentId}`));
  return { ok: true, format: statement.format, matched, repayments, amountMismatch, missingInBank, unknownInBank, ignored: statement.ignored, recorded };
}
