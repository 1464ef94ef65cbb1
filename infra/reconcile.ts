// Bank reconciliation (interfaces.md): a bank statement — camt.053 or camt.054 XML of
// versions .001.02 to .001.08, or a CSV as banks export it — against the ledger. Booked
// outgoing entries are matched to attested payments by their EndToEndId (or, in CSV, the
// paymentId), amount and currency, and recorded as PaymentSettled; a batch booked as one
// sum settles the payments of the file's batch; returns are recorded as PaymentReturned;
// incoming entries that carry a recovery's OCR reference are recorded as repayments
// (RegisterRepayment) unless already registered. Everything else is reported. All or
// nothing: the whole file is read and validated first, and every command of it is recorded
// in one write, or — when one is refused — none. Every command has a command id made from
// the entry itself, so importing a statement again records nothing.
import { createHash } from 'node:crypto';
import type { JournalEntry } from '../projections/journal.js';
import { looksLikeCamt, parseCamt, type CamtResult, type StatementEntry } from './bank/camt.js';
import { parseCamtInChunks } from './bank/camt-in-chunks.js';
import { ledgerFacts, NO_FACTS, type RecoveryRef } from './bank/reconcile-facts.js';
import {
  journalByReference,
  paymentKey,
  verdictOf,
  type Format,
  type Matching,
  type StatementLine,
} from './bank/reconcile-plan.js';
import { decodeStatement } from './bank/statement-text.js';
import { parseBankCsv, type CsvLayout } from './bank/statement-csv.js';
import { guardStatementXml, STATEMENT_MAX_BYTES, STATEMENT_MAX_ENTRIES } from './bank/xml-guard.js';
import type { Ledger } from './ledger.js';

export { parseBankCsv, parseCsv, type BankRow } from './bank/statement-csv.js';
export type { StatementLine } from './bank/reconcile-plan.js';

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

export interface ReturnedRow extends StatementLine {
  grantId: string;
  paymentId: string;
  reason: string;
  /** Recorded as returned by an earlier import: nothing was recorded this time. */
  alreadyRecorded: boolean;
  /** Where the payment's own debit is, when it is in the same statement (it settles nothing). */
  debitAt?: string;
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
      format: Format;
      matched: MatchedRow[];
      repayments: RepaymentRow[];
      /** Credits whose repayment was already registered (by hand): never recorded again. */
      alreadyRegistered: (StatementLine & RecoveryRef)[];
      returned: ReturnedRow[];
      amountMismatch: MismatchedRow[];
      /** Attested, unsettled payments that the statement does not mention. */
      missingInBank: JournalEntry[];
      unknownInBank: UnknownRow[];
      /** Entries not booked yet (PDNG, INFO, FUTR): nothing is done with them. */
      ignored: number;
      /** Events recorded by this import (settlements, returns and repayments). */
      recorded: number;
    }
  | { ok: false; errors: StatementError[] };

type ReadStatement =
  | { ok: true; format: 'csv' | 'camt.053' | 'camt.054'; lines: StatementLine[]; ignored: number }
  | { ok: false; errors: StatementError[] };

/** Statements from this size on are parsed a few hundred entries at a time. */
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
export async function readStatementBounded(
  input: string | Uint8Array,
  layout?: CsvLayout,
): Promise<ReadStatement> {
  const text = decodeStatement(input, layout?.encoding);
  if (!looksLikeCamt(text) || text.length < PARSED_IN_CHUNKS_FROM)
    return readStatement(text, layout);
  return refusedXml(text) ?? camtStatement(await parseCamtInChunks(text));
}

