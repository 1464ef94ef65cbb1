// The text of a bank statement file as the bank wrote it. Internet banks export CSV in
// UTF-8 (with or without a byte order mark) or in Windows-1252 (Excel's Swedish default);
// an XML statement is UTF-8. The bytes decide: valid UTF-8 is read as UTF-8, anything else
// as Windows-1252 — unless the configuration names the encoding.

import iconv from 'iconv-lite';

export type StatementEncoding = 'utf-8' | 'windows-1252';

// Node's TextDecoder reads "windows-1252" as Latin-1 (0x96 becomes a control character,
// not the en dash); iconv-lite has the real Windows-1252 table.
const windows1252 = (bytes: Uint8Array) => iconv.decode(Buffer.from(bytes), 'win1252');

export function decodeStatement(input: string | Uint8Array, encoding?: StatementEncoding): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
  if (bom) return new TextDecoder('utf-8').decode(input.subarray(3));
  if (encoding === 'windows-1252') return windows1252(input);
  if (encoding !== undefined) return new TextDecoder(encoding).decode(input);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    // Not UTF-8: å, ä and ö as single bytes (0xE5, 0xE4, 0xF6) are Windows-1252.
    return windows1252(input);
  }
}
