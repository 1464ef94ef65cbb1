// The transactions of one camt entry (`NtryDtls/TxDtls`). Where a transaction's amount
// sits depends on the version and the bank: `AmtDtls/TxAmt/Amt` (every version),
// `TxDtls/Amt` (.04 and later), or only the instructed amount (`AmtDtls/InstdAmt`), which
// for a foreign-currency payment is not what was booked — then the entry's booked amount
// is the transaction's. A batch whose transactions all carry amounts becomes one line per
// transaction (they must add up to the entry); a batch without per-transaction amounts,
// or without `TxDtls`, becomes one line for the whole batch.
import { Decimal, formatMoney } from '../../domain/money.js';
import {
  BANK_AMOUNT,
  type EntryFields,
  type StatementEntry,
  type StatementProblem,
} from './camt-lines.js';
import { child, dig, list, textOf } from './camt-document.js';

export interface EntryContext {
  at: string;
  fields: EntryFields;
  /** The fields every line of the entry shares (amount: the entry's booked amount). */
  base: Pick<
    StatementEntry,
    'bookedOn' | 'amount' | 'currency' | 'direction' | 'status' | 'reversal' | 'description'
  >;
  entryReference: string | undefined;
  /** The entry's bank transaction code says the payment came back (RRTN and the like). */
  returnCode: string | undefined;
}

interface Transaction {
  at: string;
  node: unknown;
  /** Its own amount in the entry's currency, if the bank gives one. */
  amount?: string;
}

/** The transaction's amount in the entry's currency, undefined when it has none, or a problem. */
function amountOf(tx: unknown, entryCurrency: string): string | undefined | { message: string } {
  const candidates = [
    dig(tx, 'AmtDtls', 'TxAmt', 'Amt'),
    child(tx, 'Amt'),
    dig(tx, 'AmtDtls', 'InstdAmt', 'Amt'),
  ];
  for (const node of candidates) {
    const amount = textOf(node);
    if (amount === undefined) continue;
    const currency = textOf(child(node, '@Ccy')) ?? entryCurrency;
    // Another currency than the booking's (a foreign payment's instructed amount): not
    // what left the account.
    if (currency !== entryCurrency) continue;
    if (!BANK_AMOUNT.test(amount)) {
      return { message: `${JSON.stringify(amount)} is not an amount in öre (at most 2 decimals)` };
    }
    return formatMoney(new Decimal(amount));
  }
  return undefined;
}

/** Why the payment came back, from `RtrInf` (reason code and text), or the entry's code. */
function returnOf(tx: unknown, context: EntryContext): { reason: string } | undefined {
  const info = child(tx, 'RtrInf');
  if (info === undefined) {
    // The code alone (RRTN) says little; the bank's text beside it says why.
    return context.returnCode ? { reason: context.base.description } : undefined;
  }
  const code = textOf(dig(info, 'Rsn', 'Cd')) ?? textOf(dig(info, 'Rsn', 'Prtry'));
  const text = list(info, 'AddtlInf').map(textOf).filter(Boolean).join(' ');
  return { reason: [code, text].filter(Boolean).join(' ') || (context.returnCode ?? 'RTRN') };
}

function endToEndIdOf(tx: unknown): string | undefined {
  const id = textOf(dig(tx, 'Refs', 'EndToEndId'));
  // "NOTPROVIDED" is what banks write when the payer gave no EndToEndId.
  return id && id !== 'NOTPROVIDED' ? id : undefined;
}

/** One transaction as its own line. */
function lineOf(tx: Transaction, amount: string, context: EntryContext): StatementEntry {
  const endToEndId = endToEndIdOf(tx.node);
  const creditorReference = list(dig(tx.node, 'RmtInf'), 'Strd')
    .map((s) => textOf(dig(s, 'CdtrRefInf', 'Ref')))
    .find((r) => r !== undefined);
  const bankReference = textOf(dig(tx.node, 'Refs', 'AcctSvcrRef')) ?? context.entryReference;
  const unstructured = list(dig(tx.node, 'RmtInf'), 'Ustrd').map(textOf);
  const returned = returnOf(tx.node, context);
  return {
    ...context.base,
    at: tx.at,
    amount,
    ...(returned ? { returned } : {}),
    ...(endToEndId ? { endToEndId } : {}),
    ...(creditorReference ? { creditorReference } : {}),
    ...(bankReference ? { bankReference } : {}),
    description: [context.base.description, ...unstructured].filter(Boolean).join(' '),
  };
}

/** The whole entry as one line: a batch booked as one sum, or an entry without details. */
function wholeEntry(entry: unknown, txs: Transaction[], context: EntryContext): StatementEntry {
  const paymentInfoId = list(entry, 'NtryDtls')
    .flatMap((details) => list(details, 'Btch'))
    .map((b) => textOf(child(b, 'PmtInfId')))
    .find((id) => id !== undefined);
  const endToEndIds = txs.map((t) => endToEndIdOf(t.node)).filter((id) => id !== undefined);
  const returned = txs.map((t) => returnOf(t.node, context)).find(Boolean) ?? returnOf({}, context);
  const isBatch = paymentInfoId !== undefined || endToEndIds.length > 1;
  const bankReference = context.entryReference;
  return {
    ...context.base,
    at: context.at,
    ...(returned ? { returned } : {}),
    ...(isBatch ? { batch: { ...(paymentInfoId ? { paymentInfoId } : {}), endToEndIds } } : {}),
    ...(!isBatch && endToEndIds[0] ? { endToEndId: endToEndIds[0] } : {}),
    ...(bankReference ? { bankReference } : {}),
  };
}

/** The lines of one entry, or its problems (at their element paths). */
export function readTransactions(
  entry: unknown,
  context: EntryContext,
  entries: StatementEntry[],
  errors: StatementProblem[],
): void {
  const txs: Transaction[] = [];
  const before = errors.length;
  for (const [d, details] of list(entry, 'NtryDtls').entries()) {
    for (const [t, node] of list(details, 'TxDtls').entries()) {
      const at = `${context.at}/NtryDtls[${d + 1}]/TxDtls[${t + 1}]`;
      const amount = amountOf(node, context.base.currency);
      if (typeof amount === 'object') {
        errors.push({ at: `${at}/AmtDtls/TxAmt/Amt`, message: amount.message });
        continue;
      }
      txs.push({ at, node, ...(amount !== undefined ? { amount } : {}) });
    }
  }
  if (errors.length > before) return;
  if (txs.length === 1) {
    const tx = txs[0]!;
    entries.push(lineOf(tx, tx.amount ?? context.base.amount, context));
    return;
  }
  const withAmount = txs.filter((t) => t.amount !== undefined);
  if (txs.length === 0 || withAmount.length === 0) {
    entries.push(wholeEntry(entry, txs, context));
    return;
  }
  if (withAmount.length < txs.length) {
    const missing = txs.find((t) => t.amount === undefined)!;
    const message = 'some transactions of this batch carry an amount and this one does not';
    errors.push({ at: `${missing.at}/AmtDtls/TxAmt/Amt`, message });
    return;
  }
  const total = txs.reduce((sum, t) => sum.plus(t.amount!), new Decimal(0));
  if (!total.equals(context.base.amount)) {
    const says = context.base.amount;
    const message = `the entry says ${says} but its transactions make ${formatMoney(total)}`;
    errors.push({ at: `${context.at}/Amt`, message });
    return;
  }
  for (const tx of txs) entries.push(lineOf(tx, tx.amount!, context));
}
