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
import { looksLikeCamt, parseCamt, type CamtResult, type StatementEntry } from './bank/camt.js';
import { parseCamtInChunks } from './bank/camt-in-chunks.js';
import { parseBankCsv } from './bank/statement-csv.js';
import { guardStatementXml, STATEMENT_MAX_BYTES, STATEMENT_MAX_ENTRIES } from './bank/xml-guard.js';
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
  /** Set when the file is refused as too large (HTTP 413), not as malformed. */
  tooLarge?: true;
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

type ReadStatement =
  | { ok: true; format: 'csv' | 'camt.053' | 'camt.054'; lines: StatementLine[]; ignored: number }
  | { ok: false; errors: StatementError[] };

/** Statements from this size on are parsed a few thousand entries at a time. */
const PARSED_IN_CHUNKS_FROM = 1024 * 1024;

/** Why the XML is refused before it is parsed (DOCTYPE, entities, nesting, size). */
function refusedXml(text: string): ReadStatement | undefined {
  const refused = guardStatementXml(text);
  if (!refused) return undefined;
  const { at, message } = refused;
  const tooLarge = refused.status === 413 ? { tooLarge: true as const } : {};
  return { ok: false, errors: [{ at, message, ...tooLarge }] };
}

function camtStatement(camt: CamtResult): ReadStatement {
  if (!camt.ok) return { ok: false, errors: camt.errors };
  const booked = camt.entries.filter((e) => e.status === 'BOOK');
  return {
    ok: true,
    format: camt.format,
    lines: booked.map(lineOfEntry),
    ignored: camt.entries.length - booked.length,
  };
}

/**
 * readStatement for a server: a large camt file is parsed in chunks, yielding between
 * them, so that memory stays bounded and other requests are answered meanwhile.
 */
export async function readStatementBounded(text: string): Promise<ReadStatement> {
  if (!looksLikeCamt(text) || text.length < PARSED_IN_CHUNKS_FROM) return readStatement(text);
  return refusedXml(text) ?? camtStatement(await parseCamtInChunks(text));
}

