// Reading a bank's camt.053.001.02 (account statement) or camt.054.001.02 (debit/credit
// notification), as Swedish banks send them, with fast-xml-parser. Each entry (`Ntry`)
// becomes one statement line per transaction: a batch booking (one `Ntry` with several
// `TxDtls`) becomes one line per `TxDtls`, each with its own amount. Every problem is
// reported with its element path (`Stmt[1]/Ntry[3]/BookgDt/Dt`); one and nothing is used.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isCalendarDate } from '../../domain/dates.js';
import { Decimal, formatMoney } from '../../domain/money.js';

export type CamtFormat = 'camt.053' | 'camt.054';

export interface StatementEntry {
  /** Where in the file: an element path, 1-based like XPath. */
  at: string;
  bookedOn: string;
  amount: string;
  currency: string;
  direction: 'debit' | 'credit';
  status: string;
  /** The bank marks a returned payment as a reversal (`RvslInd`). */
  reversal: boolean;
  endToEndId?: string;
  /** A structured creditor reference (OCR) of an incoming payment. */
  creditorReference?: string;
  /** The bank's own reference of the booking (`AcctSvcrRef`). */
  bankReference?: string;
  /** What the bank says of the entry (bank transaction code, free text), for people. */
  description: string;
}

export interface StatementProblem {
  at: string;
  message: string;
}

export type CamtResult =
  | { ok: true; format: CamtFormat; entries: StatementEntry[] }
  | { ok: false; errors: StatementProblem[] };

type Node = Record<string, unknown>;

const REPEATED = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Strd', 'Ustrd']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

/** Whether the text looks like a camt document (the caller decides between XML and CSV). */
export function looksLikeCamt(text: string): boolean {
  return /^\s*(\uFEFF)?\s*<(\?xml|([A-Za-z_][\w.-]*:)?Document\b)/.test(text);
}

const SEK_AMOUNT = /^\d+(\.\d{1,2})?$/;

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Node)['#text'] === 'string')
    return (value as Node)['#text'] as string;
  return undefined;
}

const child = (node: unknown, name: string): unknown =>
  node && typeof node === 'object' ? (node as Node)[name] : undefined;
const list = (node: unknown, name: string): unknown[] => {
  const value = child(node, name);
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
};
const dig = (node: unknown, ...names: string[]): unknown =>
  names.reduce((n, name) => child(n, name), node);

export function parseCamt(xml: string): CamtResult {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { line, msg } = wellFormed.err;
    return { ok: false, errors: [{ at: `line ${line}`, message: `not well-formed XML: ${msg}` }] };
  }
  const document = child(parser.parse(xml), 'Document');
  if (document === undefined)
    return {
      ok: false,
      errors: [{ at: '/', message: 'the root element must be Document (ISO 20022)' }],
    };
  const statement = child(document, 'BkToCstmrStmt');
  const notification = child(document, 'BkToCstmrDbtCdtNtfctn');
  const format: CamtFormat | undefined = statement
    ? 'camt.053'
    : notification
      ? 'camt.054'
      : undefined;
  if (!format) {
    return {
      ok: false,
      errors: [
        {
          at: 'Document',
          message: 'expected BkToCstmrStmt (camt.053) or BkToCstmrDbtCdtNtfctn (camt.054)',
        },
      ],
    };
  }
  const [outer, reportName] =
    format === 'camt.053'
      ? ['Document/BkToCstmrStmt', 'Stmt']
      : ['Document/BkToCstmrDbtCdtNtfctn', 'Ntfctn'];
  const reports = list(statement ?? notification, reportName);
  const errors: StatementProblem[] = [];
  const entries: StatementEntry[] = [];
  if (reports.length === 0) errors.push({ at: outer, message: `no ${reportName} element` });
  reports.forEach((report, r) => {
    list(report, 'Ntry').forEach((entry, n) => {
      readEntry(entry, `${outer}/${reportName}[${r + 1}]/Ntry[${n + 1}]`, entries, errors);
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, format, entries };
}

/** What an entry says of itself, before any of it is checked. */
interface EntryFields {
  amountNode: unknown;
  amount: string | undefined;
  currency: string | undefined;
  indicator: string | undefined;
  status: string | undefined;
  reversalText: string | undefined;
  booked: string | undefined;
}

function entryFieldsOf(entry: unknown): EntryFields {
  const amountNode = child(entry, 'Amt');
  return {
    amountNode,
    amount: textOf(amountNode),
    currency: textOf(child(amountNode, '@Ccy')),
    indicator: textOf(child(entry, 'CdtDbtInd')),
    status: textOf(child(entry, 'Sts')),
    reversalText: textOf(child(entry, 'RvslInd')),
    booked:
      textOf(dig(entry, 'BookgDt', 'Dt')) ?? textOf(dig(entry, 'BookgDt', 'DtTm'))?.slice(0, 10),
  };
}

/** Each wrong field of the entry, in the order of the elements, as (path, message). */
function checkEntryFields(f: EntryFields, problem: (path: string, message: string) => void): void {
  const { amount, currency, indicator, status, reversalText, booked } = f;
  if (amount === undefined || !SEK_AMOUNT.test(amount)) {
    problem('Amt', `${JSON.stringify(amount ?? '')} is not an amount with at most 2 decimals`);
  }
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency))
    problem('Amt/@Ccy', 'the currency must be a 3-letter code');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    problem('CdtDbtInd', `must be CRDT or DBIT, not ${JSON.stringify(indicator ?? '')}`);
  }
  if (status === undefined || !['BOOK', 'PDNG', 'INFO'].includes(status)) {
    problem('Sts', `must be BOOK, PDNG or INFO, not ${JSON.stringify(status ?? '')}`);
  }
  if (reversalText !== undefined && !['true', 'false'].includes(reversalText))
    problem('RvslInd', 'must be true or false');
  if (status === 'BOOK' && (booked === undefined || !isCalendarDate(booked))) {
    const got = JSON.stringify(booked ?? '');
    problem('BookgDt/Dt', `a booked entry needs a booking date YYYY-MM-DD, not ${got}`);
  }
}

