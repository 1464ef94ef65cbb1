// A small camt.054 debit/credit notification as a bank sends it, built from the lines a
// test needs: a payment booked, one returned (RvslInd), a line the ledger cannot know.
export interface CamtLine {
  amount: string;
  direction: 'DBIT' | 'CRDT';
  bookedOn: string;
  bankReference: string;
  endToEndId?: string;
  reversal?: boolean;
}

function entry(l: CamtLine): string {
  const refs = l.endToEndId
    ? `<NtryDtls><TxDtls><Refs><EndToEndId>${l.endToEndId}</EndToEndId></Refs></TxDtls></NtryDtls>`
    : '';
  return [
    `<Ntry><Amt Ccy="SEK">${l.amount}</Amt>`,
    l.reversal ? '<RvslInd>true</RvslInd>' : '',
    `<CdtDbtInd>${l.direction}</CdtDbtInd><Sts>BOOK</Sts>`,
    `<BookgDt><Dt>${l.bookedOn}</Dt></BookgDt>`,
    `<AcctSvcrRef>${l.bankReference}</AcctSvcrRef>${refs}</Ntry>`,
  ].join('');
}

export function camt054(lines: readonly CamtLine[], account = '50501055'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>N1</MsgId><CreDtTm>2023-05-04T10:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N1</Id><CreDtTm>2023-05-04T10:00:00</CreDtTm><Acct><Id><Othr><Id>${account}</Id></Othr></Id></Acct>
${lines.map(entry).join('\n')}
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
}