/** Reads any supported statement into booked lines, or every problem in it. */
export function readStatement(text: string): ReadStatement {
  if (looksLikeCamt(text)) {
    // DOCTYPE, entities, absurd nesting and oversized files are refused before parsing.
    return refusedXml(text) ?? camtStatement(parseCamt(text));
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > STATEMENT_MAX_BYTES) {
    const message = `the statement is ${bytes} bytes; at most ${STATEMENT_MAX_BYTES} (20 MB) are taken`;
    return { ok: false, errors: [{ at: '/', message, tooLarge: true }] };
  }
  const csv = parseBankCsv(text);
  if (csv.ok && csv.rows.length > STATEMENT_MAX_ENTRIES) {
    const message = `the statement has more than ${STATEMENT_MAX_ENTRIES} rows`;
    return {
      ok: false,
      errors: [{ at: `line ${STATEMENT_MAX_ENTRIES + 1}`, message, tooLarge: true }],
    };
  }
  if (!csv.ok)
    return {
      ok: false,
      errors: csv.errors.map((e) => ({ line: e.line, at: `line ${e.line}`, message: e.message })),
    };
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

/**
 * The commandId of a settlement: stable per payment and booking, and always within the id rules.
 */
export function reconcileCommandId(
  grantId: string,
  paymentId: string,
  bookedOn: string,
  amount: string,
): string {
  return commandIdOf('settle', grantId, paymentId, bookedOn, amount);
}

/**
 * Every recovery's OCR reference → the recovery (read only when a statement has incoming lines).
 */
async function recoveriesByOcr(
  ledger: Ledger,
): Promise<Map<string, { grantId: string; recoveryId: string }>> {
  const found = new Map<string, { grantId: string; recoveryId: string }>();
  for await (const e of ledger.events()) {
    const grantId = grantIdOf(e.streamId);
    if (e.type !== 'RecoveryClaimed' || grantId === undefined) continue;
    const { recoveryId } = e.data as EventOf<'RecoveryClaimed'>['data'];
    found.set(ocrReferenceOf(grantId, recoveryId), { grantId, recoveryId });
  }
  return found;
}

type Recoveries = Map<string, { grantId: string; recoveryId: string }>;
type Format = 'csv' | 'camt.053' | 'camt.054';

/** The journal by the references a statement can carry: EndToEndId, and in CSV the paymentId. */
function journalByReference(journal: JournalEntry[], format: Format): Map<string, JournalEntry[]> {
  const byReference = new Map<string, JournalEntry[]>();
  const index = (key: string, entry: JournalEntry) =>
    byReference.set(key, [...(byReference.get(key) ?? []), entry]);
  for (const entry of journal) {
    index(endToEndIdOf(entry.grantId, entry.paymentId), entry);
    if (format === 'csv') index(entry.paymentId, entry);
  }
  return byReference;
}

/** What one statement line is, decided before anything is recorded. */
type Verdict =
  | { kind: 'unknown'; reason: string }
  | { kind: 'repay'; grantId: string; recoveryId: string }
  | { kind: 'mismatch' | 'settled' | 'settle'; entry: JournalEntry };

interface Matching {
  format: Format;
  byReference: Map<string, JournalEntry[]>;
  recoveries: Recoveries;
  /** Payments the bank booked and then returned (a reversal in the same statement): not paid. */
  reversed: Set<string>;
  /** The payments (grantId + "\n" + paymentId) met so far in the statement. */
  seen: Set<string>;
}

function verdictOf(line: StatementLine, m: Matching): Verdict {
  const unknown = (reason: string): Verdict => ({ kind: 'unknown', reason });
  if (line.reversal) {
    const what = line.endToEndId ? `payment ${line.endToEndId}` : 'a payment';
    return unknown(`a reversal: the bank returned ${what}; it needs a person`);
  }
  const recovery = m.recoveries.get(line.creditorReference ?? line.reference);
  if (line.direction === 'credit' && recovery) return { kind: 'repay', ...recovery };
  if (line.direction === 'credit' && m.format !== 'csv') {
    return unknown(
      line.creditorReference
        ? `incoming, reference ${line.creditorReference} is no recovery's OCR reference`
        : "incoming, without a recovery's OCR reference",
    );
  }
  const key = line.endToEndId ?? (m.format === 'csv' ? line.reference : undefined);
  if (key === undefined) {
    return unknown('no EndToEndId: a bank fee or a payment made outside the ledger');
  }
  const found = attestedPaymentOf(key, m.byReference);
  if ('reason' in found) return unknown(found.reason);
  return verdictOfPayment(line, key, found.entry, m);
}

/** The one attested payment a reference names, or why there is none. */
function attestedPaymentOf(
  key: string,
  byReference: Map<string, JournalEntry[]>,
): { entry: JournalEntry } | { reason: string } {
  const candidates = byReference.get(key) ?? [];
  const attested = candidates.filter((e) => e.status === 'attested');
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
  const unknown = (reason: string): Verdict => ({ kind: 'unknown', reason });
  const payment = `payment ${entry.paymentId}`;
  const id = `${entry.grantId}\n${entry.paymentId}`;
  if (m.seen.has(id)) return unknown(`${payment} already appears earlier in this statement`);
  m.seen.add(id);
  if (m.reversed.has(key)) {
    return unknown(`${payment} was booked and reversed in this statement; it is not settled`);
  }
  if (line.currency !== 'SEK') return unknown(`booked in ${line.currency}; ${payment} is in SEK`);
  if (entry.amount !== line.amount) return { kind: 'mismatch', entry };
  return { kind: entry.settled ? 'settled' : 'settle', entry };
}

interface Rows {
  matched: MatchedRow[];
  repayments: RepaymentRow[];
  amountMismatch: MismatchedRow[];
  unknownInBank: UnknownRow[];
}

interface Plan {
  toSettle: { line: StatementLine; entry: JournalEntry }[];
  toRepay: { line: StatementLine; grantId: string; recoveryId: string }[];
}

/** Every line decided: the rows that need no write; the settlements and repayments to record. */
function planOf(lines: StatementLine[], m: Matching, rows: Rows): Plan {
  const plan: Plan = { toSettle: [], toRepay: [] };
  for (const line of lines) {
    const verdict = verdictOf(line, m);
    switch (verdict.kind) {
      case 'unknown':
        rows.unknownInBank.push({ ...line, reason: verdict.reason });
        break;
      case 'repay':
        plan.toRepay.push({ line, grantId: verdict.grantId, recoveryId: verdict.recoveryId });
        break;
      case 'mismatch': {
        const { grantId, paymentId, amount: expectedAmount } = verdict.entry;
        rows.amountMismatch.push({ ...line, grantId, paymentId, expectedAmount });
        break;
      }
      case 'settled': {
        const { grantId, paymentId } = verdict.entry;
        rows.matched.push({ ...line, grantId, paymentId, alreadySettled: true });
        break;
      }
      case 'settle':
        plan.toSettle.push({ line, entry: verdict.entry });
        break;
    }
  }
  return plan;
}

function commandsOf({ toSettle, toRepay }: Plan) {
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
        'repay',
        grantId,
        recoveryId,
        line.bookedOn,
        line.amount,
        line.bankReference ?? line.at,
      ),
    },
  }));
  return [...settlements, ...repaid];
}

