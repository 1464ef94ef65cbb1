// Making a payment file (interfaces.md "Bank files"): every attested payment not yet in a
// file, whose payee has a confirmed payout account, goes into one new pain.001 file. The
// file is planned first (the decider says what each PaymentExported will hold), so the CLI
// can write it before anything is recorded; the exports are then recorded together
// through the command path, so no payment can go into two files, even when two people
// make files at once. A payment that cannot go out
// (no account, a change awaiting confirmation) is listed, not written. Asking again for a
// file id that exists gives that file again, byte for byte, from its recorded events.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { debtorInput, type Debtor } from '../../domain/bank/debtor.js';
import { fileIdInput } from '../../domain/bank/payout-account.js';
import { isRejection, reject, type Rejection } from '../../domain/errors.js';
import { exportPayment } from '../../domain/grant/decide-bank.js';
import type { CommandOf } from '../../domain/grant/commands.js';
import type { GrantState } from '../../domain/grant/state.js';
import { dateInput } from '../../domain/schema.js';
import { parseCommand, rejectionFromZod } from '../../commands/parse.js';
import type { EventOf } from '../../domain/grant/events.js';
import type { Ledger } from '../ledger.js';
import { checkExecutionDate } from './banking-days.js';
import { buildPain001, type ExportedPayment } from './pain001.js';

export type { Debtor } from '../../domain/bank/debtor.js';

/** What a caller asks for (CLI options or the POST /payment-files body). */
export const paymentFileRequestSchema = z.strictObject({
  executionDate: dateInput,
  /** Default: ledger.config.json's `debtor`. */
  debtor: debtorInput.optional(),
  /** A file id asked for again gives the same file; a new one (or none) makes a new file. */
  fileId: fileIdInput.optional(),
});

export interface PaymentFileRequest {
  executionDate: string;
  debtor: Debtor;
  fileId?: string;
  actor: string;
  /**
   * Today in Stockholm: a new file's execution date must be a banking day not before it
   * (EXECUTION_DATE). Absent: not checked (a file asked for again keeps its date).
   */
  today?: string;
}

/** A new file's execution date is no Swedish banking day, or lies in the past. */
export class ExecutionDateRefused extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/** The calendar day in Stockholm, where the banks are. */
export function stockholmDay(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(now);
}

/** Validates a request; the debtor comes from it or from the configuration. */
export function paymentFileRequestOf(
  raw: unknown,
  configured: Debtor | undefined,
  actor: string,
  today?: string,
): PaymentFileRequest | Rejection {
  const parsed = paymentFileRequestSchema.safeParse(raw);
  if (!parsed.success) return rejectionFromZod(parsed.error, raw);
  const debtor = parsed.data.debtor ?? configured;
  if (!debtor) {
    return reject(
      'INVALID_INPUT',
      "no debtor: give the region's name and bankgiro, or set `debtor` in ledger.config.json",
      'debtor',
    );
  }
  return {
    executionDate: parsed.data.executionDate,
    debtor,
    actor,
    ...(parsed.data.fileId !== undefined ? { fileId: parsed.data.fileId } : {}),
    ...(today !== undefined ? { today } : {}),
  };
}

export interface HeldPayment {
  grantId: string;
  paymentId: string;
  amount: string;
  reason: string;
}

export interface PaymentFileResult {
  fileId: string;
  /** The pain.001 document, or null when no payment could be written. */
  xml: string | null;
  payments: ExportedPayment[];
  /** Attested payments that could not go into the file, and why. */
  notWritten: HeldPayment[];
  /** true when the file id existed and the file was given again (nothing new recorded). */
  repeated: boolean;
}

