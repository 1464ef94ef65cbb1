// pain.001.001.03 (ISO 20022 customer credit transfer initiation) in the Swedish banks'
// dialect (interfaces.md "Bank files"; the Swedish common interpretation and the banks'
// implementation guides): the bank agreement id in `InitgPty`, the debtor account as the
// bank wants it (bankgiro BGNR or IBAN) and its BIC; one `PmtInf` per execution date, and
// payments abroad in a `PmtInf` of their own; `BtchBookg false` (one booking a payment, so
// the statement matches payment by payment), category purpose SUPP, `ChrgBr SHAR` (SLEV is
// for SEPA euro payments only); bankgiro payees with creditor agent SESBA 9900, PlusGiro
// payees as BBAN with SESBA 9960; every text in the banks' character set. Built with
// xmlbuilder2, which escapes every text; the input is exactly what the PaymentExported
// events recorded, so the same file id always gives the same bytes.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { EventOf } from '../../domain/grant/events.js';
import type { PayoutAccount } from '../../domain/bank/payout-account.js';
import { Decimal, formatMoney } from '../../domain/money.js';
import { bankText } from './bank-charset.js';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';
/** The clearing numbers of Bankgirot and PlusGirot in the Swedish clearing system (SESBA). */
const BANKGIROT_CLEARING = '9900';
const PLUSGIROT_CLEARING = '9960';
const NAME_MAX = 70;
const REMITTANCE_MAX = 140;

export type ExportedPayment = EventOf<'PaymentExported'>['data'] & { grantId: string };

export interface PaymentFile {
  fileId: string;
  /** When the file was first made (GrpHdr/CreDtTm). */
  createdAt: string;
  payments: readonly ExportedPayment[];
}

const sumOf = (payments: readonly ExportedPayment[]) =>
  formatMoney(payments.reduce((s, p) => s.plus(p.amount), new Decimal(0)));

/** A payee abroad: an IBAN of another country than Sweden (paid in a batch of its own). */
export function isAbroad(account: PayoutAccount): boolean {
  return 'iban' in account && !account.iban.toUpperCase().startsWith('SE');
}

/**
 * The PmtInfId of one batch of a file: the file id, the execution date and, for the batch of
 * payments abroad, `-X` (≤ 35 characters). The bank repeats it on a batch booking
 * (`NtryDtls/Btch/PmtInfId`), so reconciliation finds the batch's payments by it.
 */
export function paymentInfoIdOf(fileId: string, executionDate: string, abroad: boolean): string {
  const day = executionDate.replaceAll('-', '');
  return abroad ? `${fileId.slice(0, 24)}-${day}-X` : `${fileId.slice(0, 26)}-${day}`;
}

/** `FinInstnId/ClrSysMmbId` in the Swedish clearing system (SESBA). */
function clearingAgent(parent: XMLBuilder, member: string): void {
  const id = parent.ele('FinInstnId').ele('ClrSysMmbId');
  id.ele('ClrSysId').ele('Cd').txt('SESBA');
  id.ele('MmbId').txt(member);
}

/** `Id`: `Othr/Id` BGNR for a bankgiro, BBAN for a PlusGiro, or `IBAN`. */
function accountId(parent: XMLBuilder, account: PayoutAccount): void {
  const id = parent.ele('Id');
  if ('iban' in account) {
    id.ele('IBAN').txt(account.iban.replace(/\s/g, '').toUpperCase());
    return;
  }
  const digits = (n: string) => n.replace(/\D/g, '');
  const other = id.ele('Othr');
  if ('bankgiro' in account) {
    other.ele('Id').txt(digits(account.bankgiro)).up().ele('SchmeNm').ele('Prtry').txt('BGNR');
  } else {
    other.ele('Id').txt(digits(account.plusgiro)).up().ele('SchmeNm').ele('Cd').txt('BBAN');
  }
}

/** The creditor agent: Bankgirot or PlusGirot by clearing number, or the payee bank's BIC. */
function creditorAgent(tx: XMLBuilder, account: PayoutAccount): void {
  if ('bankgiro' in account) clearingAgent(tx.ele('CdtrAgt'), BANKGIROT_CLEARING);
  else if ('plusgiro' in account) clearingAgent(tx.ele('CdtrAgt'), PLUSGIROT_CLEARING);
  else if (account.bic) tx.ele('CdtrAgt').ele('FinInstnId').ele('BIC').txt(account.bic);
}

/** The CreDtTm of a file: an ISO date-time to the second, in UTC. */
const creationTime = (createdAt: string) => `${createdAt.slice(0, 19)}Z`;