/** Reads any supported statement into booked lines, or every problem in it. */
export function readStatement(input: string | Uint8Array, layout?: CsvLayout): ReadStatement {
  const text = decodeStatement(input, layout?.encoding);
  if (looksLikeCamt(text)) {
    // DOCTYPE, entities, absurd nesting and oversized files are refused before parsing.
    return refusedXml(text) ?? camtStatement(parseCamt(text));
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > STATEMENT_MAX_BYTES) {
    const message = `the statement is ${bytes} bytes; at most ${STATEMENT_MAX_BYTES} (20 MB) are taken`;
    return { ok: false, errors: [{ at: '/', message, tooLarge: true }] };
  }
  const csv = parseBankCsv(text, layout);
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
    reference:
      e.endToEndId ?? e.creditorReference ?? e.batch?.paymentInfoId ?? e.bankReference ?? '',
    reversal: e.reversal,
    ...(e.endToEndId !== undefined ? { endToEndId: e.endToEndId } : {}),
    ...(e.creditorReference !== undefined ? { creditorReference: e.creditorReference } : {}),
    ...(e.bankReference !== undefined ? { bankReference: e.bankReference } : {}),
    ...(e.returned !== undefined ? { returned: e.returned } : {}),
    ...(e.batch !== undefined ? { batch: e.batch } : {}),
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

interface Rows {
  matched: MatchedRow[];
  repayments: RepaymentRow[];
  alreadyRegistered: (StatementLine & RecoveryRef)[];
  returned: ReturnedRow[];
  amountMismatch: MismatchedRow[];
  unknownInBank: UnknownRow[];
}

/** One command to record, what it answers for, and the row it becomes once recorded. */
interface Planned {
  line: StatementLine;
  command: Record<string, unknown> & { meta: { commandId: string } };
  /** The row of the result: `duplicate` when an earlier import recorded it. */
  row(duplicate: boolean): void;
}

function settleCommand(line: StatementLine, entry: JournalEntry, rows: Rows): Planned {
  const { grantId, paymentId } = entry;
  const bankReference = line.bankReference ?? line.batch?.paymentInfoId ?? line.reference;
  return {
    line,
    command: {
      type: 'SettlePayment',
      grantId,
      paymentId,
      bankReference,
      bookedOn: line.bookedOn,
      amount: entry.amount,
      // Stable per payment and booking: importing the same statement twice records once,
      // even when two imports race.
      meta: { commandId: reconcileCommandId(grantId, paymentId, line.bookedOn, entry.amount) },
    },
    row: (duplicate) =>
      rows.matched.push({ ...line, grantId, paymentId, alreadySettled: duplicate }),
  };
}

function returnCommand(line: StatementLine, entry: JournalEntry, rows: Rows): Planned {
  const { grantId, paymentId } = entry;
  const reason = line.returned?.reason ?? 'reversed by the bank (RvslInd)';
  return {
    line,
    command: {
      type: 'ReturnPayment',
      grantId,
      paymentId,
      returnedOn: line.bookedOn,
      reason,
      ...(line.bankReference !== undefined ? { bankReference: line.bankReference } : {}),
      meta: { commandId: commandIdOf('return', grantId, paymentId, line.bookedOn, line.amount) },
    },
    row: (duplicate) =>
      rows.returned.push({ ...line, grantId, paymentId, reason, alreadyRecorded: duplicate }),
  };
}

function repayCommand(line: StatementLine, recovery: RecoveryRef, rows: Rows): Planned {
  const { grantId, recoveryId } = recovery;
  const reference = line.bankReference ?? line.at;
  return {
    line,
    command: {
      type: 'RegisterRepayment',
      grantId,
      recoveryId,
      amount: line.amount,
      receivedOn: line.bookedOn,
      ...(line.bankReference !== undefined ? { bankReference: line.bankReference } : {}),
      meta: {
        commandId: commandIdOf('repay', grantId, recoveryId, line.bookedOn, line.amount, reference),
      },
    },
    row: (duplicate) =>
      rows.repayments.push({ ...line, grantId, recoveryId, alreadyRecorded: duplicate }),
  };
}

/**
 * Every line decided: the rows that need no write; the commands to record; where the debits
 * of payments returned in the same statement are.
 */
function planOf(
  lines: StatementLine[],
  m: Matching,
  rows: Rows,
): { planned: Planned[]; debits: Map<string, string> } {
  const planned: Planned[] = [];
  const debits = new Map<string, string>();
  for (const line of lines) {
    const verdict = verdictOf(line, m);
    switch (verdict.kind) {
      case 'unknown':
        rows.unknownInBank.push({ ...line, reason: verdict.reason });
        break;
      case 'repay':
        planned.push(repayCommand(line, verdict.recovery, rows));
        break;
      case 'alreadyRegistered':
        rows.alreadyRegistered.push({ ...line, ...verdict.recovery });
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
        planned.push(settleCommand(line, verdict.entry, rows));
        break;
      case 'settleBatch':
        for (const entry of verdict.entries) planned.push(settleCommand(line, entry, rows));
        break;
      case 'return':
        planned.push(returnCommand(line, verdict.entry, rows));
        break;
      case 'alreadyReturned': {
        const { grantId, paymentId } = verdict.entry;
        const reason = line.returned?.reason ?? 'reversed by the bank (RvslInd)';
        rows.returned.push({ ...line, grantId, paymentId, reason, alreadyRecorded: true });
        break;
      }
      case 'returnedHere':
        debits.set(paymentKey(verdict.entry), line.at);
        break;
    }
  }
  return { planned, debits };
}

type Results = Awaited<ReturnType<Ledger['executeAll']>>;

/** Why the statement was not recorded: every refused command, at its line. */
function refusals(planned: Planned[], results: Results): StatementError[] {
  const errors: StatementError[] = [];
  planned.forEach(({ line, command }, i) => {
    const result = results[i]!;
    if (result.ok || /^not recorded:/.test(result.error.message)) return;
    const what = `${String(command.type)} ${String(command.paymentId ?? command.recoveryId)}`;
    const message = `the ledger refused ${what} (${result.error.code}): ${result.error.message}; nothing of the statement was recorded`;
    errors.push({ ...(line.line !== undefined ? { line: line.line } : {}), at: line.at, message });
  });
  return errors;
}

export async function reconcile(
  ledger: Ledger,
  input: string | Uint8Array,
  options: { actor: string; csv?: CsvLayout },
): Promise<ReconcileResult> {
  const statement = await readStatementBounded(input, options.csv);
  if (!statement.ok) return statement;
  const { lines, format } = statement;

  const journal = await ledger.payments();
  const needsFacts = lines.some((l) => l.direction === 'credit' || l.batch);
  const matching: Matching = {
    format,
    journal,
    byReference: journalByReference(journal, format),
    facts: needsFacts ? await ledgerFacts(ledger) : NO_FACTS,
    returnedHere: new Set(
      lines.filter((l) => (l.returned || l.reversal) && l.endToEndId).map((l) => l.endToEndId!),
    ),
    seen: new Set<string>(),
  };
  const rows: Rows = {
    matched: [],
    repayments: [],
    alreadyRegistered: [],
    returned: [],
    amountMismatch: [],
    unknownInBank: [],
  };
  // First decide every line, then record them all in one all-or-nothing write: a refusal
  // or a store failure half-way records none of them.
  const { planned: commands, debits } = planOf(lines, matching, rows);
  const results = await ledger.executeAll(
    commands.map((p) => p.command),
    { actor: options.actor, allOrNothing: true },
  );
  if (results.some((r) => !r.ok)) return { ok: false, errors: refusals(commands, results) };
  let recorded = 0;
  commands.forEach((p, i) => {
    const result = results[i]!;
    if (result.ok && !result.duplicate) recorded += result.events.length;
    p.row(result.ok && result.duplicate);
  });
  // The debit of a payment returned in the same statement belongs to its return.
  for (const row of rows.returned) {
    const at = debits.get(paymentKey(row));
    if (at !== undefined) row.debitAt = at;
  }
  // Reported in the statement's order.
  const position = new Map(lines.map((l, i) => [l.at, i]));
  const byPosition = (a: StatementLine, b: StatementLine) =>
    position.get(a.at)! - position.get(b.at)!;
  for (const list of Object.values(rows) as StatementLine[][]) list.sort(byPosition);

  const missingInBank = journal.filter(
    (e) => e.status === 'attested' && !e.settled && !matching.seen.has(paymentKey(e)),
  );
  return { ok: true, format, ...rows, missingInBank, ignored: statement.ignored, recorded };
}