/** The fields every line of a (checked) entry shares. */
function entryBase(f: EntryFields) {
  return {
    bookedOn: f.booked ?? '',
    currency: f.currency!,
    direction: f.indicator === 'DBIT' ? ('debit' as const) : ('credit' as const),
    status: f.status!,
    reversal: f.reversalText === 'true',
  };
}

function readEntry(
  entry: unknown,
  at: string,
  entries: StatementEntry[],
  errors: StatementProblem[],
): void {
  const before = errors.length;
  const fields = entryFieldsOf(entry);
  checkEntryFields(fields, (path, message) => errors.push({ at: `${at}/${path}`, message }));
  const transactions = list(entry, 'NtryDtls').flatMap((details) => list(details, 'TxDtls'));
  if (errors.length > before) return;

  const base = entryBase(fields);
  const entryReference = textOf(child(entry, 'AcctSvcrRef'));
  const transactionCode = textOf(dig(entry, 'BkTxCd', 'Domn', 'Fmly', 'SubFmlyCd'));
  const freeText = textOf(child(entry, 'AddtlNtryInf'));
  const description = [transactionCode, freeText].filter(Boolean).join(' ');
  if (transactions.length === 0) {
    const amount = formatMoney(new Decimal(fields.amount!));
    const reference = entryReference ? { bankReference: entryReference } : {};
    entries.push({ at, ...base, amount, ...reference, description });
    return;
  }
  const single = transactions.length === 1;
  readBatch(entry, { at, base, fields, entryReference, description, single }, entries, errors);
}

interface Batch {
  at: string;
  base: ReturnType<typeof entryBase>;
  fields: EntryFields;
  entryReference: string | undefined;
  description: string;
  /** One transaction only: it may leave its amount to the entry. */
  single: boolean;
}

/** A batch: every transaction carries its own amount, and together they make the entry's. */
function readBatch(
  entry: unknown,
  batch: Batch,
  entries: StatementEntry[],
  errors: StatementProblem[],
): void {
  const before = errors.length;
  let total = new Decimal(0);
  list(entry, 'NtryDtls').forEach((details, d) => {
    list(details, 'TxDtls').forEach((tx, t) => {
      const txAt = `${batch.at}/NtryDtls[${d + 1}]/TxDtls[${t + 1}]`;
      const line = transactionLine(tx, txAt, batch);
      if ('message' in line) {
        errors.push(line);
        return;
      }
      total = total.plus(line.amount);
      entries.push(line);
    });
  });
  const amount = batch.fields.amount!;
  if (errors.length === before && !total.equals(amount)) {
    const says = formatMoney(new Decimal(amount));
    const message = `the entry says ${says} but its transactions make ${formatMoney(total)}`;
    errors.push({ at: `${batch.at}/Amt`, message });
  }
}

/** One transaction of a batch as its own line, or what is wrong with its amount. */
function transactionLine(
  tx: unknown,
  txAt: string,
  batch: Batch,
): StatementEntry | StatementProblem {
  const txAmountNode = dig(tx, 'AmtDtls', 'TxAmt', 'Amt') ?? dig(tx, 'AmtDtls', 'InstdAmt', 'Amt');
  let txAmount = textOf(txAmountNode);
  if (txAmount === undefined && batch.single) txAmount = batch.fields.amount;
  if (txAmount === undefined || !SEK_AMOUNT.test(txAmount)) {
    const got = JSON.stringify(txAmount ?? '');
    const message = `each transaction of a batch needs an amount with at most 2 decimals (got ${got})`;
    return { at: `${txAt}/AmtDtls/TxAmt/Amt`, message };
  }
  const txCurrency = textOf(child(txAmountNode, '@Ccy')) ?? batch.fields.currency!;
  const endToEndId = textOf(dig(tx, 'Refs', 'EndToEndId'));
  const creditorReference = list(dig(tx, 'RmtInf'), 'Strd')
    .map((s) => textOf(dig(s, 'CdtrRefInf', 'Ref')))
    .find((r) => r !== undefined);
  const bankReference = textOf(dig(tx, 'Refs', 'AcctSvcrRef')) ?? batch.entryReference;
  const unstructured = list(dig(tx, 'RmtInf'), 'Ustrd').map(textOf);
  const text = [batch.description, ...unstructured].filter(Boolean).join(' ');
  return {
    at: txAt,
    ...batch.base,
    amount: formatMoney(new Decimal(txAmount)),
    currency: txCurrency,
    // "NOTPROVIDED" is what banks write when the payer gave no EndToEndId.
    ...(endToEndId && endToEndId !== 'NOTPROVIDED' ? { endToEndId } : {}),
    ...(creditorReference ? { creditorReference } : {}),
    ...(bankReference ? { bankReference } : {}),
    description: text,
  };
}
