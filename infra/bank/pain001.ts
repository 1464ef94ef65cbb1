// pain.001.001.03 (ISO 20022 customer credit transfer initiation) as Swedish banks take
// it (interfaces.md "Bank files"): the region's bankgiro as the debtor account (`Othr/Id`
// with `SchmeNm/Prtry` BGNR), one `PmtInf` per execution date, one `CdtTrfTxInf` per
// payment. Built with xmlbuilder2, which escapes every text; the input is exactly what the
// PaymentExported events recorded, so the same file id always gives the same bytes.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { EventOf } from '../../domain/grant/events.js';
import type { PayoutAccount } from '../../domain/bank/payout-account.js';
import { Decimal, formatMoney } from '../../domain/money.js';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';
/** Bankgirot's clearing number: the debtor agent of a bankgiro payment. */
const BANKGIROT_CLEARING = '9900';

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

/** `Othr/Id` with a proprietary scheme (BGNR, PGNR), or `IBAN`. */
function accountId(parent: XMLBuilder, account: PayoutAccount): void {
  const id = parent.ele('Id');
  if ('iban' in account) {
    id.ele('IBAN').txt(account.iban);
    return;
  }
  const [number, scheme] =
    'bankgiro' in account ? [account.bankgiro, 'BGNR'] : [account.plusgiro, 'PGNR'];
  id.ele('Othr').ele('Id').txt(number).up().ele('SchmeNm').ele('Prtry').txt(scheme);
}

/** The CreDtTm of a file: an ISO date-time to the second, in UTC. */
const creationTime = (createdAt: string) => `${createdAt.slice(0, 19)}Z`;

export function buildPain001(file: PaymentFile): string {
  // Ordered by execution date, then EndToEndId: the file never depends on read order.
  const payments = [...file.payments].sort(
    (a, b) =>
      a.executionDate.localeCompare(b.executionDate) || a.endToEndId.localeCompare(b.endToEndId),
  );
  if (payments.length === 0) throw new Error(`payment file ${file.fileId} has no payments`);
  const debtor = payments[0]!.debtor;
  const root = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(PAIN_001_NAMESPACE, 'Document')
    .ele('CstmrCdtTrfInitn');
  root
    .ele('GrpHdr')
    .ele('MsgId')
    .txt(file.fileId)
    .up()
    .ele('CreDtTm')
    .txt(creationTime(file.createdAt))
    .up()
    .ele('NbOfTxs')
    .txt(String(payments.length))
    .up()
    .ele('CtrlSum')
    .txt(sumOf(payments))
    .up()
    .ele('InitgPty')
    .ele('Nm')
    .txt(debtor.name);

  const dates = [...new Set(payments.map((p) => p.executionDate))];
  for (const date of dates) {
    const onDate = payments.filter((p) => p.executionDate === date);
    const info = root.ele('PmtInf');
    info
      .ele('PmtInfId')
      .txt(paymentInfoIdOf(file.fileId, date, false))
      .up()
      .ele('PmtMtd')
      .txt('TRF')
      .up()
      .ele('NbOfTxs')
      .txt(String(onDate.length))
      .up()
      .ele('CtrlSum')
      .txt(sumOf(onDate))
      .up()
      .ele('PmtTpInf')
      .ele('SvcLvl')
      .ele('Cd')
      .txt('NURG')
      .up()
      .up()
      .up()
      .ele('ReqdExctnDt')
      .txt(date)
      .up()
      .ele('Dbtr')
      .ele('Nm')
      .txt(debtor.name);
    const debtorAccount = info.ele('DbtrAcct');
    accountId(debtorAccount, { bankgiro: debtor.bankgiro });
    debtorAccount.ele('Ccy').txt('SEK');
    info.ele('DbtrAgt').ele('FinInstnId').ele('ClrSysMmbId').ele('MmbId').txt(BANKGIROT_CLEARING);
    info.ele('ChrgBr').txt('SLEV');
    for (const p of onDate) {
      const tx = info.ele('CdtTrfTxInf');
      tx.ele('PmtId').ele('EndToEndId').txt(p.endToEndId);
      tx.ele('Amt').ele('InstdAmt', { Ccy: 'SEK' }).txt(p.amount);
      const account = p.creditor.account;
      if ('iban' in account && account.bic)
        tx.ele('CdtrAgt').ele('FinInstnId').ele('BIC').txt(account.bic);
      tx.ele('Cdtr').ele('Nm').txt(p.creditor.name);
      accountId(tx.ele('CdtrAcct'), account);
      tx.ele('RmtInf').ele('Ustrd').txt(p.remittance);
    }
  }
  return root.end({ prettyPrint: true });
}