/** The rows of what was recorded (or refused); the number of events recorded. */
type Results = Awaited<ReturnType<Ledger['executeAll']>>;

function rowsOfResults(results: Results, { toSettle, toRepay }: Plan, rows: Rows): number {
  let recorded = 0;
  toSettle.forEach(({ line, entry }, i) => {
    const result = results[i]!;
    const row = { ...line, grantId: entry.grantId, paymentId: entry.paymentId };
    if (result.ok) {
      if (!result.duplicate) recorded += result.events.length;
      rows.matched.push({ ...row, alreadySettled: result.duplicate });
    } else if (
      result.error.code === 'INVALID_STATE' &&
      /already settled/.test(result.error.message)
    ) {
      // Settled by someone else between reading the journal and now.
      rows.matched.push({ ...row, alreadySettled: true });
    } else {
      const refused = `${result.error.code} ${result.error.message}`;
      const reason = `the ledger refused the settlement of ${entry.paymentId}: ${refused}`;
      rows.unknownInBank.push({ ...line, reason });
    }
  });
  toRepay.forEach(({ line, grantId, recoveryId }, i) => {
    const result = results[toSettle.length + i]!;
    if (result.ok) {
      if (!result.duplicate) recorded += result.events.length;
      rows.repayments.push({ ...line, grantId, recoveryId, alreadyRecorded: result.duplicate });
    } else {
      const refused = `${result.error.code} ${result.error.message}`;
      const reason = `repayment of recovery ${recoveryId} refused: ${refused}`;
      rows.unknownInBank.push({ ...line, reason });
    }
  });
  return recorded;
}

export async function reconcile(
  ledger: Ledger,
  text: string,
  options: { actor: string },
): Promise<ReconcileResult> {
  const statement = await readStatementBounded(text);
  if (!statement.ok) return statement;
  const { lines, format } = statement;

  const journal = await ledger.payments();
  const needsOcr = lines.some((l) => l.direction === 'credit');
  const matching: Matching = {
    format,
    byReference: journalByReference(journal, format),
    recoveries: needsOcr ? await recoveriesByOcr(ledger) : new Map(),
    reversed: new Set(lines.filter((l) => l.reversal && l.endToEndId).map((l) => l.endToEndId!)),
    seen: new Set<string>(),
  };
  const rows: Rows = { matched: [], repayments: [], amountMismatch: [], unknownInBank: [] };
  // First decide every line, then record: a rejection while recording is reported, never
  // half-done input.
  const plan = planOf(lines, matching, rows);
  // Every settlement and repayment in one all-or-nothing write: a store failure half-way
  // records none of them, and importing the statement again records them all.
  const results = await ledger.executeAll(commandsOf(plan), { actor: options.actor });
  const recorded = rowsOfResults(results, plan, rows);
  // Reported in the statement's order.
  const position = new Map(lines.map((l, i) => [l.at, i]));
  const byPosition = (a: StatementLine, b: StatementLine) =>
    position.get(a.at)! - position.get(b.at)!;
  rows.matched.sort(byPosition);
  rows.unknownInBank.sort(byPosition);

  const { seen } = matching;
  const missingInBank = journal.filter(
    (e) => e.status === 'attested' && !e.settled && !seen.has(`${e.grantId}\n${e.paymentId}`),
  );
  const { matched, repayments, amountMismatch, unknownInBank } = rows;
  return {
    ok: true,
    format,
    matched,
    repayments,
    amountMismatch,
    missingInBank,
    unknownInBank,
    ignored: statement.ignored,
    recorded,
  };
}
