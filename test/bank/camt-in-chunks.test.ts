// A large statement read a few hundred entries at a time says exactly what parseCamt says
// of the whole file: the same entries, the same problems at the same element paths.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseCamt } from '../../infra/bank/camt.js';
import { parseCamtInChunks } from '../../infra/bank/camt-in-chunks.js';
import { ROOT } from '../cli/support.js';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';
const entry = (i: number, amount = '100.00') =>
  `<Ntry><Amt Ccy="SEK">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>` +
  `<BookgDt><Dt>2023-05-03</Dt></BookgDt><AcctSvcrRef>R${i}</AcctSvcrRef><NtryDtls><TxDtls>` +
  `<Refs><EndToEndId>E2E-${i}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>\n`;
const statement = (id: string, entries: string[]) =>
  `<Stmt><Id>${id}</Id><Acct><Id><Othr><Id>50501055</Id></Othr></Id></Acct>${entries.join('')}</Stmt>`;
const documentOf = (statements: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!-- two statements --><Document xmlns="${NS}">` +
  `<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>${statements.join('')}</BkToCstmrStmt></Document>`;

/** Two statements of 450 entries; the second's entries at `bad` (0-based) have a bad amount. */
function twoStatements(bad: number[]): string {
  const ids = Array.from({ length: 450 }, (_, i) => i);
  return documentOf([
    statement(
      'S1',
      ids.map((i) => entry(i)),
    ),
    statement(
      'S2',
      ids.map((i) => entry(1000 + i, bad.includes(i) ? '1x' : '100.00')),
    ),
  ]);
}

describe('a camt statement read in chunks', () => {
  test('given the hand-written fixture, when read in chunks, then the result is parseCamt’s', async () => {
    const fixture = path.join(ROOT, 'test/fixtures/bank/camt053-statement.xml');
    const xml = fs.readFileSync(fixture, 'utf8');
    expect(await parseCamtInChunks(xml)).toEqual(parseCamt(xml));
  });

  test('given two statements of 450 entries each, when read in chunks, then the entries and their paths are parseCamt’s', async () => {
    const xml = twoStatements([]);
    const whole = parseCamt(xml);
    expect(whole.ok && whole.entries.length).toBe(900);
    expect(await parseCamtInChunks(xml)).toEqual(whole);
  });

  test('given bad amounts in the second statement past the first chunk, when read in chunks, then the problems name the same elements', async () => {
    const xml = twoStatements([300, 449]);
    const whole = parseCamt(xml);
    expect(whole.ok ? [] : whole.errors.map((e) => e.at)).toEqual([
      'Document/BkToCstmrStmt/Stmt[2]/Ntry[301]/Amt',
      'Document/BkToCstmrStmt/Stmt[2]/Ntry[450]/Amt',
    ]);
    expect(await parseCamtInChunks(xml)).toEqual(whole);
  });
});
