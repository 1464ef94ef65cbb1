// interfaces.md "Operations" and "Bank files": text is cut only between characters, so a
// payee name or a grant id of any valid Unicode (astral characters, combining sequences,
// the longest names the schema takes) can never stop a bank file. Each run makes a real
// ledger on a SQLite file with such a grant and makes its payment file; then a file of
// the same id comes back byte for byte, and a payment of another grant in the same run
// goes into the same file.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isWellFormed } from '../../domain/unicode.js';
import { makePaymentFile } from '../../infra/bank/payment-files.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import { DEBTOR, FINANCE, grantWithAdvance, testLedger } from './support.js';

const BANKGIRO = { bankgiro: '5402-9681' };
const COMBINING = ['\u0301', '\u0308', '\u030a', '\u0327', '\u20dd', '\u{1f3fd}', '\u200d'];

/** Text with astral characters and combining marks where a cut at 140 or 70 could fall. */
const hostileText = (minLength: number, maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
        fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🇸🇪', '𝔄', '𠀋', 'å', 'Ö'),
        fc
          .tuple(fc.constantFrom('e', 'a', '😀', 'Z'), fc.constantFrom(...COMBINING))
          .map(([base, mark]) => base + mark),
      ),
      { minLength, maxLength },
    )
    .map((parts) => parts.join('').normalize('NFC').trim())
    .filter((t) => t.length > 0 && !/\p{Cc}/u.test(t));

/**
 * Grant ids as the schema takes them: letters and digits of any one script (domain.md: no
 * letters of two scripts in one id), with their marks, astral letters, / . - §.
 */
const SCRIPTS = [['å', 'e\u0301', 'Ö', 'ß', 'a\u0308\u0301', '𝔄'], ['𠀋', '中'], ['ع'], ['𐐀']];
const SHARED = ['7', '/', '-', '§', '𝔄'];
const grantIdOfAnyScript = fc
  .constantFrom(...SCRIPTS)
  .chain((letters) =>
    fc.array(fc.constantFrom(...letters, ...SHARED), { minLength: 1, maxLength: 70 }),
  )
  .map((parts) => within(100)(parts.join('').normalize('NFC')))
  .filter((id) => id.length > 0);

/** The longest text within `max` UTF-16 units: what the schema still takes. */
const within = (max: number) => (t: string) => {
  let out = '';
  for (const c of t) if (out.length + c.length <= max) out += c;
  return out.trim();
};

describe('a bank file whatever the payee and grant are called', () => {
  test('given a payee name (up to 300 units) and a grant id (up to 100) of any valid Unicode, when the payment file is made, then it is written, valid, and given again byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText(60, 160).map(within(300)),
        grantIdOfAnyScript,
        async (payee, grantId) => {
          fc.pre(payee.length > 0);
          // given a grant of that name and an ordinary one, both with an attested advance
          const t = await testLedger();
          try {
            await grantWithAdvance(t, grantId, { payee, account: BANKGIRO });
            await grantWithAdvance(t, 'RUN/1/2023', { account: BANKGIRO });
            // when the payment file is made
            const request = { executionDate: '2023-05-03', debtor: DEBTOR, actor: FINANCE };
            const file = await makePaymentFile(t.ledger, request);
            // then both payments are in it, the names whole characters, the XML valid
            expect(file.payments.map((p) => p.paymentId)).toEqual(['adv-1', 'adv-1']);
            expect(file.notWritten).toEqual([]);
            for (const p of file.payments) {
              expect(isWellFormed(p.creditor.name)).toBe(true);
              expect(isWellFormed(p.remittance)).toBe(true);
              expect(payee.startsWith(file.payments[0]!.creditor.name)).toBe(true);
            }
            expect(validateXml(file.xml!, PAIN_001_XSD)).toMatchObject({ valid: true });
            // and the same id gives the same bytes
            const again = await makePaymentFile(t.ledger, { ...request, fileId: file.fileId });
            expect(again.repeated).toBe(true);
            expect(again.xml).toBe(file.xml);
          } finally {
            await t.dispose();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
