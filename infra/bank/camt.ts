// Reading a bank's camt.053 (account statement) or camt.054 (debit/credit notification),
// versions .001.02 to .001.08, as banks send them, with fast-xml-parser. Each entry
// (`Ntry`) becomes one statement line per transaction whose amount the bank gives; a batch
// the bank books as one sum (no per-transaction amounts, or no `TxDtls` at all) becomes
// one line for the whole batch, carrying its `PmtInfId` and EndToEndIds so it can be
// matched to the payments of the file. Returns (`RtrInf`, or a return transaction code)
// are marked as such. Every problem is reported with its element path
// (`Stmt[1]/Ntry[3]/BookgDt/Dt`); one, and nothing of the file is used.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isCalendarDate } from '../../domain/dates.js';
import { Decimal, formatMoney } from '../../domain/money.js';
import {
  child,
  dig,
  documentNamespace,
  findDocument,
  list,
  textOf,
  versionOf,
  type CamtFormat,
} from './camt-document.js';
import {
  BANK_AMOUNT,
  type EntryFields,
  type StatementEntry,
  type StatementProblem,
} from './camt-lines.js';
import { readTransactions, type EntryContext } from './camt-transactions.js';

export type { CamtFormat } from './camt-document.js';
export type { StatementEntry, StatementProblem } from './camt-lines.js';

export type CamtResult =
  | { ok: true; format: CamtFormat; message: string; entries: StatementEntry[] }
  | { ok: false; errors: StatementProblem[] };

const REPEATED = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Strd', 'Ustrd', 'Btch']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

/** Whether the text looks like XML (the caller decides between camt and CSV). */
export function looksLikeCamt(text: string): boolean {
  return /^\s*(\uFEFF)?\s*<[?A-Za-z_]/.test(text);
}

/** Entry statuses: booked, pending, information, future (.08). Only BOOK is matched. */
const STATUSES = ['BOOK', 'PDNG', 'INFO', 'FUTR'];

function fail(at: string, message: string): CamtResult {
  return { ok: false, errors: [{ at, message }] };
}

export function parseCamt(xml: string): CamtResult {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { line, msg } = wellFormed.err;
    return fail(`line ${line}`, `not well-formed XML: ${msg}`);
  }
  const document = findDocument(parser.parse(xml));
  if (document === undefined) {
    return fail('/', 'no Document element (ISO 20022), neither at the root nor in an envelope');
  }
  const version = versionOf(documentNamespace(xml));
  if (!('format' in version)) return fail('Document/@xmlns', version.message);
  const [outerName, reportName] =
    version.format === 'camt.053' ? ['BkToCstmrStmt', 'Stmt'] : ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'];
  const outer = child(document, outerName);
  if (outer === undefined) {
    return fail('Document', `a ${version.message} document holds ${outerName}`);
  }
  const reports = list(outer, reportName);
  const errors: StatementProblem[] = [];
  const entries: StatementEntry[] = [];
  const outerAt = `Document/${outerName}`;
  if (reports.length === 0) errors.push({ at: outerAt, message: `no ${reportName} element` });
  reports.forEach((report, r) => {
    list(report, 'Ntry').forEach((entry, n) => {
      readEntry(entry, `${outerAt}/${reportName}[${r + 1}]/Ntry[${n + 1}]`, entries, errors);
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, format: version.format, message: version.message, entries };
}

/** A date element's day: `Dt`, or the date part of `DtTm`. */
function dayOf(node: unknown): string | undefined {
  return textOf(child(node, 'Dt')) ?? textOf(child(node, 'DtTm'))?.slice(0, 10);
}

function entryFieldsOf(entry: unknown): EntryFields {
  const amountNode = child(entry, 'Amt');
  const status = child(entry, 'Sts');
  return {
    amount: textOf(amountNode),
    currency: textOf(child(amountNode, '@Ccy')),
    indicator: textOf(child(entry, 'CdtDbtInd')),
    // Up to .07 the status is text; from .08 it is a code inside (`Sts/Cd`).
    status: textOf(status) ?? textOf(child(status, 'Cd')) ?? textOf(child(status, 'Prtry')),
    reversalText: textOf(child(entry, 'RvslInd')),
    // The booking date is optional in the schema; the value date stands in for it.
    booked: dayOf(child(entry, 'BookgDt')) ?? dayOf(child(entry, 'ValDt')),
  };
}

/** Each wrong field of the entry, in the order of the elements, as (path, message). */
function checkEntryFields(f: EntryFields, problem: (path: string, message: string) => void): void {
  const { amount, currency, indicator, status, reversalText, booked } = f;
  if (amount === undefined || !BANK_AMOUNT.test(amount)) {
    problem('Amt', `${JSON.stringify(amount ?? '')} is not an amount in öre (at most 2 decimals)`);
  }
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency))
    problem('Amt/@Ccy', 'the currency must be a 3-letter code');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    problem('CdtDbtInd', `must be CRDT or DBIT, not ${JSON.stringify(indicator ?? '')}`);
  }
  if (status === undefined || !STATUSES.includes(status)) {
    const got = JSON.stringify(status ?? '');
    problem('Sts', `the status (Sts or Sts/Cd) must be BOOK, PDNG, INFO or FUTR, not ${got}`);
  }
  if (reversalText !== undefined && !['true', 'false'].includes(reversalText))
    problem('RvslInd', 'must be true or false');
  if (status === 'BOOK' && (booked === undefined || !isCalendarDate(booked))) {
    const got = JSON.stringify(booked ?? '');
    problem('BookgDt/Dt', `a booked entry needs a date YYYY-MM-DD (BookgDt or ValDt), not ${got}`);
  }
}

/** Bank transaction sub-family codes of a payment coming back. */
const RETURN_CODES = new Set(['RRTN', 'RPCR', 'ARET', 'RRCT']);

function readEntry(
  entry: unknown,
  at: string,
  entries: StatementEntry[],
  errors: StatementProblem[],
): void {
  const fields = entryFieldsOf(entry);
  const before = errors.length;
  checkEntryFields(fields, (path, message) => errors.push({ at: `${at}/${path}`, message }));
  if (errors.length > before) return;

  const code = dig(entry, 'BkTxCd', 'Domn', 'Fmly');
  const subFamily = textOf(child(code, 'SubFmlyCd'));
  const proprietary = textOf(dig(entry, 'BkTxCd', 'Prtry', 'Cd'));
  const freeText = textOf(child(entry, 'AddtlNtryInf'));
  const description = [subFamily ?? proprietary, freeText].filter(Boolean).join(' ');
  const context: EntryContext = {
    at,
    fields,
    base: {
      bookedOn: fields.booked ?? '',
      amount: formatMoney(new Decimal(fields.amount!)),
      currency: fields.currency!,
      direction: fields.indicator === 'DBIT' ? 'debit' : 'credit',
      status: fields.status!,
      reversal: fields.reversalText === 'true',
      description,
    },
    entryReference: textOf(child(entry, 'AcctSvcrRef')),
    returnCode: subFamily !== undefined && RETURN_CODES.has(subFamily) ? subFamily : undefined,
  };
  readTransactions(entry, context, entries, errors);
}