type Debtor = ExportedPayment['debtor'];

function groupHeader(root: XMLBuilder, file: PaymentFile, payments: ExportedPayment[]): void {
  const debtor = payments[0]!.debtor;
  const header = root.ele('GrpHdr');
  header.ele('MsgId').txt(file.fileId);
  header.ele('CreDtTm').txt(creationTime(file.createdAt));
  header.ele('NbOfTxs').txt(String(payments.length));
  header.ele('CtrlSum').txt(sumOf(payments));
  const party = header.ele('InitgPty');
  party.ele('Nm').txt(bankText(debtor.name, NAME_MAX));
  if (debtor.agreementId !== undefined) {
    const other = party.ele('Id').ele('OrgId').ele('Othr');
    other.ele('Id').txt(debtor.agreementId).up().ele('SchmeNm').ele('Cd').txt('BANK');
  }
}

/** The payer's side of a batch: name, account as the bank wants it, and its bank. */
function debtorOf(info: XMLBuilder, debtor: Debtor): void {
  info.ele('Dbtr').ele('Nm').txt(bankText(debtor.name, NAME_MAX));
  const account = info.ele('DbtrAcct');
  accountId(account, debtor.iban ? { iban: debtor.iban } : { bankgiro: debtor.bankgiro });
  account.ele('Ccy').txt('SEK');
  const agent = info.ele('DbtrAgt');
  if (debtor.bic) agent.ele('FinInstnId').ele('BIC').txt(debtor.bic);
  else clearingAgent(agent, BANKGIROT_CLEARING);
}

function transaction(info: XMLBuilder, p: ExportedPayment): void {
  const tx = info.ele('CdtTrfTxInf');
  tx.ele('PmtId').ele('EndToEndId').txt(p.endToEndId);
  tx.ele('Amt').ele('InstdAmt', { Ccy: 'SEK' }).txt(p.amount);
  const account = p.creditor.account;
  creditorAgent(tx, account);
  const creditor = tx.ele('Cdtr');
  creditor.ele('Nm').txt(bankText(p.creditor.name, NAME_MAX));
  if ('iban' in account && isAbroad(account)) {
    creditor.ele('PstlAdr').ele('Ctry').txt(account.iban.slice(0, 2).toUpperCase());
  }
  accountId(tx.ele('CdtrAcct'), account);
  tx.ele('RmtInf').ele('Ustrd').txt(bankText(p.remittance, REMITTANCE_MAX));
}

/** One batch: the payments of one execution date, in Sweden or abroad. */
function paymentInfo(
  root: XMLBuilder,
  file: PaymentFile,
  batch: { date: string; abroad: boolean; payments: ExportedPayment[] },
): void {
  const info = root.ele('PmtInf');
  info.ele('PmtInfId').txt(paymentInfoIdOf(file.fileId, batch.date, batch.abroad));
  info.ele('PmtMtd').txt('TRF');
  info.ele('BtchBookg').txt('false');
  info.ele('NbOfTxs').txt(String(batch.payments.length));
  info.ele('CtrlSum').txt(sumOf(batch.payments));
  const type = info.ele('PmtTpInf');
  type.ele('SvcLvl').ele('Cd').txt('NURG');
  type.ele('CtgyPurp').ele('Cd').txt('SUPP');
  info.ele('ReqdExctnDt').txt(batch.date);
  debtorOf(info, batch.payments[0]!.debtor);
  // SLEV is SEPA's (euro); a SEK payment shares the charges.
  info.ele('ChrgBr').txt('SHAR');
  for (const p of batch.payments) transaction(info, p);
}

export function buildPain001(file: PaymentFile): string {
  // Ordered by execution date, then EndToEndId: the file never depends on read order.
  const payments = [...file.payments].sort(
    (a, b) =>
      a.executionDate.localeCompare(b.executionDate) || a.endToEndId.localeCompare(b.endToEndId),
  );
  if (payments.length === 0) throw new Error(`payment file ${file.fileId} has no payments`);
  const root = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(PAIN_001_NAMESPACE, 'Document')
    .ele('CstmrCdtTrfInitn');
  groupHeader(root, file, payments);
  for (const date of [...new Set(payments.map((p) => p.executionDate))]) {
    for (const abroad of [false, true]) {
      const batch = payments.filter(
        (p) => p.executionDate === date && isAbroad(p.creditor.account) === abroad,
      );
      if (batch.length > 0) paymentInfo(root, file, { date, abroad, payments: batch });
    }
  }
  return root.end({ prettyPrint: true });
}