/** MsgId of a new file: the time it was made and a random tail, ≤ 35 characters. */
function newFileId(createdAt: string): string {
  return `GL-${createdAt.slice(0, 19).replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** One payment into one file: the same file id and payment is the same command. */
function exportCommandId(fileId: string, grantId: string, paymentId: string): string {
  return `payment-file:${createHash('sha256').update(`${fileId}\n${grantId}\n${paymentId}`).digest('hex').slice(0, 40)}`;
}

/** The grants that have attested payments not yet settled (the only ones a file can hold). */
async function grantsWithAttestedPayments(ledger: Ledger, settledToo: boolean): Promise<string[]> {
  const journal = await ledger.payments();
  return [
    ...new Set(
      journal
        .filter((p) => p.status === 'attested' && (settledToo || !p.settled))
        .map((p) => p.grantId),
    ),
  ];
}

/** What the events recorded for a file id (empty when there is no such file). */
export async function exportedInFile(ledger: Ledger, fileId: string): Promise<ExportedPayment[]> {
  const found: ExportedPayment[] = [];
  for (const grantId of await grantsWithAttestedPayments(ledger, true)) {
    for await (const e of ledger.events(grantId)) {
      if (e.type !== 'PaymentExported') continue;
      const data = e.data as EventOf<'PaymentExported'>['data'];
      if (data.fileId === fileId) found.push({ ...data, grantId });
    }
  }
  return found;
}

export function fileOf(fileId: string, payments: readonly ExportedPayment[]): string {
  return buildPain001({ fileId, createdAt: payments[0]!.createdAt, payments });
}

/**
 * A bank file as it will be once recorded: its payments (the PaymentExported data the
 * decider gives for each), the XML, and the ExportPayment commands that record it. Nothing
 * is recorded yet, so a caller can write the file before anything says it exists.
 */
export interface PaymentFilePlan extends PaymentFileResult {
  commands: Record<string, unknown>[];
}

/** The file a request asks for: an issued one again, or a new one of the waiting payments. */
export async function planPaymentFile(
  ledger: Ledger,
  request: PaymentFileRequest,
): Promise<PaymentFilePlan> {
  if (request.fileId !== undefined) {
    const existing = await exportedInFile(ledger, request.fileId);
    if (existing.length > 0) {
      const xml = fileOf(request.fileId, existing);
      return {
        fileId: request.fileId,
        xml,
        payments: existing,
        notWritten: [],
        repeated: true,
        commands: [],
      };
    }
  }
  if (request.today !== undefined) {
    const refused = checkExecutionDate(request.executionDate, request.today);
    if (refused) throw new ExecutionDateRefused(refused);
  }
  const createdAt = ledger.clock().toISOString();
  const fileId = request.fileId ?? newFileId(createdAt);
  const plan: PaymentFilePlan = {
    fileId,
    xml: null,
    payments: [],
    notWritten: [],
    repeated: false,
    commands: [],
  };
  for (const grantId of await grantsWithAttestedPayments(ledger, false)) {
    const state = await ledger.grantState(grantId);
    for (const payment of state.payments.values()) {
      if (payment.status !== 'attested' || payment.exported || payment.settlement) continue;
      const command = {
        type: 'ExportPayment',
        grantId,
        paymentId: payment.paymentId,
        fileId,
        executionDate: request.executionDate,
        createdAt,
        debtor: request.debtor,
        meta: { commandId: exportCommandId(fileId, grantId, payment.paymentId) },
      };
      const decided = decideExport(command, state);
      if (isRejection(decided)) {
        plan.notWritten.push(
          heldBack(grantId, payment.paymentId, payment.amount.toFixed(2), decided.message),
        );
        continue;
      }
      plan.commands.push(command);
      plan.payments.push({ ...decided, grantId });
    }
  }
  plan.xml = plan.payments.length > 0 ? fileOf(fileId, plan.payments) : null;
  return plan;
}

function heldBack(grantId: string, paymentId: string, amount: string, reason: string): HeldPayment {
  return { grantId, paymentId, amount, reason };
}

/** The PaymentExported data the decider gives for the command, or why it refuses. */
function decideExport(
  raw: Record<string, unknown>,
  state: GrantState,
): EventOf<'PaymentExported'>['data'] | Rejection {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return parsed.rejection;
  const decided = exportPayment(parsed.command as CommandOf<'ExportPayment'>, state);
  if (isRejection(decided)) return decided;
  return decided.find((e) => e.type === 'PaymentExported')!
    .data as EventOf<'PaymentExported'>['data'];
}

/**
 * Records a planned file's exports all or nothing against a store fault (one appendMany):
 * the file as recorded. A payment another file took meanwhile is refused alone and held
 * back, so the recorded file may hold fewer payments than the plan (then its XML differs).
 */
export async function recordPaymentFile(
  ledger: Ledger,
  plan: PaymentFilePlan,
  actor: string,
): Promise<PaymentFileResult> {
  if (plan.repeated || plan.commands.length === 0) return withoutCommands(plan);
  const results = await ledger.executeAll(plan.commands, { actor });
  const payments: ExportedPayment[] = [];
  const notWritten = [...plan.notWritten];
  results.forEach((result, i) => {
    const planned = plan.payments[i]!;
    if (!result.ok) {
      notWritten.push(
        heldBack(planned.grantId, planned.paymentId, planned.amount, result.error.message),
      );
      return;
    }
    for (const e of result.events) {
      if (e.type === 'PaymentExported')
        payments.push({
          ...(e.data as EventOf<'PaymentExported'>['data']),
          grantId: planned.grantId,
        });
    }
  });
  const xml = payments.length > 0 ? fileOf(plan.fileId, payments) : null;
  return { fileId: plan.fileId, xml, payments, notWritten, repeated: false };
}

function withoutCommands(plan: PaymentFilePlan): PaymentFileResult {
  const { commands: _commands, ...result } = plan;
  return result;
}

/** A file made and recorded in one step (POST /payment-files: the answer is the file). */
export async function makePaymentFile(
  ledger: Ledger,
  request: PaymentFileRequest,
): Promise<PaymentFileResult> {
  return recordPaymentFile(ledger, await planPaymentFile(ledger, request), request.actor);
}
