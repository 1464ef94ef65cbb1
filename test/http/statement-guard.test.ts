// interfaces.md "Bank files": a statement with a DOCTYPE or an entity declaration (a bank
// statement never has one), nesting no statement has, or more than 100 000 entries is
// refused with INVALID_INPUT naming the problem (400, or 413 for a file too large) before
// any XML parser runs: never a 500, never an entity expanded, nothing recorded.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { guardStatementXml, STATEMENT_MAX_ENTRIES } from '../../infra/bank/xml-guard.js';
import { GRANT, loadFoundingCase, startTestServer, type TestServer } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ app: { reconcileBodyLimit: 8 * 1024 * 1024 } });
  await loadFoundingCase(server);
});
afterAll(async () => {
  await server.close();
});

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';
const camt = (entries: string) =>
  `<?xml version="1.0"?>\n<Document xmlns="${NS}"><BkToCstmrStmt><Stmt>${entries}</Stmt></BkToCstmrStmt></Document>`;
const ENTRY =
  '<Ntry><Amt Ccy="SEK">142779.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>' +
  '<BookgDt><Dt>2023-05-04</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>&lol9;</EndToEndId>' +
  '</Refs></TxDtls></NtryDtls></Ntry>';
const LAUGHS = [
  '<!DOCTYPE Document [',
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => {
    const before = i === 0 ? 'lol' : `lol${i}`;
    return `<!ENTITY lol${i + 1} "${`&${before};`.repeat(10)}">`;
  }),
  ']>',
].join('\n');

const cases: [string, string, number, string, RegExp][] = [
  [
    'a DOCTYPE with nested entities (billion laughs)',
    camt(ENTRY).replace('\n', `\n${LAUGHS}\n`),
    400,
    'DOCTYPE',
    /document type declaration/,
  ],
  [
    'an entity declaration without a DOCTYPE around it',
    camt(ENTRY).replace('\n', '\n<!ENTITY x SYSTEM "file:///etc/passwd">\n'),
    400,
    'ENTITY',
    /ENTITY/,
  ],
  [
    'elements nested 50 000 deep',
    camt(`${'<Ntry>'.repeat(50_000)}${'</Ntry>'.repeat(50_000)}`),
    400,
    'Ntry',
    /nested more than 64 deep/,
  ],
  [
    `${STATEMENT_MAX_ENTRIES + 1} entries`,
    camt('<Ntry/>'.repeat(STATEMENT_MAX_ENTRIES + 1)),
    413,
    'Ntry',
    /more than 100000 entries/,
  ],
];

describe('statements refused before parsing', () => {
  test.each(cases)(
    'given %s, when posted to /reconcile, then it is refused naming it and nothing is recorded',
    async (_what, xml, status, at, message) => {
      const before = await server.call('GET', `/grants/${encodeURIComponent(GRANT)}/history`, {
        who: 'auditor',
      });
      const answer = await server.call('POST', '/reconcile', {
        who: 'finance',
        raw: xml,
        contentType: 'application/xml',
      });
      expect(answer.status).toBe(status);
      expect(answer.body.error).toMatchObject({ code: 'INVALID_INPUT', path: at });
      expect(answer.body.error.message).toMatch(message);
      expect(answer.text).not.toMatch(/lollol/);
      const after = await server.call('GET', `/grants/${encodeURIComponent(GRANT)}/history`, {
        who: 'auditor',
      });
      expect(after.body).toEqual(before.body);
    },
  );

  test('given an ordinary statement with comments and CDATA, when guarded, then it passes', () => {
    const xml = camt(
      `<!-- <!DOCTYPE in a comment --><![CDATA[<!ENTITY no>]]>${ENTRY.replace('&lol9;', 'E2E')}`,
    );
    expect(guardStatementXml(xml)).toBeUndefined();
  });
});
